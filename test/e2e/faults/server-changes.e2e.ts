/** Fault suite (see fault-kit.ts): A server that stops honouring ranges or changes the file, and expired links. */
import { describe, expect, it } from 'vitest';
import { VERSION_SEED_STEP } from '../../origin/bytes';
import {
  addUrls,
  listOutput,
  listStaging,
  pollUntil,
  row,
  rowButton,
  sampleRow,
  waitForAnyStatus,
  waitForListReady,
  waitForProgress,
  waitForStatus,
  waitForStatusChange,
} from '../harness';
import { MiB, file, rangeStart, recorder, useFaultKit } from './fault-kit';

const { e2e, urlOf, faultCase, expectExact, completesExact, startOne } = useFaultKit('server-changes');

describe('a server that stops honouring ranges or changes the file', () => {
  it('a 200 where a 206 was asked, same validators: finishes on one stream without calling it a change', async () => {
    const f = file('norange-midway.bin', 4 * MiB, 5201);
    await faultCase([f.name], async () => {
      const app = await e2e.newAppPage();
      const seen = recorder();
      await addUrls(app.page, urlOf(f, { norangeafter: 1, rate: 2_000_000 }));
      const done = await waitForStatus(row(app.page, f.name), 'completed', 60_000, seen.onSample);
      await expectExact(app.page, f.name, f.size, f.seed);
      expect(e2e.origin.stats(f.name).faultKinds.norange ?? 0).toBeGreaterThanOrEqual(1);
      expect(`${seen.notes()} | ${done.notes.join(' | ')}`, 'the file did not change').not.toMatch(/changed/i);
    });
  });

  it('a 200 for a 206 after the file changed: starts again with the whole new version and says so', async () => {
    const f = file('norange-changed.bin', 6 * MiB, 5202);
    await faultCase([f.name], async () => {
      const app = await e2e.newAppPage();
      const target = await startOne(app, f, { norangeafter: 6, rate: 1_000_000 });
      await waitForProgress(target, 0.2, 30_000);
      e2e.origin.setVersion(f.name, 1);
      e2e.origin.setSwitches(f.name, { rate: null });
      // Every running connection drops; the next answers are whole new-version 200s.
      e2e.origin.cutAll(f.name);
      const seen = recorder();
      const done = await waitForStatus(target, 'completed', 60_000, seen.onSample);
      await expectExact(app.page, f.name, f.size, f.seed + VERSION_SEED_STEP);
      expect(`${seen.notes()} | ${done.notes.join(' | ')}`, `row: ${JSON.stringify(done.text)}`).toMatch(/changed/i);
    });
  });

  it('no validators, unchanged across a reload: resumes byte-exact from its bytes', async () => {
    // Over 8 MiB: a smaller file is held in memory and fetched again after a reload.
    const f = file('novalidators-same.bin', 12 * MiB, 5203);
    await faultCase([f.name], async () => {
      const app = await e2e.newAppPage();
      const target = await startOne(app, f, { novalidators: 1, rate: 800_000 });
      await waitForProgress(target, 0.3, 30_000);
      await app.page.reload();
      e2e.origin.recordFault(f.name, 'reload');
      await waitForListReady(app.page);
      const seen = recorder();
      const done = await waitForStatus(row(app.page, f.name), 'completed', 60_000, seen.onSample);
      await expectExact(app.page, f.name, f.size, f.seed);
      expect(`${seen.notes()} | ${done.notes.join(' | ')}`, 'nothing changed').not.toMatch(/changed/i);
      expect(e2e.origin.stats(f.name).bytesSent, 'bytes sent: a resume, not a restart').toBeLessThan(1.4 * f.size);
    });
  });

  it('a small file, held in memory, is fetched again after a reload and saved byte-exact; nothing is left staged', async () => {
    const f = file('small-reload.bin', 4 * MiB, 5205);
    await faultCase([f.name], async () => {
      const app = await e2e.newAppPage();
      const target = await startOne(app, f, { rate: 300_000 });
      await waitForProgress(target, 0.3, 30_000);
      await app.page.reload();
      e2e.origin.recordFault(f.name, 'reload');
      await waitForListReady(app.page);
      await completesExact(app, f);
      const sent = e2e.origin.stats(f.name).bytesSent;
      expect(sent, 'at most the file once more').toBeLessThanOrEqual(2 * f.size);
      expect(await listStaging(app.page)).toEqual([]);
    });
  });

  it('no validators, changed across a reload: the fingerprint catches it and the whole new version is saved', async () => {
    // Over 8 MiB: a smaller file is held in memory and fetched again after a reload.
    const f = file('novalidators-changed.bin', 12 * MiB, 5204);
    await faultCase([f.name], async () => {
      const app = await e2e.newAppPage();
      const target = await startOne(app, f, { novalidators: 1, rate: 800_000 });
      await waitForProgress(target, 0.3, 30_000);
      e2e.origin.setVersion(f.name, 1);
      await app.page.reload();
      e2e.origin.recordFault(f.name, 'reload');
      await waitForListReady(app.page);
      const seen = recorder();
      const done = await waitForStatus(row(app.page, f.name), 'completed', 60_000, seen.onSample);
      await expectExact(app.page, f.name, f.size, f.seed + VERSION_SEED_STEP);
      expect(`${seen.notes()} | ${done.notes.join(' | ')}`, `row: ${JSON.stringify(done.text)}`).toMatch(/changed/i);
    });
  });
});

describe('expired links', () => {
  it('a 404 on a job with bytes: "The link no longer works"; Change URL to the same file carries on from its bytes', async () => {
    const f = file('expired-404.bin', 6 * MiB, 5301);
    await faultCase([f.name], async () => {
      const app = await e2e.newAppPage();
      const target = await startOne(app, f, { rate: 600_000 });
      await waitForProgress(target, 0.3, 30_000);
      // The link expires while the job runs: running connections drop, every new request is refused.
      e2e.origin.setSwitches(f.name, { fail: 404, fails: 100_000 });
      e2e.origin.cutAll(f.name);
      const failed = await waitForAnyStatus(target, ['failed', 'completed'], 60_000);
      expect(failed.status).toBe('failed');
      expect(failed.reason ?? '', `row: ${JSON.stringify(failed.text)}`).toContain('The link no longer works');
      const staged = failed.value ?? 0;
      expect(staged, 'bytes kept').toBeGreaterThan(0.2 * f.size);

      await rowButton(target, 'Change URL').click();
      // The fresh link works; it differs from the old one only in its query.
      e2e.origin.setSwitches(f.name, { fail: null });
      const before = e2e.origin.stats(f.name);
      await target.getByRole('textbox', { name: 'New URL', exact: true }).fill(urlOf(f, { token: 'fresh', rate: 4_000_000 }));
      await rowButton(target, 'Use this URL').click();
      await waitForStatusChange(target, 'failed');
      await completesExact(app, f);

      const after = e2e.origin.stats(f.name);
      const asked = after.ranges.slice(before.requests);
      const queries = after.queries.slice(before.requests);
      expect(queries.filter((q) => !q.includes('token=fresh')), 'every request after Change URL uses the new link').toEqual([]);
      // One look at the start of the file may check it is the same one; the data must not be fetched again.
      expect(asked.filter((r) => rangeStart(r) === 0).length, `ranges after Change URL: ${asked.join(' ')}`).toBeLessThanOrEqual(1);
      const resent = after.bytesSent - before.bytesSent;
      expect(resent, `bytes sent after Change URL (staged ${staged})`).toBeLessThanOrEqual(f.size - staged + MiB);
    });
  });

  it('401, 403 and 410 on jobs with bytes: Keep the old URL keeps it; a different file behind the new URL is refused', async () => {
    const a = file('expired-401.bin', 4 * MiB, 5302);
    const b = file('expired-403.bin', 4 * MiB, 5303);
    const c = file('expired-410.bin', 4 * MiB, 5304);
    await faultCase([a.name, b.name, c.name], async () => {
      const app = await e2e.newAppPage();
      const jobs = [
        { f: a, status: 401 },
        { f: b, status: 403 },
        { f: c, status: 410 },
      ];
      await addUrls(app.page, jobs.map(({ f }) => urlOf(f, { rate: 500_000 })).join('\n'));
      for (const { f } of jobs) await waitForProgress(row(app.page, f.name), 0.1, 30_000);
      for (const { f, status } of jobs) {
        e2e.origin.setSwitches(f.name, { fail: status, fails: 100_000 });
        e2e.origin.cutAll(f.name);
      }
      for (const f of [a, b, c]) {
        const failed = await waitForAnyStatus(row(app.page, f.name), ['failed', 'completed'], 60_000);
        expect(failed.status, f.name).toBe('failed');
        expect(failed.reason ?? '', `${f.name}: ${JSON.stringify(failed.text)}`).toContain('The link no longer works');
        await expect(rowButton(row(app.page, f.name), 'Change URL').isVisible()).resolves.toBe(true);
      }

      // The links work again, so a refusal below can only be about the file behind them.
      for (const { f } of jobs) e2e.origin.setSwitches(f.name, { fail: null });
      // Keep the old URL closes the form and changes nothing.
      const ra = row(app.page, a.name);
      await rowButton(ra, 'Change URL').click();
      const newUrl = ra.getByRole('textbox', { name: 'New URL', exact: true });
      await newUrl.waitFor({ timeout: 5_000 });
      await rowButton(ra, 'Keep the old URL').click();
      await newUrl.waitFor({ state: 'detached', timeout: 5_000 });
      expect((await sampleRow(ra)).status).toBe('failed');

      // Another size (a) and other bytes of the same size (b) are other files.
      for (const [f, other] of [
        [a, urlOf({ ...a, size: a.size + 1 }, { token: 'other-size' })],
        [b, urlOf({ ...b, seed: b.seed + 1 }, { token: 'other-bytes' })],
      ] as const) {
        const r = row(app.page, f.name);
        await rowButton(r, 'Change URL').click();
        await r.getByRole('textbox', { name: 'New URL', exact: true }).fill(other);
        await rowButton(r, 'Use this URL').click();
        // Only a row that fails saying "different file" ends the wait; completing throws.
        await pollUntil(
          async () => {
            const s = await sampleRow(r);
            if (s.status === 'completed') throw new Error(`${f.name} completed from another file: ${s.text}`);
            return s.status === 'failed' && /different file/i.test(s.reason ?? '') ? s : undefined;
          },
          30_000,
          async () => `${f.name} never said "different file": ${JSON.stringify((await sampleRow(r)).text)}`,
        );
      }
      expect(await listOutput(app.page), 'nothing saved from another file').toEqual([]);
    });
  });
});
