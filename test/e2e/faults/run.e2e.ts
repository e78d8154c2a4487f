/**
 * Fault suite (see fault-kit.ts): servers that lie or hog — wrong bytes under a hidden
 * Content-Range, bodies that never end, a web page where a file was expected — and a small file
 * added behind a slow large one. Every completed file is checked byte for byte.
 */
import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { webPageBytes } from '../../origin/web-page';
import {
  STAGING_DIR,
  addUrls,
  listStaging,
  opfsFileSize,
  outputSize,
  pollUntil,
  readOutputSha256,
  row,
  rowButton,
  sampleRow,
  waitForAnyStatus,
  waitForStatus,
  waitForStatusChange,
  type AppPage,
} from '../harness';
import { KiB, MiB, rangeStart, useFaultKit } from './fault-kit';

const { e2e, faultCase, expectExact: expectExactIn } = useFaultKit('run');

function expectExact(app: AppPage, name: string, size: number, seed: number): Promise<void> {
  return expectExactIn(app.page, name, size, seed);
}

/** Where each range request started; the probe's `bytes=0-` and anything unreadable count as 0. */
const startsOf = (ranges: readonly string[]): number[] => ranges.map((r) => rangeStart(r) ?? 0);

describe('a server that lies about which bytes it sends', () => {
  it('every range answered from byte 0 under a hidden Content-Range: caught by the overlap, finished on one stream, byte-exact', async () => {
    await faultCase(['fromzero.bin'], async () => {
      const name = 'fromzero.bin';
      const [size, seed] = [8 * MiB, 7101];
      const app = await e2e.newAppPage();
      await addUrls(app.page, e2e.fileUrl(name, { size, seed, fromzero: 1, noexpose: 1 }));
      const done = await waitForStatus(row(app.page, name), 'completed', 90_000);
      await expectExact(app, name, size, seed);
      expect(done.notes.join(' | ')).toContain('The server sent the wrong bytes for a range; continuing with one connection');
      const stats = e2e.origin.stats(name);
      expect(stats.faultKinds.fromzero ?? 0, 'ranges answered from byte 0').toBeGreaterThan(0);
      const starts = startsOf(stats.ranges).filter((s) => s > 0);
      expect(starts.some((s) => s % (64 * KiB) === 60 * KiB), `ranges asked 4 KiB before their piece: ${starts.join(' ')}`).toBe(true);
    });
  });

  it('an honest server that hides Content-Range: overlaps are compared, then trusted, and the file is byte-exact', async () => {
    await faultCase(['noexpose-honest.bin'], async () => {
      const name = 'noexpose-honest.bin';
      const [size, seed] = [32 * MiB, 7102];
      const app = await e2e.newAppPage();
      await addUrls(app.page, e2e.fileUrl(name, { size, seed, noexpose: 1 }));
      const done = await waitForStatus(row(app.page, name), 'completed', 90_000);
      await expectExact(app, name, size, seed);
      expect(done.notes.join(' | ')).not.toMatch(/wrong bytes|one connection/);
      const starts = startsOf(e2e.origin.stats(name).ranges).filter((s) => s > 0);
      const overlapping = starts.filter((s) => s % (64 * KiB) === 60 * KiB);
      console.log(`[run] hidden Content-Range: ${overlapping.length} of ${starts.length} range requests overlapped staged bytes`);
      expect(overlapping.length).toBeGreaterThan(0);
    });
  });
});

describe('bodies that never end', () => {
  it('the fingerprint reads its 64 KiB and cancels the rest of an endless answer', async () => {
    await faultCase(['endless-fingerprint.bin'], async () => {
      const name = 'endless-fingerprint.bin';
      const [size, seed] = [4 * MiB, 7201];
      const app = await e2e.newAppPage();
      // No validators: the job takes a fingerprint, two 64 KiB ranges, whose answers never end.
      await addUrls(app.page, e2e.fileUrl(name, { size, seed, novalidators: 1, endless: 1 }));
      await waitForStatus(row(app.page, name), 'completed', 60_000);
      await expectExact(app, name, size, seed);
      expect(e2e.origin.stats(name).faultKinds.endless ?? 0, 'endless answers').toBeGreaterThanOrEqual(3);
    });
  });

  it('a stream of unknown size that never ends stops with "Not enough space" before it fills the quota', async () => {
    await faultCase(['endless-stream.bin'], async () => {
      const name = 'endless-stream.bin';
      const quota = 320 * MiB;
      const app = await e2e.newAppPage();
      // Chromium enforces a CDP quota on writes but estimate() does not show it, so the engine
      // worker is shown the same quota: what it would see on a disk of that size.
      await (await app.context.newCDPSession(app.page)).send('Storage.overrideQuotaForOrigin', { origin: e2e.appOrigin, quotaSize: quota });
      for (const worker of app.page.workers()) {
        await worker.evaluate((q) => {
          const real = navigator.storage.estimate.bind(navigator.storage);
          navigator.storage.estimate = async () => ({ ...(await real()), quota: q });
        }, quota);
      }
      // Without a readable Content-Range or a Content-Length, the probe's endless answer has no size.
      await addUrls(app.page, e2e.fileUrl(name, { size: 16 * MiB, seed: 7202, endless: 1, noexpose: 1 }));
      const stopped = await waitForAnyStatus(row(app.page, name), ['paused', 'failed', 'completed'], 90_000);
      expect(stopped.status, `row: ${JSON.stringify(stopped.text)}`).toBe('paused');
      expect(stopped.reason ?? '').toContain('would need more space than the browser has free for this site');
      const staged = await Promise.all((await listStaging(app.page)).map((n) => opfsFileSize(app.page, STAGING_DIR, n)));
      const onDisk = staged.reduce<number>((a, b) => a + (b ?? 0), 0);
      console.log(`[run] endless stream stopped with ${onDisk} bytes staged under a quota of ${quota}`);
      expect(onDisk, 'room left for the copy and other downloads').toBeLessThanOrEqual(quota - 64 * MiB);
    });
  });
});

describe('a web page where a file was expected', () => {
  it('a 142-byte sign-in page answered for portal.iso stages nothing and waits; Keep anyway saves exactly the page', async () => {
    await faultCase(['portal.iso'], async () => {
      const page = webPageBytes();
      const app = await e2e.newAppPage();
      await addUrls(app.page, e2e.fileUrl('portal.iso', { webpage: 1 }));
      const target = row(app.page, 'portal.iso');
      const asked = await waitForStatus(target, 'web-page', 30_000);
      expect(asked.text).toContain('The server sent a web page, not a file');
      expect([null, 0], 'nothing written to the picked file').toContain(await outputSize(app.page, 'portal.iso'));
      expect(e2e.origin.stats('portal.iso').requests, 'the first answer decided it').toBe(1);

      await rowButton(target, 'Keep anyway').click();
      await waitForStatusChange(target, 'web-page');
      await waitForStatus(target, 'completed', 30_000);
      expect(await outputSize(app.page, 'portal.iso')).toBe(page.byteLength);
      expect(await readOutputSha256(app.page, 'portal.iso')).toBe(createHash('sha256').update(page).digest('hex'));
    }, 1);
  });

  it('a name that is a web page (page.html) takes the HTML as the file without asking', async () => {
    const app = await e2e.newAppPage();
    await addUrls(app.page, e2e.fileUrl('page.html', { webpage: 1 }));
    await waitForStatus(row(app.page, 'page.html'), 'completed', 30_000);
    expect(await outputSize(app.page, 'page.html')).toBe(webPageBytes().byteLength);
  });
});

describe('a request waiting to be retried', () => {
  it('the row says which try comes next, of how many, and why, instead of "waiting for a connection"', async () => {
    await faultCase(['retry-shown.bin'], async () => {
      const name = 'retry-shown.bin';
      const [size, seed] = [2 * MiB, 7401];
      const app = await e2e.newAppPage();
      // The first answer is a 503 asking for 5 s: the retry waits that long, with nothing staged.
      await addUrls(app.page, e2e.fileUrl(name, { size, seed, fail: 503, fails: 1, retryafter: 5 }));
      const target = row(app.page, name);
      const waiting = await pollUntil(
        async () => {
          const sample = await sampleRow(target);
          if (sample.status === 'completed') throw new Error(`completed before the wait was shown: ${JSON.stringify(sample.text)}`);
          return sample.text.includes('Retrying') ? sample : undefined;
        },
        15_000,
        async () => `no "Retrying" on the row: ${JSON.stringify((await sampleRow(target)).text)}`,
        50,
      );
      // The default 8 retries are 9 tries in all; the first failed, the second comes next.
      expect(waiting.text).toContain('Retrying (2 of 9): the server answered 503 Service Unavailable');
      expect(waiting.text).not.toContain('waiting for a connection');
      await waitForStatus(target, 'completed', 30_000);
      await expectExact(app, name, size, seed);
    });
  });
});

describe('a small file added behind a slow large one on the same server', () => {
  it('gets a connection given back at once and completes while the large one runs; both byte-exact', async () => {
    await faultCase(['slow-large.bin', 'small-2k.bin'], async () => {
      const large = { name: 'slow-large.bin', size: 24 * MiB, seed: 7301 };
      const small = { name: 'small-2k.bin', size: 2 * KiB, seed: 7302 };
      const app = await e2e.newAppPage();
      // 4 KB/s per connection: one 1 MiB piece would take over four minutes to end, so the small
      // file cannot be served by a piece that ends, only by a connection given back.
      await addUrls(app.page, e2e.fileUrl(large.name, { size: large.size, seed: large.seed, rate: 4_000 }));
      await pollUntil(
        async () => (e2e.origin.stats(large.name).inFlight >= 6 ? true : undefined),
        30_000,
        () => `the large file never held 6 connections: ${JSON.stringify(e2e.origin.stats(large.name).inFlight)}`,
      );
      await addUrls(app.page, e2e.fileUrl(small.name, { size: small.size, seed: small.seed }));
      await waitForStatus(row(app.page, small.name), 'completed', 60_000);
      const largeThen = await sampleRow(row(app.page, large.name));
      expect(largeThen.status, 'the large file is still downloading').toBe('downloading');
      expect(largeThen.value ?? 0, 'not one piece of the large file had ended').toBeLessThan(MiB);
      await expectExact(app, small.name, small.size, small.seed);

      // Now let the large file go at full speed: its slow connections are cut and asked again.
      e2e.origin.setSwitches(large.name, { rate: null });
      e2e.origin.cutAll(large.name);
      await waitForStatus(row(app.page, large.name), 'completed', 90_000);
      await expectExact(app, large.name, large.size, large.seed);
    });
  });
});
