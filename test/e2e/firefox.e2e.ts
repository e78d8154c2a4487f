/**
 * Real Firefox (Debian's firefox-esr over WebDriver BiDi), which has no save pickers: the app
 * stages the file in the origin-private file system over parallel ranges, carries on after a
 * reload, and hands the finished file to Firefox's own downloads — checked byte for byte in the
 * profile's download folder.
 */
import { createHash } from 'node:crypto';
import { mkdtemp, readdir, readFile, rm, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Browser, Page } from 'puppeteer-core';
import { afterAll, afterEach, beforeAll, describe, expect, inject, it } from 'vitest';
import { sha256OfContent } from '../origin/bytes';
import { startOrigin } from '../origin/server';
import { launchFirefox } from '../firefox';
import { pollUntil } from './support/rows';

const MiB = 1024 * 1024;
const appUrl = inject('appUrl');

let browser: Browser;
let origin: Awaited<ReturnType<typeof startOrigin>>;
let downloadDir: string;
let pages: Page[] = [];

beforeAll(async () => {
  downloadDir = await mkdtemp(join(tmpdir(), 'rangefetch-firefox-downloads-'));
  origin = await startOrigin();
  browser = await launchFirefox(downloadDir);
});

afterEach(async () => {
  for (const page of pages) await page.close().catch(() => undefined);
  pages = [];
});

afterAll(async () => {
  await browser?.close();
  await origin?.close();
  await rm(downloadDir, { recursive: true, force: true });
});

function fileUrl(name: string, params: Record<string, number>): string {
  const query = new URLSearchParams(Object.entries(params).map(([k, v]) => [k, String(v)]));
  return `${origin.url.replace(/\/$/, '')}/files/${encodeURIComponent(name)}?${query.toString()}`;
}

/** A new tab of the one profile, with the app loaded and its list shown. */
async function openApp(): Promise<{ page: Page; errors: string[] }> {
  const page = await browser.newPage();
  pages.push(page);
  const errors: string[] = [];
  page.on('pageerror', (error) => errors.push(String(error)));
  await page.goto(appUrl);
  await waitForList(page);
  return { page, errors };
}

async function waitForList(page: Page): Promise<void> {
  await page.waitForSelector('ul[aria-label="Downloads"]:not([aria-busy="true"])', { timeout: 30_000 });
}

async function addUrl(page: Page, url: string): Promise<void> {
  const field = await page.waitForSelector('::-p-aria([name="URL"][role="textbox"])');
  await field?.type(url);
  const button = await page.waitForSelector('::-p-aria([name="Download"][role="button"])');
  await button?.click();
}

/** The row's status and progress fraction, read in the page. */
function rowState(page: Page, name: string): Promise<{ status: string | null; fraction: number | null }> {
  return page.evaluate((wanted) => {
    const li = document.querySelector(`li[aria-label="${CSS.escape(wanted)}"]`);
    const progress = li?.querySelector('progress');
    const value = progress?.getAttribute('value');
    const max = progress?.getAttribute('max');
    return {
      status: li?.querySelector('[data-status]')?.getAttribute('data-status') ?? null,
      fraction: value == null || max == null ? null : Number(value) / Number(max),
    };
  }, name);
}

/** Waits for `name` to be complete in the download folder (Firefox writes NAME.part, then renames). */
async function downloadedFile(name: string, size: number, timeout: number): Promise<string> {
  const path = join(downloadDir, name);
  await pollUntil(
    async () => {
      const names = await readdir(downloadDir);
      if (names.some((n) => n.endsWith('.part'))) return undefined;
      const found = await stat(path).catch(() => null);
      return found !== null && found.size === size ? true : undefined;
    },
    timeout,
    async () => `${name} (${size} bytes) not in the downloads: ${(await readdir(downloadDir)).join(', ')}`,
    200,
  );
  return createHash('sha256').update(await readFile(path)).digest('hex');
}

describe('Firefox, which has no save pickers', () => {
  it('downloads over parallel ranges into private storage and hands the file to its downloads, byte-exact', async () => {
    const name = 'firefox-24m.bin';
    const size = 24 * MiB;
    const seed = 1201;
    const { page, errors } = await openApp();
    expect(await page.$('[data-role="browser-downloads-note"]'), 'the page says why files go to the downloads').not.toBeNull();

    await addUrl(page, fileUrl(name, { size, seed, rate: 8_000_000 }));
    expect(await downloadedFile(name, size, 120_000)).toBe(sha256OfContent(size, seed));
    const stats = origin.stats(name);
    expect(stats.maxInFlight, 'parallel requests seen by the origin').toBeGreaterThanOrEqual(4);
    expect(stats.rangeRequests).toBeGreaterThanOrEqual(4);
    const state = await rowState(page, name);
    expect(state.status).toBe('completed');
    expect(errors).toEqual([]);
  });

  it('carries on after a reload mid-way and delivers the whole file without fetching it again', async () => {
    const name = 'firefox-reload-40m.bin';
    const size = 40 * MiB;
    const seed = 1202;
    const { page, errors } = await openApp();
    await addUrl(page, fileUrl(name, { size, seed, rate: 1_200_000 }));
    const before = await pollUntil(
      async () => {
        const { fraction } = await rowState(page, name);
        return fraction !== null && fraction >= 0.4 ? fraction : undefined;
      },
      60_000,
      async () => `progress: ${JSON.stringify(await rowState(page, name))}`,
    );
    expect(before, 'reloaded mid-way').toBeLessThan(0.9);
    await page.reload();
    await waitForList(page);

    expect(await downloadedFile(name, size, 120_000)).toBe(sha256OfContent(size, seed));
    const sent = origin.stats(name).bytesSent;
    expect(sent / size, `bytes sent for the file: ${sent}`).toBeLessThan(1.25);
    expect(errors).toEqual([]);
  });
});
