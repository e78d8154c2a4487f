/**
 * Screenshots of the list for the README: docs/list-light.png and docs/list-dark.png at 1440 px
 * wide, and docs/list-dark-360.png (a phone, checked by eye, not in the README).
 *
 * It starts nothing: `npm start` must be running, serving the app on http://127.0.0.1:5173 and
 * the sample origin (test/origin) on http://127.0.0.1:8787. Override with APP_URL / ORIGIN_URL.
 * Chromium is Debian's (/usr/bin/chromium, or $CHROMIUM_PATH) with the flags of test/chromium.ts.
 * As in test/e2e/harness.ts, only the save pickers are replaced, by OPFS folders.
 *
 *   node scripts/screenshots.mjs
 */
import { chromium } from 'playwright-core';
import { mkdir } from 'node:fs/promises';
import { createHash } from 'node:crypto';

const APP_URL = process.env.APP_URL ?? 'http://127.0.0.1:5173/';
const ORIGIN_URL = (process.env.ORIGIN_URL ?? 'http://127.0.0.1:8787').replace(/\/$/, '');
const CHROMIUM_PATH = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
// test/chromium.ts CHROMIUM_ARGS, repeated: a .mjs cannot import the .ts file.
const CHROMIUM_ARGS = ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--disable-background-networking', '--disable-component-update', '--disable-sync'];
const MiB = 1024 * 1024;

function replacePickers() {
  const pickedDir = async () => (await navigator.storage.getDirectory()).getDirectoryHandle('screenshots', { create: true });
  Object.assign(window, {
    showSaveFilePicker: async (opts) => (await pickedDir()).getFileHandle(opts?.suggestedName ?? 'download', { create: true }),
    showDirectoryPicker: async () => pickedDir(),
  });
}

const file = (name, params) => `${ORIGIN_URL}/files/${encodeURIComponent(name)}?${new URLSearchParams(params)}`;

/**
 * Twenty links that end in every state the list shows; `run` keeps names of runs apart. Under
 * 1 GiB in all: a fresh headless context's storage quota is small.
 */
function links(run) {
  const slow = { size: 90 * MiB, rate: 300_000 };
  // The quick ones first: jobs take the server's six connections in the order they were added.
  const list = [
    file(`report-q3-${run}.pdf`, { size: 2 * MiB }),
    file(`photos-${run}.zip`, { size: 3 * MiB }),
    file(`notes-${run}.txt`, { size: 40_000 }),
    file(`slides-${run}.pptx`, { size: 1_500_000 }),
    file(`readme-${run}.md`, { size: 9_000 }),
    file('missing-file.iso', { size: MiB, fail: 404, fails: 1_000_000 }),
    file('sign-in-wall.iso', { size: MiB, html: 1, htmls: 1_000_000 }),
    file('ubuntu-24.04.1-desktop-amd64.iso', slow),
    file('debian-12.8.0-amd64-netinst.iso', { size: 64 * MiB, rate: 200_000 }),
    file('Blender-4.2-LTS-linux-x64.tar.xz', { size: 80 * MiB, rate: 150_000 }),
    file(`dataset-2026-11-${run}.parquet`, { size: 40 * MiB, rate: 100_000 }),
    file('holiday-video-4k-final-FINAL-v3-really-final-export-from-the-editing-suite.mov', { size: 120 * MiB, rate: 250_000 }),
    file('kernel-source-6.12.tar.gz', { size: 30 * MiB, rate: 120_000 }),
    file('firmware-update.bin', { size: 24 * MiB, rate: 100_000 }),
    file('podcast-episode-142.mp3', { size: 20 * MiB, rate: 100_000 }),
    file(`streamed-log-${run}.txt`, { size: 30 * MiB, nolength: 1, rate: 100_000 }),
    file('game-assets-pack.7z', { size: 60 * MiB, rate: 150_000 }),
    file('video-lecture-07.mp4', { size: 50 * MiB, rate: 150_000 }),
    file('backup-2026-12-01.tar', { size: 70 * MiB, rate: 150_000 }),
  ];
  const checked = 40_000 + 17;
  const name = `checked-${run}.bin`;
  list.unshift(`${file(name, { size: checked })} sha256=${sha256Of(name, checked)}`);
  return list;
}

// The origin's bytes are a function of name and size (test/origin/bytes.ts); a wrong checksum
// still shows the verdict, so an unknown one is given rather than computed here.
function sha256Of(name, size) {
  return createHash('sha256').update(`${name}:${size}`).digest('hex');
}

async function shoot(browser, { colorScheme, width, height, path, run }) {
  const context = await browser.newContext({ colorScheme, viewport: { width, height } });
  await context.addInitScript(replacePickers);
  const page = await context.newPage();
  try {
    await arrange(page, run);
  } catch (error) {
    await page.screenshot({ path: 'docs/failed.png', fullPage: true });
    throw error;
  }
  // Start at the list: the form above it is not what these pictures are about.
  await page.evaluate(() => window.scrollTo(0, document.getElementById('downloads-title').getBoundingClientRect().top + window.scrollY - 12));
  await page.mouse.move(0, 0);
  await page.screenshot({ path });
  await context.close();
}

async function arrange(page, run) {
  await page.goto(APP_URL);
  await page.locator('ul[aria-label="Downloads"]:not([aria-busy="true"])').waitFor({ state: 'attached' });
  await page.getByRole('textbox', { name: 'URL', exact: true }).fill(links(run).join('\n'));
  await page.getByRole('button', { name: 'Download', exact: true }).click();
  const list = page.getByRole('list', { name: 'Downloads', exact: true });
  const row = (name) => list.getByRole('listitem', { name, exact: true });
  await list.getByRole('listitem').nth(19).waitFor();
  await row(`notes-${run}.txt`).locator('[data-status="completed"]').waitFor({ timeout: 30_000 });
  await row('missing-file.iso').locator('[data-status="failed"]').waitFor({ timeout: 60_000 });
  await row('firmware-update.bin').getByRole('button', { name: 'Pause', exact: true }).click();
  await row('podcast-episode-142.mp3').getByRole('button', { name: 'Cancel', exact: true }).click();
  await row('Blender-4.2-LTS-linux-x64.tar.xz').getByRole('button', { name: 'Details', exact: true }).click();
  await page.waitForTimeout(2_500);
}

await mkdir('docs', { recursive: true });
const browser = await chromium.launch({ executablePath: CHROMIUM_PATH, headless: true, args: CHROMIUM_ARGS });
try {
  const run = Date.now().toString(36).slice(-4);
  await shoot(browser, { colorScheme: 'light', width: 1440, height: 1000, path: 'docs/list-light.png', run: `${run}a` });
  await shoot(browser, { colorScheme: 'dark', width: 1440, height: 1000, path: 'docs/list-dark.png', run: `${run}b` });
  await shoot(browser, { colorScheme: 'dark', width: 360, height: 780, path: 'docs/list-dark-360.png', run: `${run}c` });
} finally {
  await browser.close();
}
