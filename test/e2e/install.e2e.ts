/**
 * Installable and offline: the manifest and its icons, the page opening with the network off
 * after one visit, downloads untouched by the service worker, and a new version that waits for
 * the person (install-update.e2e.ts).
 */
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromium, type Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { CHROMIUM_ARGS, CHROMIUM_PATH } from '../chromium';
import { sha256OfContent } from '../origin/bytes';
import { addUrls, outputSize, readOutputSha256, row, useE2e, waitForListReady, waitForProgress, waitForStatus } from './harness';

const MiB = 1024 * 1024;
const e2e = useE2e();

interface ManifestIcon {
  src: string;
  sizes: string;
  type: string;
  purpose?: string;
}

/** The page's light background, as the stylesheet declares it: the colour the manifest must match. */
async function lightBackground(): Promise<string> {
  const css = await readFile(new URL('../../src/ui/styles.css', import.meta.url), 'utf8');
  const value = /:root\s*{[^}]*--bg:\s*(#[0-9a-fA-F]{6})/.exec(css)?.[1];
  if (value === undefined) throw new Error('styles.css: no --bg in :root');
  return value.toLowerCase();
}

/** Width and height from a PNG's IHDR chunk, which always comes first. */
function pngSize(bytes: Buffer): { width: number; height: number } {
  expect(bytes.subarray(1, 4).toString('latin1'), 'PNG signature').toBe('PNG');
  return { width: bytes.readUInt32BE(16), height: bytes.readUInt32BE(20) };
}

/** Waits until the service worker is active: its install, which caches the shell, has finished. */
async function serviceWorkerReady(page: Page): Promise<void> {
  await page.evaluate(async () => {
    await navigator.serviceWorker.ready;
  });
}

describe('installable', () => {
  it('has a manifest with the fields Chrome installs from, icons that are what they say, a share target and a protocol handler', async () => {
    const app = await e2e.newAppPage();
    const { page } = app;
    const href = await page.locator('link[rel="manifest"]').getAttribute('href');
    const manifestUrl = new URL(href ?? 'missing', page.url()).href;
    const response = await app.context.request.get(manifestUrl);
    expect(response.status()).toBe(200);
    expect(response.headers()['content-type']).toContain('application/manifest+json');
    const manifest = (await response.json()) as Record<string, unknown>;

    const background = await lightBackground();
    expect(manifest).toMatchObject({
      name: 'Rangefetch',
      short_name: 'Rangefetch',
      start_url: './',
      scope: './',
      display: 'standalone',
      theme_color: background,
      background_color: background,
    });
    expect(await page.locator('meta[name="theme-color"][media="(prefers-color-scheme: light)"]').getAttribute('content')).toBe(background);

    // The contract the page's incoming-links code reads.
    expect(manifest.share_target).toMatchObject({
      action: './',
      method: 'GET',
      params: { title: 'share-title', text: 'share-text', url: 'share-url' },
    });
    expect(manifest.protocol_handlers).toEqual([{ protocol: 'web+rangefetch', url: './?link=%s' }]);

    const icons = manifest.icons as ManifestIcon[];
    for (const icon of icons) {
      const got = await app.context.request.get(new URL(icon.src, manifestUrl).href);
      expect(got.status(), icon.src).toBe(200);
      expect(got.headers()['content-type'], icon.src).toContain(icon.type);
      if (icon.type === 'image/png') {
        const { width, height } = pngSize(await got.body());
        expect(`${width}x${height}`, icon.src).toBe(icon.sizes);
      }
    }
    const pngs = (purpose: string): string[] => icons.filter((i) => i.type === 'image/png' && (i.purpose ?? 'any').split(' ').includes(purpose)).map((i) => i.sizes);
    expect(pngs('any')).toEqual(expect.arrayContaining(['192x192', '512x512']));
    expect(pngs('maskable').length).toBeGreaterThan(0);
    expect(icons.some((i) => i.type === 'image/svg+xml' && i.sizes === 'any')).toBe(true);

    const touchIcon = await page.locator('link[rel="apple-touch-icon"]').getAttribute('href');
    const touch = await app.context.request.get(new URL(touchIcon ?? 'missing', page.url()).href);
    expect(pngSize(await touch.body())).toEqual({ width: 180, height: 180 });
  });

  it('keeps the maskable icon inside the safe zone: outside the central circle only the background', async () => {
    const app = await e2e.newAppPage();
    const src = new URL('icons/maskable-512.png', app.page.url()).href;
    const found = await app.page.evaluate(async (url) => {
      const image = new Image();
      image.src = url;
      await image.decode();
      const canvas = new OffscreenCanvas(image.naturalWidth, image.naturalHeight);
      const g = canvas.getContext('2d');
      if (g === null) throw new Error('no 2d context');
      g.drawImage(image, 0, 0);
      const { data, width, height } = g.getImageData(0, 0, canvas.width, canvas.height);
      const background = [data[0], data[1], data[2]];
      // The safe zone of a maskable icon: a circle of 40 % of the width around the centre.
      const safe = 0.4 * width;
      let outsideOther = 0;
      let insideGlyph = 0;
      for (let y = 0; y < height; y++) {
        for (let x = 0; x < width; x++) {
          const i = (y * width + x) * 4;
          const same = [0, 1, 2].every((c) => Math.abs((data[i + c] ?? 0) - (background[c] ?? 0)) <= 2) && data[i + 3] === 255;
          const r = Math.hypot(x + 0.5 - width / 2, y + 0.5 - height / 2);
          if (r > safe && !same) outsideOther++;
          if (r <= safe && (data[i] ?? 0) > 240 && (data[i + 1] ?? 0) > 240 && (data[i + 2] ?? 0) > 240) insideGlyph++;
        }
      }
      return { width, height, background, outsideOther, insideGlyph };
    }, src);
    expect(found.width).toBe(512);
    expect(found.background, 'full bleed in the icon colour').toEqual([0x24, 0x57, 0xd6]);
    expect(found.outsideOther, 'pixels other than the background outside the safe zone').toBe(0);
    expect(found.insideGlyph, 'white glyph pixels inside it').toBeGreaterThan(1000);
  });

  it('Chrome finds nothing in the way of installing it (in a real profile: incognito cannot install)', async () => {
    const profile = await mkdtemp(join(tmpdir(), 'rangefetch-install-'));
    const context = await chromium.launchPersistentContext(profile, { executablePath: CHROMIUM_PATH, headless: true, args: [...CHROMIUM_ARGS] });
    try {
      const page = context.pages()[0] ?? (await context.newPage());
      const warnings: string[] = [];
      page.on('console', (message) => {
        if (message.type() === 'warning' || message.type() === 'error') warnings.push(message.text());
      });
      await page.goto(e2e.appUrl);
      await waitForListReady(page);
      await serviceWorkerReady(page);
      const cdp = await context.newCDPSession(page);
      const { installabilityErrors } = await cdp.send('Page.getInstallabilityErrors');
      console.log(`[e2e] installability errors: ${JSON.stringify(installabilityErrors)}`);
      expect(installabilityErrors).toEqual([]);
      const { errors } = await cdp.send('Page.getAppManifest');
      expect(errors, 'what Chrome says about the manifest').toEqual([]);
      // Neither the manifest nor the service worker's registration trips the page's CSP.
      expect(warnings.filter((text) => /Content Security Policy|Manifest/i.test(text))).toEqual([]);
    } finally {
      await context.close();
      await rm(profile, { recursive: true, force: true });
    }
  });
});

describe('offline', () => {
  it('after one visit, opens with the network off: the URL field takes a link, which downloads once the network is back', async () => {
    const app = await e2e.newAppPage();
    const { page, context } = app;
    await serviceWorkerReady(page);

    await context.setOffline(true);
    // Off for this page's requests, including those the service worker passes to the network.
    const probe = await page.evaluate(() => fetch('./manifest.webmanifest?probe').then((r) => `answered ${r.status}`, () => 'failed'));
    expect(probe, 'a request for something the app does not keep, offline').toBe('failed');
    const navigation = await page.reload();
    expect(navigation?.fromServiceWorker(), 'the page came from the service worker').toBe(true);
    expect(navigation?.status()).toBe(200);
    await waitForListReady(page);

    const name = 'added-offline.bin';
    const size = 4 * MiB;
    const seed = 9101;
    await addUrls(page, e2e.fileUrl(name, { size, seed }));
    // The row is made by the download worker: its script, too, came from the service worker.
    await row(page, name).waitFor({ state: 'visible', timeout: 15_000 });

    await context.setOffline(false);
    await waitForStatus(row(page, name), 'completed', 90_000);
    expect(await outputSize(page, name)).toBe(size);
    expect(await readOutputSha256(page, name)).toBe(sha256OfContent(size, seed));
  });

  it('opens offline for a shared link and a web+rangefetch: link too, with the link in the URL field', async () => {
    const app = await e2e.newAppPage();
    const { page, context } = app;
    await serviceWorkerReady(page);
    await context.setOffline(true);
    const field = page.getByRole('textbox', { name: 'URL', exact: true });
    const shared = 'https://files.example/shared.iso';
    const handed = 'https://files.example/handed.iso';
    // The addresses the manifest's share_target and protocol_handlers make the browser open.
    for (const [query, link] of [
      [`?share-url=${encodeURIComponent(shared)}&share-text=&share-title=`, shared],
      [`?link=${encodeURIComponent(`web+rangefetch:${handed}`)}`, handed],
    ] as const) {
      await page.goto('about:blank');
      const navigation = await page.goto(new URL(query, e2e.appUrl).href);
      expect(navigation?.fromServiceWorker(), query).toBe(true);
      await waitForListReady(page);
      await expect.poll(() => field.inputValue()).toBe(link);
    }
  });
});

describe('downloads with the service worker in control', () => {
  it('are byte-exact, and the service worker answers none of their requests and keeps none of their bytes', async () => {
    const app = await e2e.newAppPage();
    const { page } = app;
    await serviceWorkerReady(page);
    await page.reload();
    await waitForListReady(page);
    expect(await page.evaluate(() => navigator.serviceWorker.controller !== null), 'page controlled by the service worker').toBe(true);

    const answers: Array<{ url: string; fromServiceWorker: boolean; status: number }> = [];
    page.on('response', (response) => {
      if (response.url().startsWith(e2e.origin.url)) answers.push({ url: response.url(), fromServiceWorker: response.fromServiceWorker(), status: response.status() });
    });
    const name = 'controlled.bin';
    const size = 24 * MiB;
    const seed = 9102;
    // Paced, so several connections overlap, as in the core suite.
    await addUrls(page, e2e.fileUrl(name, { size, seed, rate: 8_000_000 }));
    await waitForProgress(row(page, name), 0.1, 60_000);
    await waitForStatus(row(page, name), 'completed', 90_000);
    expect(await outputSize(page, name)).toBe(size);
    expect(await readOutputSha256(page, name)).toBe(sha256OfContent(size, seed));

    const ranges = e2e.origin.stats(name).rangeRequests;
    expect(ranges, 'range requests the origin answered').toBeGreaterThanOrEqual(4);
    // The page sees the worker's requests too; every one of them went to the network.
    expect(answers.length, 'answers seen for the download').toBeGreaterThanOrEqual(ranges);
    expect(answers.filter((a) => a.fromServiceWorker)).toEqual([]);
    const kept = await page.evaluate(async () => {
      const urls: string[] = [];
      for (const key of await caches.keys()) for (const request of await (await caches.open(key)).keys()) urls.push(request.url);
      return urls;
    });
    expect(kept.length).toBeGreaterThan(0);
    expect(kept.filter((url) => new URL(url).origin !== e2e.appOrigin), 'cached from other origins').toEqual([]);
  });
});
