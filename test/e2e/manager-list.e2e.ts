/**
 * The list at scale: compact rows that expand to their details (Enter or Details), no sideways
 * scrolling at phone, tablet and desktop widths, no serious accessibility faults (axe-core), and
 * how long 1,000 rows take to show.
 */
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { addUrls, downloadsList, pollUntil, row, rowButton, settingsPanel, useE2e, waitForProgress, waitForStatus } from './harness';

const KiB = 1024;
const MiB = 1024 * KiB;
const e2e = useE2e();

/**
 * The page's policy is `script-src 'self'`, so a <script> tag with axe's source (addScriptTag) is
 * refused. page.evaluate goes through the DevTools protocol, which the policy does not govern: the
 * source is evaluated there and axe defines `window.axe` as it would from a tag.
 */
const AXE_SOURCE = readFileSync(createRequire(import.meta.url).resolve('axe-core/axe.min.js'), 'utf8');

interface AxeFinding {
  id: string;
  impact: string | null;
  help: string;
  nodes: string[];
}

async function axeFindings(page: Page): Promise<{ findings: AxeFinding[]; passed: number }> {
  await page.evaluate(AXE_SOURCE);
  const violations = await page.evaluate(async () => {
    const axe = (window as unknown as { axe: { run(context: Document): Promise<{ passes: unknown[]; violations: Array<{ id: string; impact?: string | null; help: string; nodes: Array<{ target: unknown[]; failureSummary?: string }> }> }> } }).axe;
    const result = await axe.run(document);
    const findings = result.violations.map((v) => ({
      id: v.id,
      impact: v.impact ?? null,
      help: v.help,
      nodes: v.nodes.slice(0, 5).map((n) => `${JSON.stringify(n.target)} ${n.failureSummary ?? ''}`),
    }));
    return { findings, passed: result.passes.length };
  });
  return violations;
}

/** Whether the page can be scrolled sideways: wider than the window it is shown in. */
async function sidewaysOverflow(page: Page): Promise<{ scrollWidth: number; innerWidth: number }> {
  return page.evaluate(() => ({ scrollWidth: document.documentElement.scrollWidth, innerWidth: window.innerWidth }));
}

describe('the list', () => {
  it('Enter on a row, or its Details button, shows the link, where it is saved and the dates', async () => {
    const app = await e2e.newAppPage();
    const f = { name: 'details-of-this.bin', size: 300 * KiB };
    const url = e2e.fileUrl(f.name, { size: f.size, seed: 9400 });
    const before = Date.now();
    await addUrls(app.page, url);
    const target = row(app.page, f.name);
    await waitForStatus(target, 'completed', 30_000);
    const after = Date.now();
    const toggle = rowButton(target, 'Details');
    expect(await toggle.getAttribute('aria-expanded')).toBe('false');
    const regionId = await toggle.getAttribute('aria-controls');
    expect(regionId).not.toBeNull();
    const region = app.page.locator(`[id="${regionId}"]`);
    expect(await region.isVisible()).toBe(false);

    await target.focus();
    await app.page.keyboard.press('Enter');
    await pollUntil(async () => ((await toggle.getAttribute('aria-expanded')) === 'true' ? true : undefined), 5_000, () => 'Enter did not expand the row');
    expect(await region.isVisible()).toBe(true);
    expect(await region.locator('[data-role="url"]').innerText()).toBe(url);
    const text = await region.innerText();
    expect(text).toContain(f.name);
    expect(text).toMatch(/SHA-256\s+[0-9a-f]{64}/);
    for (const role of ['added', 'completed']) {
      const when = Date.parse((await region.locator(`time[data-role="${role}"]`).getAttribute('datetime')) ?? '');
      expect(when, `${role} date`).toBeGreaterThanOrEqual(before - 1_000);
      expect(when, `${role} date`).toBeLessThanOrEqual(after + 1_000);
      expect((await region.locator(`time[data-role="${role}"]`).innerText()).trim()).not.toBe('');
    }
    // The row keeps focus: Enter again folds it.
    await app.page.keyboard.press('Enter');
    await pollUntil(async () => ((await toggle.getAttribute('aria-expanded')) === 'false' ? true : undefined), 5_000, () => 'Enter did not fold the row');
    expect(await region.isVisible()).toBe(false);

    await toggle.click();
    expect(await toggle.getAttribute('aria-expanded')).toBe('true');
    expect(await region.isVisible()).toBe(true);
    await toggle.click();
    expect(await region.isVisible()).toBe(false);
  });

  it('a thin strip under the bar shows where each connection is in the file while it downloads', async () => {
    const app = await e2e.newAppPage();
    const f = { name: 'strip.bin', size: 24 * MiB };
    await addUrls(app.page, e2e.fileUrl(f.name, { size: f.size, seed: 9450, rate: 400_000 }));
    const target = row(app.page, f.name);
    await waitForProgress(target, 0.02, 30_000);
    const pieces = await pollUntil(
      async () => {
        const found = await target.locator('[data-role="pieces"] .piece').count();
        return found >= 2 ? found : undefined;
      },
      10_000,
      () => 'no strip of ranges under the bar',
    );
    expect(pieces).toBeLessThanOrEqual(6);
    await rowButton(target, 'Pause').click();
    await waitForStatus(target, 'paused', 10_000);
    expect(await target.locator('[data-role="pieces"]').count(), 'a paused row has no connection to show').toBe(0);
  });

  it('100 rows with long unbreakable names never scroll sideways at 360, 768 or 1440 px', async () => {
    const app = await e2e.newAppPage();
    const long = (i: number): string => `${'very-long-unbreakable-file-name-'.repeat(4)}${String(i).padStart(3, '0')}.bin`;
    const links = Array.from({ length: 100 }, (_, i) =>
      i % 10 === 9 ? e2e.fileUrl(long(i), { size: 64 * KiB, fail: 404, fails: 1_000 }) : e2e.fileUrl(long(i), { size: 64 * KiB, seed: 9500 + i }),
    );
    await addUrls(app.page, links.join('\n'));
    await pollUntil(async () => ((await downloadsList(app.page).getByRole('listitem').count()) === 100 ? true : undefined), 60_000, () => 'not 100 rows');
    await waitForStatus(row(app.page, long(9)), 'failed', 30_000);
    await rowButton(row(app.page, long(0)), 'Details').click();
    for (const width of [360, 768, 1440]) {
      await app.page.setViewportSize({ width, height: 800 });
      await app.page.evaluate(() => new Promise((resolve) => requestAnimationFrame(() => requestAnimationFrame(resolve))));
      const { scrollWidth, innerWidth } = await sidewaysOverflow(app.page);
      expect(scrollWidth, `page width at ${width} px`).toBeLessThanOrEqual(innerWidth);
    }
  });

  it('axe finds nothing serious with rows in several states, Settings open and a row expanded, light and dark', async () => {
    const app = await e2e.newAppPage();
    const done = e2e.fileUrl('axe-done.txt', { size: 20 * KiB });
    const slow = e2e.fileUrl('axe-slow.bin', { size: 32 * MiB, rate: 200_000 });
    const paused = e2e.fileUrl('axe-paused.bin', { size: 32 * MiB, rate: 200_000 });
    const gone = e2e.fileUrl('axe-gone.bin', { size: MiB, fail: 404, fails: 1_000 });
    const page = e2e.fileUrl('axe-portal.iso', { size: MiB, html: 1, htmls: 1_000 });
    const unknown = e2e.fileUrl('axe-unknown.bin', { size: 8 * MiB, nolength: 1, rate: 100_000 });
    await addUrls(app.page, [done, slow, paused, gone, page, unknown].join('\n'));
    await waitForStatus(row(app.page, 'axe-done.txt'), 'completed', 30_000);
    await waitForStatus(row(app.page, 'axe-gone.bin'), 'failed', 30_000);
    await waitForStatus(row(app.page, 'axe-portal.iso'), 'web-page', 30_000);
    await waitForProgress(row(app.page, 'axe-paused.bin'), 0.001, 30_000);
    await rowButton(row(app.page, 'axe-paused.bin'), 'Pause').click();
    await waitForStatus(row(app.page, 'axe-paused.bin'), 'paused', 10_000);
    await rowButton(row(app.page, 'axe-done.txt'), 'Details').click();
    await rowButton(row(app.page, 'axe-slow.bin'), 'Details').click();
    await settingsPanel(app.page).locator('summary').click();

    for (const colorScheme of ['light', 'dark'] as const) {
      await app.page.emulateMedia({ colorScheme });
      const { findings: all, passed } = await axeFindings(app.page);
      const findings = all.filter((v) => v.impact === 'serious' || v.impact === 'critical');
      console.log(`[e2e] axe (${colorScheme}): ${passed} rules passed; ${all.length === 0 ? 'no violations' : all.map((v) => `${v.impact} ${v.id}`).join(', ')}`);
      expect(passed, 'axe ran its rules').toBeGreaterThan(10);
      if (findings.length > 0) console.log(JSON.stringify(findings, null, 2));
      expect(findings.map((f) => `${f.impact} ${f.id}: ${f.help}`), `serious or critical axe findings (${colorScheme})`).toEqual([]);
    }
  });

  it('1,000 rows: how long they take to show, and to show a progress update', async () => {
    const app = await e2e.newAppPage();
    const links = Array.from({ length: 1_000 }, (_, i) => e2e.fileUrl(`many-${String(i).padStart(4, '0')}.bin`, { size: 256 * KiB, rate: 8_000 }));
    await app.page.getByRole('textbox', { name: 'URL', exact: true }).fill(links.join('\n'));
    // Long tasks on the page's thread: how long a re-render of the list keeps it from answering.
    await app.page.evaluate(() => {
      const w = window as unknown as { __longTasks: Array<{ start: number; duration: number }> };
      w.__longTasks = [];
      new PerformanceObserver((list) => {
        for (const entry of list.getEntries()) w.__longTasks.push({ start: entry.startTime, duration: entry.duration });
      }).observe({ type: 'longtask', buffered: false });
    });
    const clickedAt = await app.page.evaluate(() => performance.now());
    await app.page.getByRole('button', { name: 'Download', exact: true }).click();
    const shownAt = await app.page.waitForFunction(
      () => (document.querySelectorAll('ul[aria-label="Downloads"] > li').length >= 1_000 ? performance.now() : false),
      undefined,
      { timeout: 90_000, polling: 'raf' },
    );
    const shown = (await shownAt.jsonValue()) as number;
    // The first row whose bar moves after all 1,000 are shown: one progress push re-rendered.
    const movedAt = await app.page.waitForFunction(
      () => {
        const w = window as unknown as { __firstValues?: Map<Element, string | null> };
        const bars = Array.from(document.querySelectorAll('ul[aria-label="Downloads"] progress'));
        if (w.__firstValues === undefined) {
          w.__firstValues = new Map(bars.map((b) => [b, b.getAttribute('value')]));
          return false;
        }
        return bars.some((b) => w.__firstValues!.has(b) && w.__firstValues!.get(b) !== b.getAttribute('value')) ? performance.now() : false;
      },
      undefined,
      { timeout: 60_000, polling: 'raf' },
    );
    const moved = (await movedAt.jsonValue()) as number;
    await app.page.waitForTimeout(3_000);
    const longTasks = await app.page.evaluate((from) => (window as unknown as { __longTasks: Array<{ start: number; duration: number }> }).__longTasks.filter((t) => t.start >= from), shown);
    const longest = longTasks.reduce((max, t) => Math.max(max, t.duration), 0);
    console.log(
      `[e2e] 1,000 rows: shown ${Math.round(shown - clickedAt)} ms after the click; a progress update shown ${Math.round(moved - shown)} ms later; ` +
        `in the 3 s after: ${longTasks.length} long tasks, the longest ${Math.round(longest)} ms`,
    );
    expect(await downloadsList(app.page).getByRole('listitem').count()).toBe(1_000);
  });
});
