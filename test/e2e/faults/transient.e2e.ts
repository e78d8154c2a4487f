/** Fault suite (see fault-kit.ts): Transient faults are retried until the file is whole; giving up, and Retry. */
import { describe, expect, it } from 'vitest';
import {
  addUrls,
  applySettings,
  row,
  rowButton,
  waitForAnyStatus,
  waitForProgress,
  waitForStatus,
  waitForStatusChange,
} from '../harness';
import { MiB, file, FAST, rangeStart, recorder, allCompleted, useFaultKit } from './fault-kit';

const { e2e, urlOf, faultCase, expectExact, completesExact, startOne } = useFaultKit('transient');

describe('transient faults are retried until the file is whole', () => {
  it('survives connections cut at random offsets', async () => {
    const f = file('cut-random.bin', 6 * MiB, 5001);
    await faultCase([f.name], async () => {
      const app = await e2e.newAppPage();
      await startOne(app, f, { cut: '20000-400000', cuts: 12 });
      await completesExact(app, f);
      const stats = e2e.origin.stats(f.name);
      expect(stats.faultKinds.cut ?? 0, 'cuts that happened').toBeGreaterThanOrEqual(6);
      // Only CORS-safelisted requests: the answers' validators are judged instead of If-Range.
      const conditional = stats.ranges.flatMap((r, i) => (stats.ifRanges[i] ? [`${r} If-Range: ${stats.ifRanges[i]}`] : []));
      expect(conditional, 'requests that would need a CORS preflight').toEqual([]);
    });
  });

  it('rides out a burst of 503s, waiting as long as Retry-After (seconds) asks', async () => {
    const f = file('burst-503.bin', 6 * MiB, 5002);
    await faultCase([f.name], async () => {
      const app = await e2e.newAppPage();
      // Slow enough that the first connection is still on its range when the others may try again,
      // so every request after the burst is a retry of a refused one.
      await startOne(app, f, { failafter: 1, fail: 503, fails: 5, retryafter: 2, rate: 400_000 });
      await completesExact(app, f);
      const { statuses, times, ranges } = e2e.origin.stats(f.name);
      const refused = statuses.flatMap((s, i) => (s === 503 ? [i] : []));
      expect(refused, `statuses ${JSON.stringify(statuses)}`).toHaveLength(5);
      const firstRefusal = times[refused[0] ?? 0] ?? 0;
      const after = times.slice((refused[refused.length - 1] ?? 0) + 1).map((t) => t - firstRefusal);
      expect(after.length, 'requests after the burst').toBeGreaterThan(0);
      expect(Math.min(...after), `ms from the first 503 to each later request: ${after}; ranges ${ranges.join(' ')}`).toBeGreaterThanOrEqual(1900);
    });
  });

  it('waits for a Retry-After given as an HTTP-date (429 on the very first request)', async () => {
    const f = file('retry-date-429.bin', 2 * MiB, 5003);
    await faultCase([f.name], async () => {
      const app = await e2e.newAppPage();
      // The date has whole seconds: "3 s from now" asks for a wait between 2 and 3 s.
      await startOne(app, f, { fail: 429, fails: 1, retryafterdate: 3 });
      await completesExact(app, f);
      const { statuses, times } = e2e.origin.stats(f.name);
      expect(statuses[0]).toBe(429);
      expect((times[1] ?? 0) - (times[0] ?? 0), 'ms between the 429 and the next request').toBeGreaterThanOrEqual(1900);
    });
  });

  it('retries 500, 502, 503, 504, 408 and 429 answers with error bodies, never writing them', async () => {
    const f = file('mixed-5xx.bin', 6 * MiB, 5004);
    await faultCase([f.name], async () => {
      const app = await e2e.newAppPage();
      await startOne(app, f, { failafter: 1, fail: '500,502,503,504,408,429', fails: 10 });
      await completesExact(app, f);
      expect(e2e.origin.stats(f.name).faultKinds.status).toBe(10);
    });
  });

  it('drops a stalled connection after the stall timeout and fetches the rest', async () => {
    const f = file('stalls.bin', 4 * MiB, 5005);
    await faultCase([f.name], async () => {
      const app = await e2e.newAppPage();
      await applySettings(app.page, FAST);
      await startOne(app, f, { stall: 100_000, stalls: 3 });
      await completesExact(app, f, 45_000);
      expect(e2e.origin.stats(f.name).faultKinds.stall).toBe(3);
    });
  });

  it('drops connections that stall before their headers or before their first byte', async () => {
    const noHeaders = file('stall-no-headers.bin', 3 * MiB, 5013);
    const noBytes = file('stall-no-bytes.bin', 3 * MiB, 5014);
    await faultCase([noHeaders.name, noBytes.name], async () => {
      const app = await e2e.newAppPage();
      await applySettings(app.page, FAST);
      // The first two answers of one file never start (10 minutes); of the other, never send a byte.
      await addUrls(app.page, [urlOf(noHeaders, { delay: 600_000, delays: 2 }), urlOf(noBytes, { stall: 0, stalls: 2 })].join('\n'));
      await allCompleted(app.page, [noHeaders.name, noBytes.name], 45_000);
      for (const f of [noHeaders, noBytes]) await expectExact(app.page, f.name, f.size, f.seed);
    });
  });

  it('detects bodies that end before their Content-Length', async () => {
    const f = file('short-bodies.bin', 4 * MiB, 5006);
    await faultCase([f.name], async () => {
      const app = await e2e.newAppPage();
      await startOne(app, f, { short: 70_000, shorts: 4 });
      await completesExact(app, f);
      expect(e2e.origin.stats(f.name).faultKinds.short ?? 0).toBeGreaterThanOrEqual(1);
    });
  });

  it('keeps only the asked bytes when a 206 is longer than the range asked', async () => {
    const f = file('long-bodies.bin', 6 * MiB, 5007);
    await faultCase([f.name], async () => {
      const app = await e2e.newAppPage();
      await startOne(app, f, { long: 100_000, longs: 4 });
      await completesExact(app, f);
      expect(e2e.origin.stats(f.name).faultKinds.long ?? 0).toBeGreaterThanOrEqual(1);
    });
  });

  it('rejects a Content-Range that is not the range asked (the probe included)', async () => {
    const f = file('bad-content-range.bin', 4 * MiB, 5008);
    await faultCase([f.name], async () => {
      const app = await e2e.newAppPage();
      await startOne(app, f, { badcr: 1, badcrs: 4 });
      await completesExact(app, f);
      expect(e2e.origin.stats(f.name).faultKinds.badcr).toBe(4);
    });
  });

  it('never writes a captive-portal HTML page into the file, and does not call it a change', async () => {
    const f = file('captive-portal.bin', 4 * MiB, 5009);
    await faultCase([f.name], async () => {
      const app = await e2e.newAppPage();
      const seen = recorder();
      await addUrls(app.page, urlOf(f, { htmlafter: 1, htmls: 3 }));
      const done = await waitForStatus(row(app.page, f.name), 'completed', 60_000, seen.onSample);
      await expectExact(app.page, f.name, f.size, f.seed);
      expect(e2e.origin.stats(f.name).faultKinds.html).toBe(3);
      expect(`${seen.notes()} | ${done.notes.join(' | ')}`, 'the file did not change').not.toMatch(/changed/i);
    });
  });

  it('a 206 that carries an HTML page (Content-Type text/html, plausible Content-Range) is never written', async () => {
    const f = file('html-as-206.bin', 4 * MiB, 5015);
    await faultCase([f.name], async () => {
      const app = await e2e.newAppPage();
      await startOne(app, f, { htmlafter: 1, htmls: 3, html206: 1 });
      await completesExact(app, f);
      expect(e2e.origin.stats(f.name).faultKinds.html).toBe(3);
    });
  });

  it('chaos: three files at once under cuts, 503/429, short and long bodies, HTML, bad ranges and stalls', async () => {
    const a = file('chaos-a.bin', 4 * MiB, 5010);
    const b = file('chaos-b.bin', 4 * MiB, 5011);
    const c = file('chaos-c.bin', 4 * MiB, 5012);
    await faultCase([a.name, b.name, c.name], async () => {
      const app = await e2e.newAppPage();
      await applySettings(app.page, { ...FAST, retries: 6 });
      await addUrls(
        app.page,
        [
          urlOf(a, { cut: '10000-300000', cuts: 6, failafter: 2, fail: '503,429', fails: 4, retryafter: 1 }),
          urlOf(b, { short: 20_000, shorts: 3, htmlafter: 3, htmls: 2, long: 50_000, longs: 2 }),
          urlOf(c, { badcr: 1, badcrs: 2, stall: 60_000, stalls: 2 }),
        ].join('\n'),
      );
      await allCompleted(app.page, [a.name, b.name, c.name], 90_000);
      for (const f of [a, b, c]) await expectExact(app.page, f.name, f.size, f.seed);
    });
  });
});

describe('giving up, and Retry', () => {
  it('fails after the configured retries with the last status, and Retry continues from the staged bytes', async () => {
    const f = file('exhausted-503.bin', 6 * MiB, 5101);
    await faultCase([f.name], async () => {
      const app = await e2e.newAppPage();
      await applySettings(app.page, { retries: 3, giveUpAfterSeconds: 120 });
      const target = await startOne(app, f, { rate: 600_000 });
      // Every range has bytes by now; then the server starts refusing and drops what is running.
      await waitForProgress(target, 0.3, 30_000);
      e2e.origin.setSwitches(f.name, { fail: 503, fails: 100_000 });
      e2e.origin.cutAll(f.name);
      const failed = await waitForAnyStatus(target, ['failed', 'completed'], 60_000);
      expect(failed.status, `row: ${JSON.stringify(failed.text)}`).toBe('failed');
      expect(failed.reason ?? '', `row: ${JSON.stringify(failed.text)}`).toContain('503');
      const staged = failed.value ?? 0;
      expect(staged, 'bytes kept when it gave up').toBeGreaterThan(0.2 * f.size);

      e2e.origin.setSwitches(f.name, { fail: null });
      const before = e2e.origin.stats(f.name);
      await rowButton(target, 'Retry').click();
      await waitForStatusChange(target, 'failed');
      await completesExact(app, f);
      const after = e2e.origin.stats(f.name);
      const asked = after.ranges.slice(before.requests);
      expect(asked.filter((r) => rangeStart(r) === 0), `ranges asked after Retry: ${asked.join(' ')}`).toEqual([]);
      expect(after.bytesSent - before.bytesSent, `bytes sent after Retry (${staged} were staged)`).toBeLessThanOrEqual(
        f.size - staged + MiB,
      );
    });
  });

  it('fails after the configured time when every try is refused', async () => {
    const f = file('give-up-time.bin', 2 * MiB, 5102);
    await faultCase([f.name], async () => {
      const app = await e2e.newAppPage();
      await applySettings(app.page, { retries: 100, giveUpAfterSeconds: 3 });
      const started = Date.now();
      const target = await startOne(app, f, { fail: 503, fails: 1000, retryafter: 1 });
      const failed = await waitForAnyStatus(target, ['failed', 'completed'], 30_000);
      const elapsed = Date.now() - started;
      expect(failed.status).toBe('failed');
      expect(failed.reason ?? '', `row: ${JSON.stringify(failed.text)}`).toContain('503');
      expect(elapsed, 'ms until it gave up').toBeLessThan(15_000);
      expect(e2e.origin.stats(f.name).requests, 'tries made in ~3 s at one per second').toBeLessThan(10);
      await expect(rowButton(target, 'Retry').isVisible()).resolves.toBe(true);
    });
  });
});
