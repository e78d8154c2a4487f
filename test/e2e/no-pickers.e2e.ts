/**
 * A browser without save pickers (Firefox, Safari), played by Chromium with the pickers removed:
 * the same parallel ranges and resume, then the staged file goes to the browser's own downloads
 * as a normal download, and stays kept for Save again until the job is removed.
 */
import { createHash } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import type { Download, Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { sha256OfContent } from '../origin/bytes';
import {
  addUrls,
  listStaging,
  pollUntil,
  row,
  rowButton,
  useE2e,
  waitForListReady,
  waitForProgress,
  waitForStatus,
} from './harness';

const MiB = 1024 * 1024;

const e2e = useE2e({ pickers: false });

async function sha256OfDownload(download: Download): Promise<string> {
  const path = await download.path();
  return createHash('sha256').update(await readFile(path)).digest('hex');
}

/** The next `count` files the page gives to the browser's downloads, by name. */
function nextDownloads(page: Page, count: number, timeout: number): Promise<Map<string, Download>> {
  return new Promise((resolve, reject) => {
    const got = new Map<string, Download>();
    const timer = setTimeout(() => {
      page.off('download', onDownload);
      reject(new Error(`only ${got.size} of ${count} downloads reached the browser: ${[...got.keys()].join(', ')}`));
    }, timeout);
    function onDownload(download: Download): void {
      got.set(download.suggestedFilename(), download);
      if (got.size < count) return;
      clearTimeout(timer);
      page.off('download', onDownload);
      resolve(got);
    }
    page.on('download', onDownload);
  });
}

async function expectDownload(download: Download | undefined, size: number, seed: number): Promise<void> {
  expect(download, 'a download reached the browser').toBeDefined();
  if (download === undefined) return;
  expect(await sha256OfDownload(download)).toBe(sha256OfContent(size, seed));
}

describe('a browser without save pickers', () => {
  it('downloads over parallel ranges and hands the file to the browser, byte-exact; Save again repeats it; Remove frees it', async () => {
    const name = 'no-picker-24m.bin';
    const size = 24 * MiB;
    const seed = 1101;
    const app = await e2e.newAppPage();
    expect(await app.page.locator('[data-role="browser-downloads-note"]').isVisible()).toBe(true);

    const delivered = nextDownloads(app.page, 1, 90_000);
    await addUrls(app.page, e2e.fileUrl(name, { size, seed, rate: 8_000_000 }));
    const target = row(app.page, name);
    const done = await waitForStatus(target, 'completed', 90_000);
    expect(done.text).toContain("Saved to your browser's downloads as");
    await expectDownload((await delivered).get(name), size, seed);

    const stats = e2e.origin.stats(name);
    expect(stats.maxInFlight, 'parallel requests seen by the origin').toBeGreaterThanOrEqual(4);
    expect(stats.rangeRequests).toBeGreaterThanOrEqual(4);
    // The staged file is what the browser got; it stays for Save again, counted on the page.
    expect(await listStaging(app.page)).toHaveLength(1);
    await expect(app.page.locator('[data-role="browser-downloads-note"]').innerText()).resolves.toContain('1 file, 24.0 MiB');

    const again = nextDownloads(app.page, 1, 30_000);
    await rowButton(target, 'Save again').click();
    await expectDownload((await again).get(name), size, seed);

    await rowButton(target, 'Remove').click();
    await target.waitFor({ state: 'detached', timeout: 15_000 });
    await pollUntil(
      async () => ((await listStaging(app.page)).length === 0 ? true : undefined),
      15_000,
      async () => `the kept file is still staged: ${(await listStaging(app.page)).join(', ')}`,
    );
  });

  it('carries on after a reload mid-way and still delivers the whole file, without fetching it again', async () => {
    const name = 'no-picker-reload-40m.bin';
    const size = 40 * MiB;
    const seed = 1102;
    const app = await e2e.newAppPage();
    await addUrls(app.page, e2e.fileUrl(name, { size, seed, rate: 1_200_000 }));
    const before = await waitForProgress(row(app.page, name), 0.4, 60_000);
    expect(before, 'reloaded mid-way').toBeLessThan(0.9);

    const delivered = nextDownloads(app.page, 1, 120_000);
    await app.page.reload();
    await waitForListReady(app.page);
    await waitForStatus(row(app.page, name), 'completed', 120_000);
    await expectDownload((await delivered).get(name), size, seed);
    const sent = e2e.origin.stats(name).bytesSent;
    expect(sent / size, `bytes sent for the file: ${sent}`).toBeLessThan(1.25);
  });

  it('delivers every file of several links added at once (no folder picker either)', async () => {
    const files = [
      { name: 'no-picker-a.bin', size: 3 * MiB, seed: 1103 },
      { name: 'no-picker-b.bin', size: 1 * MiB + 17, seed: 1104 },
      { name: 'no-picker-c.bin', size: 0, seed: 1105 },
    ];
    const app = await e2e.newAppPage();
    const delivered = nextDownloads(app.page, files.length, 90_000);
    await addUrls(app.page, files.map((f) => e2e.fileUrl(f.name, { size: f.size, seed: f.seed })).join('\n'));
    const got = await delivered;
    for (const f of files) {
      await waitForStatus(row(app.page, f.name), 'completed', 30_000);
      await expectDownload(got.get(f.name), f.size, f.seed);
    }
  });
});
