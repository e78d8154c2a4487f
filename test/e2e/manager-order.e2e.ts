/** Jobs wait in line: downloads at once, Move up / Move down / Start now, and a line that survives a reload. */
import { describe, expect, it } from 'vitest';
import { sha256OfContent } from '../origin/bytes';
import { addUrls, applySettings, downloadsList, readOutputSha256, row, useE2e, waitForListReady, waitForProgress, waitForStatus } from './harness';

const MiB = 1024 * 1024;
const e2e = useE2e();

async function shownOrder(page: Parameters<typeof downloadsList>[0]): Promise<string[]> {
  return downloadsList(page).getByRole('listitem').evaluateAll((items) => items.map((li) => li.getAttribute('aria-label') ?? ''));
}

describe('the line of downloads', () => {
  it('runs one at a time when asked, in list order, which Move up, Move down and Start now change, across a reload', async () => {
    const app = await e2e.newAppPage();
    await applySettings(app.page, { downloadsAtOnce: 1 });
    const files = ['line-a.bin', 'line-b.bin', 'line-c.bin', 'line-d.bin'].map((name, i) => ({ name, size: 2 * MiB, seed: 9400 + i }));
    const [a, b, c, d] = files as [(typeof files)[0], (typeof files)[0], (typeof files)[0], (typeof files)[0]];
    await addUrls(app.page, files.map((f) => e2e.fileUrl(f.name, { size: f.size, seed: f.seed, rate: 600_000 })).join('\n'));
    await waitForProgress(row(app.page, a.name), 0.05, 30_000);
    expect(await shownOrder(app.page)).toEqual([a.name, b.name, c.name, d.name]);
    for (const f of [b, c, d]) await waitForStatus(row(app.page, f.name), 'queued', 5_000);

    // d goes up two places, then c down one: a, d, b, c.
    await row(app.page, d.name).getByRole('button', { name: 'Move up', exact: true }).click();
    await row(app.page, d.name).getByRole('button', { name: 'Move up', exact: true }).click();
    await row(app.page, c.name).getByRole('button', { name: 'Move down', exact: true }).click();
    await expect.poll(() => shownOrder(app.page)).toEqual([a.name, d.name, b.name, c.name]);
    // The line is stored: a reload shows it again.
    await app.page.reload();
    await waitForListReady(app.page);
    await expect.poll(() => shownOrder(app.page), { timeout: 10_000 }).toEqual([a.name, d.name, b.name, c.name]);
    // Start now puts c at the front of those waiting.
    await row(app.page, c.name).getByRole('button', { name: 'Start now', exact: true }).click();
    await expect.poll(() => shownOrder(app.page)).toEqual([c.name, a.name, d.name, b.name]);

    for (const f of files) await waitForStatus(row(app.page, f.name), 'completed', 60_000);
    const startedAt = (name: string): number => e2e.origin.stats(name).times[0] ?? Number.POSITIVE_INFINITY;
    // a was running before any move; the others started in the line's order.
    expect([c, d, b].map((f) => startedAt(f.name)), 'first requests of c, d, b').toEqual([c, d, b].map((f) => startedAt(f.name)).sort((x, y) => x - y));
    expect(startedAt(c.name)).toBeGreaterThan(startedAt(a.name));
    for (const f of files) expect(await readOutputSha256(app.page, f.name), f.name).toBe(sha256OfContent(f.size, f.seed));
  });
});


describe('dragging a row', () => {
  it('a row dragged by its handle lands where it is dropped, and the line follows', async () => {
    const app = await e2e.newAppPage();
    await applySettings(app.page, { downloadsAtOnce: 1 });
    const names = ['drag-a.bin', 'drag-b.bin', 'drag-c.bin'];
    await addUrls(app.page, names.map((name, i) => e2e.fileUrl(name, { size: 4 * MiB, seed: 9420 + i, rate: 500_000 })).join('\n'));
    await expect.poll(() => shownOrder(app.page)).toEqual(names);
    const handle = row(app.page, 'drag-c.bin').locator('.drag-handle');
    await handle.dragTo(row(app.page, 'drag-b.bin'), { targetPosition: { x: 20, y: 4 } });
    await expect.poll(() => shownOrder(app.page)).toEqual(['drag-a.bin', 'drag-c.bin', 'drag-b.bin']);
    await app.page.reload();
    await waitForListReady(app.page);
    await expect.poll(() => shownOrder(app.page), { timeout: 10_000 }).toEqual(['drag-a.bin', 'drag-c.bin', 'drag-b.bin']);
    for (const name of names) await row(app.page, name).getByRole('button', { name: 'Cancel', exact: true }).click();
  });
});

/** MiB/s over about 6 s, from the bar's own changes. */
async function measuredRate(target: ReturnType<typeof row>): Promise<number> {
    // Each change of the bar, timed in the page as it happens: the figures are pushed a few times a
    // second, so sampling at fixed times would be off by up to one push.
    const changes = await target.locator('progress').evaluate(
      (bar) =>
        new Promise<Array<[number, number]>>((resolve) => {
          const seen: Array<[number, number]> = [];
          const observer = new MutationObserver(() => seen.push([performance.now(), Number(bar.getAttribute('value'))]));
          observer.observe(bar, { attributes: true, attributeFilter: ['value'] });
          setTimeout(() => (observer.disconnect(), resolve(seen)), 6_000);
        }),
    );
    const [t0, b0] = changes[0] ?? [0, 0];
    const [t1, b1] = changes[changes.length - 1] ?? [0, 0];
    return (b1 - b0) / ((t1 - t0) / 1000) / MiB;
}

describe('a speed limit per download', () => {
  it('a new download gets the default per-download limit, and holds it within ±10 % over 5 s', async () => {
    const app = await e2e.newAppPage();
    await applySettings(app.page, { jobSpeedLimitMBps: 2 });
    const f = { name: 'limited-job.bin', size: 40 * MiB, seed: 9410 };
    await addUrls(app.page, e2e.fileUrl(f.name, { size: f.size, seed: f.seed }));
    const target = row(app.page, f.name);
    await waitForProgress(target, 0.05, 30_000);
    const rate = await measuredRate(target);
    console.log(`[e2e] per-download limit 2 MiB/s (the default for new ones): measured ${rate.toFixed(3)} MiB/s`);
    expect(rate).toBeGreaterThan(1.8);
    expect(rate).toBeLessThan(2.2);
    await row(app.page, f.name).getByRole('button', { name: 'Cancel', exact: true }).click();
  });

  it('a row\'s details set its own limit, which applies at once, is stored, and holds within ±10 %', async () => {
    const app = await e2e.newAppPage();
    const f = { name: 'limited-row.bin', size: 60 * MiB, seed: 9411 };
    await addUrls(app.page, e2e.fileUrl(f.name, { size: f.size, seed: f.seed, rate: 3_000_000 }));
    const target = row(app.page, f.name);
    await waitForProgress(target, 0.02, 30_000);
    await target.getByRole('button', { name: 'Details', exact: true }).click();
    const field = target.getByRole('spinbutton', { name: 'Speed limit for this download (MiB/s, 0 for none)', exact: true });
    await field.fill('1');
    await target.getByRole('button', { name: 'Set limit', exact: true }).click();
    // The new pieces are read under the limit; give the pieces already running time to end.
    await new Promise((resolve) => setTimeout(resolve, 4_000));
    const rate = await measuredRate(target);
    console.log(`[e2e] per-download limit 1 MiB/s set on the row: measured ${rate.toFixed(3)} MiB/s`);
    expect(rate).toBeGreaterThan(0.9);
    expect(rate).toBeLessThan(1.1);
    await app.page.reload();
    await waitForListReady(app.page);
    await row(app.page, f.name).getByRole('button', { name: 'Details', exact: true }).click();
    await expect(row(app.page, f.name).getByRole('spinbutton', { name: 'Speed limit for this download (MiB/s, 0 for none)', exact: true }).inputValue()).resolves.toBe('1');
    await row(app.page, f.name).getByRole('button', { name: 'Cancel', exact: true }).click();
  });
});
