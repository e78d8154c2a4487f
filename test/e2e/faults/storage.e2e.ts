/** Fault suite (see fault-kit.ts): A full disk, a quota smaller than the file, orphaned staged files. */
import { describe, expect, it } from 'vitest';
import {
  OUTPUT_DIR,
  STAGING_DIR,
  listStaging,
  opfsFileSize,
  pollUntil,
  putOpfsFile,
  row,
  rowButton,
  sampleRow,
  waitForAnyStatus,
  waitForListReady,
  waitForProgress,
  waitForStatus,
  waitForStatusChange,
} from '../harness';
import { MiB, file, recorder, useFaultKit } from './fault-kit';

const { e2e, faultCase, expectExact, completesExact, startOne } = useFaultKit('storage');

describe('storage', () => {
  it('a full quota pauses with "Not enough space", keeps the staged bytes, and finishes once there is room', async () => {
    // Over 8 MiB: a smaller file is held in memory until it is saved, and needs no staging space.
    const f = file('quota.bin', 12 * MiB, 5601);
    await faultCase([f.name], async () => {
      const app = await e2e.newAppPage();
      const cdp = await app.context.newCDPSession(app.page);
      // Room to stage the file but not to stage and save it.
      await cdp.send('Storage.overrideQuotaForOrigin', { origin: e2e.appOrigin, quotaSize: Math.round(1.5 * f.size) });
      const target = await startOne(app, f, { rate: 3_000_000 });
      const paused = await waitForAnyStatus(target, ['paused', 'failed', 'completed'], 60_000);
      expect(paused.status, `row: ${JSON.stringify(paused.text)}`).toBe('paused');
      expect(paused.reason ?? '', `row: ${JSON.stringify(paused.text)}`).toContain('Not enough space');
      e2e.origin.recordFault(f.name, 'quota');
      const sentAtPause = e2e.origin.stats(f.name).bytesSent;
      const staged = paused.value ?? 0;
      console.log(`[faults] quota: paused with ${staged} of ${f.size} bytes staged`);

      await cdp.send('Storage.overrideQuotaForOrigin', { origin: e2e.appOrigin });
      await rowButton(target, 'Resume').click();
      await waitForStatusChange(target, 'paused');
      await completesExact(app, f);
      const resent = e2e.origin.stats(f.name).bytesSent - sentAtPause;
      expect(resent, `bytes fetched after Resume (${staged} were staged)`).toBeLessThanOrEqual(f.size - staged + MiB);
    });
  });

  it('a quota smaller than the file: pauses with "Not enough space" partway, keeps what is staged, finishes once there is room', async () => {
    const f = file('quota-small.bin', 12 * MiB, 5603);
    await faultCase([f.name], async () => {
      const app = await e2e.newAppPage();
      const cdp = await app.context.newCDPSession(app.page);
      // Chromium enforces the override on writes; estimate() does not show it, so this is the
      // case where the space runs out during the download.
      await cdp.send('Storage.overrideQuotaForOrigin', { origin: e2e.appOrigin, quotaSize: f.size / 2 });
      const target = await startOne(app, f, { rate: 2_000_000 });
      const paused = await waitForAnyStatus(target, ['paused', 'failed', 'completed'], 60_000);
      expect(paused.status, `row: ${JSON.stringify(paused.text)}`).toBe('paused');
      expect(paused.reason ?? '', `row: ${JSON.stringify(paused.text)}`).toContain('Not enough space');
      e2e.origin.recordFault(f.name, 'quota');
      // What the row says is kept must be on disk: the staged file holds at most its size in bytes.
      await app.page.reload();
      await waitForListReady(app.page);
      const kept = await sampleRow(row(app.page, f.name));
      const stagedFiles = await listStaging(app.page);
      const onDisk = (await Promise.all(stagedFiles.map((n) => opfsFileSize(app.page, STAGING_DIR, n)))).reduce<number>((a, b) => a + (b ?? 0), 0);
      console.log(`[faults] small quota: the row shows ${kept.value} bytes kept; the staged file holds ${onDisk}`);
      // Soft: the test goes on to show what Resume then does with those bytes.
      expect.soft(kept.value ?? 0, `bytes the row says are kept vs the ${onDisk} bytes of the staged file`).toBeLessThanOrEqual(onDisk);

      await cdp.send('Storage.overrideQuotaForOrigin', { origin: e2e.appOrigin });
      const before = e2e.origin.stats(f.name);
      const seen = recorder();
      await rowButton(row(app.page, f.name), 'Resume').click();
      await waitForStatusChange(row(app.page, f.name), 'paused');
      const done = await waitForStatus(row(app.page, f.name), 'completed', 60_000, seen.onSample);
      await expectExact(app.page, f.name, f.size, f.seed);
      const resent = e2e.origin.stats(f.name).bytesSent - before.bytesSent;
      expect(`${seen.notes()} | ${done.notes.join(' | ')}`, 'no restart').not.toMatch(/lost|started again/i);
      expect(resent, `bytes fetched after Resume (${kept.value} kept)`).toBeLessThanOrEqual(f.size - (kept.value ?? 0) + MiB);
    });
  });

  it('a small file needs no room to stage: with space for the saved file alone it is saved byte-exact', async () => {
    const f = file('quota-fits.bin', 6 * MiB, 5607);
    await faultCase([f.name], async () => {
      const app = await e2e.newAppPage();
      const cdp = await app.context.newCDPSession(app.page);
      // The saved file fits; a staged copy of it beside the saved one would not.
      await cdp.send('Storage.overrideQuotaForOrigin', { origin: e2e.appOrigin, quotaSize: Math.round(1.5 * f.size) });
      await startOne(app, f, { rate: 3_000_000 });
      e2e.origin.recordFault(f.name, 'quota');
      await completesExact(app, f);
      expect(await listStaging(app.page), 'nothing was staged on disk').toEqual([]);
      await cdp.send('Storage.overrideQuotaForOrigin', { origin: e2e.appOrigin });
    });
  });

  it('space that runs out at the start and is freed midway never leaves a Completed file with holes', async () => {
    const f = file('quota-freed.bin', 12 * MiB, 5604);
    await faultCase([f.name], async () => {
      const app = await e2e.newAppPage();
      const cdp = await app.context.newCDPSession(app.page);
      await cdp.send('Storage.overrideQuotaForOrigin', { origin: e2e.appOrigin, quotaSize: f.size / 2 });
      const target = await startOne(app, f, { rate: 600_000 });
      // Past the half that fits (or stopped for the lack of space), the space comes back.
      const midway = await pollUntil(
        async () => {
          const s = await sampleRow(target);
          if (s.status === 'paused' || s.status === 'failed' || s.status === 'completed') return s;
          return s.value !== null && s.max !== null && s.value >= 0.6 * s.max ? s : undefined;
        },
        60_000,
        async () => `never got past 60%: ${JSON.stringify((await sampleRow(target)).text)}`,
      );
      e2e.origin.recordFault(f.name, 'quota');
      await cdp.send('Storage.overrideQuotaForOrigin', { origin: e2e.appOrigin });
      console.log(`[faults] quota freed at: ${JSON.stringify(midway.text)}`);
      let outcome = midway.status === 'downloading' || midway.status === 'queued'
        ? await waitForAnyStatus(target, ['paused', 'failed', 'completed'], 60_000)
        : midway;
      if (outcome.status === 'paused') {
        expect(outcome.reason ?? '').toContain('Not enough space');
        await rowButton(target, 'Resume').click();
        await waitForStatusChange(target, 'paused');
        outcome = await waitForAnyStatus(target, ['paused', 'failed', 'completed'], 60_000);
      }
      expect(outcome.status, `row: ${JSON.stringify(outcome.text)}`).toBe('completed');
      await expectExact(app.page, f.name, f.size, f.seed);
    });
  });

  it('space that runs out while a file of unknown length streams in pauses it, and it finishes once there is room', async () => {
    // Without Content-Length nothing can be reserved up front, so the staging writes themselves
    // hit the quota (where Chromium's write() reports an error code instead of throwing).
    const f = file('quota-stream.bin', 12 * MiB, 5605);
    await faultCase([f.name], async () => {
      const app = await e2e.newAppPage();
      const cdp = await app.context.newCDPSession(app.page);
      await cdp.send('Storage.overrideQuotaForOrigin', { origin: e2e.appOrigin, quotaSize: f.size / 2 });
      const target = await startOne(app, f, { nolength: 1, norange: 1, rate: 4_000_000 });
      const paused = await waitForAnyStatus(target, ['paused', 'failed', 'completed'], 60_000);
      expect(paused.status, `row: ${JSON.stringify(paused.text)}`).toBe('paused');
      expect(paused.reason ?? '').toContain('Not enough space');
      e2e.origin.recordFault(f.name, 'quota');
      const staged = await listStaging(app.page);
      const onDisk = (await Promise.all(staged.map((n) => opfsFileSize(app.page, STAGING_DIR, n)))).reduce<number>((a, b) => a + (b ?? 0), 0);
      expect(onDisk, 'the quota held: the staged file stayed under it').toBeLessThanOrEqual(f.size / 2);

      await cdp.send('Storage.overrideQuotaForOrigin', { origin: e2e.appOrigin });
      await rowButton(target, 'Resume').click();
      await waitForStatusChange(target, 'paused');
      await completesExact(app, f);
    });
  });

  it.skip('a revoked save permission keeps the staged file and offers Allow / Save as… (no honest way in headless Chromium)', () => {
    // The e2e pickers hand out OPFS handles, whose permission is always "granted"; CDP's
    // Browser.setPermission has no File System Access permission type, and headless Chromium
    // has no real save dialog. Faking queryPermission would test the fake, not the app.
  });

  it('removes orphaned staged files at start-up and touches nothing else', async () => {
    const live = file('orphans-live.bin', 4 * MiB, 5602);
    const app = await e2e.newAppPage();
    const target = await startOne(app, live, { rate: 500_000 });
    await waitForProgress(target, 0.1, 30_000);
    await rowButton(target, 'Pause').click();
    await waitForStatus(target, 'paused', 15_000);
    const liveStaged = await listStaging(app.page);
    expect(liveStaged.length, 'the paused job has a staged file').toBe(1);

    await putOpfsFile(app.page, STAGING_DIR, 'orphan-00000000.part', 3000);
    await putOpfsFile(app.page, STAGING_DIR, 'leftover.tmp', 10);
    await putOpfsFile(app.page, '', 'keep-me.bin', 1234);
    await putOpfsFile(app.page, OUTPUT_DIR, 'keep-too.bin', 99);
    // What an entry of a ZIP being inflated when the tab crashed leaves behind.
    await putOpfsFile(app.page, 'rangefetch-unzip', 'crashed-00000000.part', 5000);
    await app.page.reload();
    await waitForListReady(app.page);

    let staging: string[] = [];
    await pollUntil(
      async () => {
        staging = await listStaging(app.page);
        return staging.length === liveStaged.length ? true : undefined;
      },
      10_000,
      () => `staging still holds ${JSON.stringify(staging)}`,
    );
    expect(staging, 'the live job keeps its staged file').toEqual(liveStaged);
    expect(await opfsFileSize(app.page, '', 'keep-me.bin')).toBe(1234);
    expect(await opfsFileSize(app.page, OUTPUT_DIR, 'keep-too.bin')).toBe(99);
    await pollUntil(async () => ((await opfsFileSize(app.page, 'rangefetch-unzip', 'crashed-00000000.part')) === null ? true : undefined), 10_000, () => 'the half-inflated entry is still there');

    await rowButton(row(app.page, live.name), 'Resume').click();
    await completesExact(app, live);
  });
});
