/** Fault suite (see fault-kit.ts): Reloads and killed renderers during the fetch and during the copy. */
import { describe, expect, it } from 'vitest';
import {
  describeRows,
  giveBackSavePicker,
  holdBackSavePicker,
  pollUntil,
  row,
  rowButton,
  sampleRow,
  waitForListReady,
  waitForProgress,
} from '../harness';
import { MiB, file, rangeStart, crashRenderer, useFaultKit } from './fault-kit';

const { e2e, faultCase, expectExact, completesExact, startOne } = useFaultKit('crash');

describe('crash safety', () => {
  it('reloads during the fetch and during the final copy end in a correct file', async () => {
    const f = file('reload-saving.bin', 48 * MiB, 5701);
    await faultCase([f.name], async () => {
      const app = await e2e.newAppPage();
      // The copy to the picked file normally follows the download and ends moments after the
      // last byte. With the save dialog held back it is made whole at the end, after Save: long
      // enough to reload in the middle of it.
      await holdBackSavePicker(app.page);
      const target = await startOne(app, f, { rate: 6_000_000 });
      await waitForProgress(target, 0.3, 30_000);
      await app.page.reload();
      e2e.origin.recordFault(f.name, 'reload during fetch');
      await waitForListReady(app.page);
      await rowButton(target, 'Save').waitFor({ timeout: 60_000 });

      // Reload from inside the page the moment the copy runs: no round trip to miss it.
      await app.page.evaluate((name) => {
        sessionStorage.removeItem('e2e-reloaded-while');
        const check = (): void => {
          const li = Array.from(document.querySelectorAll('li[aria-label]')).find((l) => l.getAttribute('aria-label') === name);
          const copying = li?.querySelector('[data-status="saving"]') && !Array.from(li.querySelectorAll('button')).some((b) => b.textContent === 'Save');
          if (copying) {
            observer.disconnect();
            sessionStorage.setItem('e2e-reloaded-while', 'saving');
            location.reload();
          }
        };
        const observer = new MutationObserver(check);
        observer.observe(document.body, { subtree: true, childList: true, attributes: true, attributeFilter: ['data-status'] });
      }, f.name);
      await rowButton(target, 'Save').click();
      const reloaded = await pollUntil(
        async () => {
          const flag = await app.page.evaluate(() => sessionStorage.getItem('e2e-reloaded-while')).catch(() => null);
          if (flag === 'saving') return true;
          const s = await sampleRow(row(app.page, f.name), 1_000).catch(() => null);
          return s?.status === 'completed' ? false : undefined;
        },
        60_000,
        async () => `neither saving nor completed: ${await describeRows(app.page)}`,
        20,
      );
      expect(reloaded, 'the row showed "saving" long enough to reload during the copy').toBe(true);
      e2e.origin.recordFault(f.name, 'reload during final copy');
      await waitForListReady(app.page);
      const first = await sampleRow(row(app.page, f.name)).catch(() => null);
      if (first?.status === 'completed') await expectExact(app.page, f.name, f.size, f.seed);
      await completesExact(app, f);
    });
  });

  it('five reloads in a row during the fetch: it carries on each time and ends byte-exact', async () => {
    const f = file('reload-storm.bin', 16 * MiB, 5703);
    await faultCase([f.name], async () => {
      const app = await e2e.newAppPage();
      await startOne(app, f, { rate: 700_000 });
      for (const at of [0.15, 0.3, 0.45, 0.6, 0.75]) {
        await waitForProgress(row(app.page, f.name), at, 45_000);
        await app.page.reload();
        e2e.origin.recordFault(f.name, 'reload');
        await waitForListReady(app.page);
        const back = await sampleRow(row(app.page, f.name)).catch(() => null);
        if (back?.status === 'completed') await expectExact(app.page, f.name, f.size, f.seed);
      }
      await completesExact(app, f);
      const { bytesSent, ranges } = e2e.origin.stats(f.name);
      console.log(`[faults] reload storm: origin sent ${bytesSent} bytes for ${f.size} (${((bytesSent / f.size - 1) * 100).toFixed(1)}% again)`);
      expect(bytesSent, 'resumed each time, not restarted').toBeLessThan(1.5 * f.size);
      expect(ranges.slice(1).filter((r) => rangeStart(r) === 0 && r.endsWith('-')), 'no new probe from byte 0').toEqual([]);
    });
  });

  it('a killed renderer during the fetch: a new tab picks the job up from its bytes and finishes it, twice', async () => {
    const f = file('crash.bin', 12 * MiB, 5702);
    await faultCase([f.name], async () => {
      let app = await e2e.newAppPage();
      // ~4 MB/s in all: progress is recorded every second, so each crash finds some of it on disk.
      await startOne(app, f, { rate: 700_000 });
      for (const at of [0.4, 0.75]) {
        await waitForProgress(row(app.page, f.name), at, 45_000);
        await crashRenderer(app);
        e2e.origin.recordFault(f.name, 'renderer crash');
        const asked = e2e.origin.stats(f.name).requests;
        app = await e2e.newPageInContext(app);
        const target = row(app.page, f.name);
        await target.waitFor({ state: 'attached', timeout: 15_000 });
        const back = await sampleRow(target);
        if (back.status === 'completed') await expectExact(app.page, f.name, f.size, f.seed);
        expect(back.value ?? 0, `progress when the new tab came back: ${JSON.stringify(back.text)}`).toBeGreaterThan(0);
        // Carrying on from the staged bytes: the file is not asked for from its first byte again.
        await pollUntil(
          async () => {
            const s = await sampleRow(target);
            if (s.status === 'failed') throw new Error(`failed after the crash: ${s.text}`);
            const moved = s.status === 'completed' || (s.value ?? 0) >= (Math.min(at + 0.05, 0.99) * f.size);
            return moved ? true : undefined;
          },
          45_000,
          async () => `no progress after the crash: ${JSON.stringify((await sampleRow(target)).text)}`,
        );
        const since = e2e.origin.stats(f.name).ranges.slice(asked);
        expect(since.length, 'requests made to carry on after the crash').toBeGreaterThan(0);
        expect(since.filter((r) => rangeStart(r) === 0), `ranges after the crash: ${since.join(' ')}`).toEqual([]);
      }
      await completesExact(app, f);
    });
  });

  it('a killed renderer during the final copy: a new tab saves the file, never a short one', async () => {
    const f = file('crash-saving.bin', 48 * MiB, 5704);
    await faultCase([f.name], async () => {
      let app = await e2e.newAppPage();
      // As above: with the save dialog held back, the whole copy is made after Save.
      await holdBackSavePicker(app.page);
      const target = await startOne(app, f);
      await rowButton(target, 'Save').waitFor({ timeout: 60_000 });
      await giveBackSavePicker(app.page);
      const cdp = await app.context.newCDPSession(app.page);
      await rowButton(target, 'Save').click();
      // Watch from inside the page, so the crash lands while the row still says "saving".
      const state = await app.page.waitForFunction(
        (name) => {
          const li = Array.from(document.querySelectorAll('li[aria-label]')).find((l) => l.getAttribute('aria-label') === name);
          const status = li?.querySelector('[data-status]')?.getAttribute('data-status');
          const asking = Array.from(li?.querySelectorAll('button') ?? []).some((b) => b.textContent === 'Save');
          if (status === 'saving') return asking ? false : status;
          return status === 'completed' || status === 'failed' ? status : false;
        },
        f.name,
        { polling: 10, timeout: 60_000 },
      );
      const seen = await state.jsonValue();
      expect(seen, 'the row showed "saving" long enough to crash during the copy').toBe('saving');
      const crashed = app.page.waitForEvent('crash', { timeout: 15_000 });
      cdp.send('Page.crash').catch(() => undefined);
      await crashed;
      e2e.origin.recordFault(f.name, 'renderer crash during final copy');
      const before = e2e.origin.stats(f.name);
      app = await e2e.newPageInContext(app);
      const back = await sampleRow(row(app.page, f.name));
      if (back.status === 'completed') await expectExact(app.page, f.name, f.size, f.seed);
      await completesExact(app, f);
      const after = e2e.origin.stats(f.name);
      expect(after.ranges.slice(before.requests), 'every byte was staged: nothing fetched again').toEqual([]);
    });
  });
});
