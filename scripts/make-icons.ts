/**
 * Draws the app's PNG icons from public/favicon.svg, in headless Chromium (the browser the tests
 * already use, so no image tool is needed):
 *
 *   public/icons/icon-192.png, icon-512.png   the favicon as it is, transparent round corners
 *   public/icons/maskable-512.png             full bleed, the glyph inside the central circle of
 *                                             80 % diameter that every mask shape keeps
 *   public/icons/apple-touch-icon.png         180 px, opaque (iOS fills transparency with black
 *                                             and rounds the corners itself)
 *
 *   npx tsx scripts/make-icons.ts      (npm run icons)
 *
 * Run it again after changing favicon.svg; the PNGs are committed, so a build needs no browser.
 */
import { readFile, mkdir, writeFile } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import { chromium, type Page } from 'playwright-core';
import { CHROMIUM_ARGS, CHROMIUM_PATH } from '../test/chromium.ts';

const PUBLIC = fileURLToPath(new URL('../public/', import.meta.url));

/**
 * The glyph reaches 12.9 units from the centre of the 32-unit square (the ends of its bottom bar
 * and their round caps); the safe zone is a circle of radius 12.8. At 0.78 it reaches 10.1 units,
 * 31 % of the width: inside the zone with room to spare (test/e2e/install.e2e.ts checks the pixels).
 */
const MASKABLE_GLYPH_SCALE = 0.78;

interface Icon {
  file: string;
  size: number;
  svg: string;
  /** Keep the SVG's transparent corners; else the PNG is opaque. */
  transparent: boolean;
}

/**
 * The favicon's background colour and glyph, so the full-bleed icons are drawn from the same
 * source instead of a second copy of the design.
 */
function partsOf(favicon: string): { background: string; glyph: string } {
  const background = /<rect[^>]*fill="(#[0-9a-fA-F]{3,8})"/.exec(favicon)?.[1];
  const glyph = /<path[^>]*\/>/.exec(favicon)?.[0];
  if (background === undefined || glyph === undefined) throw new Error('favicon.svg: expected a <rect fill="#…"> and one <path/>');
  return { background, glyph };
}

/** A square of the favicon's colour with its glyph scaled about the centre. */
function fullBleed(favicon: string, glyphScale: number): string {
  const { background, glyph } = partsOf(favicon);
  return (
    `<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 32 32"><rect width="32" height="32" fill="${background}"/>` +
    `<g transform="translate(16 16) scale(${glyphScale}) translate(-16 -16)">${glyph}</g></svg>`
  );
}

async function draw(page: Page, icon: Icon): Promise<Buffer> {
  await page.setViewportSize({ width: icon.size, height: icon.size });
  const src = `data:image/svg+xml;base64,${Buffer.from(icon.svg).toString('base64')}`;
  await page.setContent(
    `<!doctype html><style>html,body{margin:0;background:transparent}img{display:block;width:${icon.size}px;height:${icon.size}px}</style><img src="${src}">`,
  );
  await page.locator('img').evaluate((img: HTMLImageElement) => img.decode());
  return page.screenshot({ omitBackground: icon.transparent, clip: { x: 0, y: 0, width: icon.size, height: icon.size } });
}

async function main(): Promise<void> {
  const favicon = await readFile(`${PUBLIC}favicon.svg`, 'utf8');
  const icons: Icon[] = [
    { file: 'icons/icon-192.png', size: 192, svg: favicon, transparent: true },
    { file: 'icons/icon-512.png', size: 512, svg: favicon, transparent: true },
    { file: 'icons/maskable-512.png', size: 512, svg: fullBleed(favicon, MASKABLE_GLYPH_SCALE), transparent: false },
    { file: 'icons/apple-touch-icon.png', size: 180, svg: fullBleed(favicon, 0.9), transparent: false },
  ];
  await mkdir(`${PUBLIC}icons`, { recursive: true });
  const browser = await chromium.launch({ executablePath: CHROMIUM_PATH, headless: true, args: [...CHROMIUM_ARGS] });
  try {
    const page = await browser.newPage({ deviceScaleFactor: 1 });
    for (const icon of icons) {
      await writeFile(`${PUBLIC}${icon.file}`, await draw(page, icon));
      console.log(`public/${icon.file} (${icon.size}×${icon.size})`);
    }
  } finally {
    await browser.close();
  }
}

await main();
