/**
 * `npm run screenshots`: pictures of the real app for the README, made from scratch. It builds the
 * app, serves the build under its own dist/_headers (test/static-host.ts) and starts the test
 * origin, both on free ports, so nothing else needs to be running. In headless Chromium (Debian's,
 * with the flags of test/chromium.ts) it adds twenty links that end in every state a row shows
 * (downloading, paused, failed, completed, verified, canceled, a web page), once per language,
 * and photographs the list light and dark, at 1440 px and at 360 px, into docs/:
 *
 *   docs/list-<en|zh-CN>-<light|dark>-<1440|360>.png
 *
 * The browser's locale is the language's, so the page picks it as a person's browser would. As in
 * test/e2e/harness.ts, only the save pickers are replaced, by an OPFS folder. A Content-Security-
 * Policy violation anywhere (page or workers) is reported and fails the run.
 */
import { mkdtemp, mkdir, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromium, type Browser, type Page } from 'playwright-core';
import { build } from 'vite';
import { CATALOGS, type Lang } from '../src/ui/i18n/lang.ts';
import { CHROMIUM_ARGS, CHROMIUM_PATH } from '../test/chromium.ts';
import { seedForName, sha256OfContent } from '../test/origin/bytes.ts';
import { startOrigin } from '../test/origin/server.ts';
import { CSP_REPORT_PATH, startStaticHost } from '../test/static-host.ts';

const MiB = 1024 * 1024;
const SHOTS: ReadonlyArray<{ colorScheme: 'light' | 'dark'; width: number; height: number }> = [
  { colorScheme: 'light', width: 1440, height: 1000 },
  { colorScheme: 'dark', width: 1440, height: 1000 },
  { colorScheme: 'light', width: 360, height: 780 },
  { colorScheme: 'dark', width: 360, height: 780 },
];

// A string, not a function: tsx would compile a function with helpers the page does not have.
const REPLACE_PICKERS = `
  const pickedDir = async () => (await navigator.storage.getDirectory()).getDirectoryHandle('screenshots', { create: true });
  Object.assign(window, {
    showSaveFilePicker: async (opts) => (await pickedDir()).getFileHandle(opts?.suggestedName ?? 'download', { create: true }),
    showDirectoryPicker: async () => pickedDir(),
  });
`;

/** Twenty links that end in every state the list shows. Under 1 GiB in all: a fresh context's quota is small. */
function links(originUrl: string, run: string): string[] {
  const file = (name: string, params: Record<string, number>): string =>
    `${originUrl}/files/${encodeURIComponent(name)}?${new URLSearchParams(Object.entries(params).map(([k, v]) => [k, String(v)]))}`;
  const checked = `checked-${run}.bin`;
  const checkedSize = 40_017;
  // In an order that puts every state near the top, where a 360 px screen shows only a few rows.
  // A job with no connection gets the next free one, so the small files still finish at once.
  return [
    file('ubuntu-24.04.1-desktop-amd64.iso', { size: 90 * MiB, rate: 300_000 }),
    file('missing-file.iso', { size: MiB, fail: 404, fails: 1_000_000 }),
    file('firmware-update.bin', { size: 24 * MiB, rate: 100_000 }),
    `${file(checked, { size: checkedSize })} sha256=${sha256OfContent(checkedSize, seedForName(checked))}`,
    file(`report-q3-${run}.pdf`, { size: 2 * MiB }),
    file('sign-in-wall.iso', { size: MiB, html: 1, htmls: 1_000_000 }),
    file('Blender-4.2-LTS-linux-x64.tar.xz', { size: 80 * MiB, rate: 150_000 }),
    file(`notes-${run}.txt`, { size: 40_000 }),
    file('podcast-episode-142.mp3', { size: 20 * MiB, rate: 100_000 }),
    file('debian-12.8.0-amd64-netinst.iso', { size: 64 * MiB, rate: 200_000 }),
    file(`photos-${run}.zip`, { size: 3 * MiB }),
    file(`dataset-2026-11-${run}.parquet`, { size: 40 * MiB, rate: 100_000 }),
    file('holiday-video-4k-final-FINAL-v3-really-final-export-from-the-editing-suite.mov', { size: 120 * MiB, rate: 250_000 }),
    file(`slides-${run}.pptx`, { size: 1_500_000 }),
    file('kernel-source-6.12.tar.gz', { size: 30 * MiB, rate: 120_000 }),
    file(`streamed-log-${run}.txt`, { size: 30 * MiB, nolength: 1, rate: 100_000 }),
    file(`readme-${run}.md`, { size: 9_000 }),
    file('game-assets-pack.7z', { size: 60 * MiB, rate: 150_000 }),
    file('video-lecture-07.mp4', { size: 50 * MiB, rate: 150_000 }),
    file('backup-2026-12-01.tar', { size: 70 * MiB, rate: 150_000 }),
  ];
}

/** Adds the links in the page's own language and brings rows to the states the pictures show. */
async function arrange(page: Page, lang: Lang, originUrl: string, run: string): Promise<void> {
  const m = CATALOGS[lang];
  await page.locator(`ul[aria-label="${m.app.downloads}"]:not([aria-busy="true"])`).waitFor({ state: 'attached' });
  await page.getByRole('textbox', { name: m.add.urlLabel, exact: true }).fill(links(originUrl, run).join('\n'));
  await page.getByRole('button', { name: m.add.download, exact: true }).click();
  const list = page.getByRole('list', { name: m.app.downloads, exact: true });
  const row = (name: string) => list.getByRole('listitem', { name, exact: true });
  await list.getByRole('listitem').nth(19).waitFor();
  for (const small of [`checked-${run}.bin`, `report-q3-${run}.pdf`, `notes-${run}.txt`]) {
    await row(small).locator('[data-status="completed"]').waitFor({ timeout: 60_000 });
  }
  await row('missing-file.iso').locator('[data-status="failed"]').waitFor({ timeout: 60_000 });
  await row('firmware-update.bin').getByRole('button', { name: m.row.actions.pause, exact: true }).click();
  await row('podcast-episode-142.mp3').getByRole('button', { name: m.row.actions.cancel, exact: true }).click();
  await row('Blender-4.2-LTS-linux-x64.tar.xz').getByRole('button', { name: m.row.details, exact: true }).click();
  // Long enough for the rows to show a speed and a time left.
  await page.waitForTimeout(2_500);
}

async function shootLanguage(browser: Browser, appUrl: string, originUrl: string, lang: Lang): Promise<string[]> {
  const context = await browser.newContext({ locale: lang, viewport: { width: 1440, height: 1000 } });
  await context.addInitScript(REPLACE_PICKERS);
  const page = await context.newPage();
  const written: string[] = [];
  try {
    await page.goto(appUrl);
    await arrange(page, lang, originUrl, `${Date.now().toString(36).slice(-4)}${lang === 'en' ? 'a' : 'b'}`);
    for (const { colorScheme, width, height } of SHOTS) {
      await page.emulateMedia({ colorScheme });
      await page.setViewportSize({ width, height });
      // Start at the list: the form above it is not what these pictures are about.
      await page.evaluate(() => {
        const heading = document.getElementById('downloads-title');
        if (heading !== null) window.scrollTo(0, heading.getBoundingClientRect().top + window.scrollY - 12);
      });
      await page.mouse.move(0, 0);
      const path = `docs/list-${lang}-${colorScheme}-${width}.png`;
      await page.screenshot({ path });
      written.push(path);
    }
  } catch (error) {
    await page.screenshot({ path: `docs/failed-${lang}.png`, fullPage: true });
    throw error;
  } finally {
    await context.close();
  }
  return written;
}

const outDir = await mkdtemp(join(tmpdir(), 'rangefetch-screenshots-'));
await build({ logLevel: 'warn', build: { outDir, emptyOutDir: true } });
const host = await startStaticHost({ root: outDir, editPolicy: (policy) => `${policy}; report-uri ${CSP_REPORT_PATH}` });
const origin = await startOrigin({ port: 0 });
const browser = await chromium.launch({ executablePath: CHROMIUM_PATH, headless: true, args: [...CHROMIUM_ARGS] });
try {
  await mkdir('docs', { recursive: true });
  for (const lang of ['en', 'zh-CN'] as const) {
    for (const path of await shootLanguage(browser, host.url, origin.url, lang)) console.log(`wrote ${path}`);
  }
  if (host.cspReports.length > 0) {
    throw new Error(`Content-Security-Policy violations while shooting:\n${JSON.stringify(host.cspReports, null, 2)}`);
  }
} finally {
  await browser.close();
  await origin.close();
  await host.close();
  await rm(outDir, { recursive: true, force: true });
}
