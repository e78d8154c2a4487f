/** The bar above the list: Pause all, Resume all, Retry failed, Clear completed, and the tab title. */
import { describe, expect, it } from 'vitest';
import { sha256OfContent } from '../origin/bytes';
import { addUrls, downloadsList, outputSize, pollUntil, readOutputSha256, row, rowText, sleep, useE2e, waitForListReady, waitForProgress, waitForStatus, waitForStatusChange } from './harness';

const MiB = 1024 * 1024;
const e2e = useE2e();

function bulkButton(page: Parameters<typeof downloadsList>[0], name: string) {
  return page.getByRole('group', { name: 'All downloads' }).getByRole('button', { name, exact: true });
}

describe('actions on every download', () => {
  it('Pause all holds every job still, Resume all finishes them byte-exact, Clear completed empties the list', async () => {
    const app = await e2e.newAppPage();
    const files = Array.from({ length: 6 }, (_, i) => ({ name: `bulk-${i}.bin`, size: 3 * MiB + i * 1000, seed: 9300 + i }));
    await addUrls(app.page, files.map((f) => e2e.fileUrl(f.name, { size: f.size, seed: f.seed, rate: 400_000 })).join('\n'));
    await waitForProgress(row(app.page, files[0]!.name), 0.05, 30_000);
    await pollUntil(async () => ((await app.page.title()).match(/^\d+% · \d+ downloading — Rangefetch$/) ? true : undefined), 10_000, async () => `title: ${await app.page.title()}`);

    const clicked = performance.now();
    await bulkButton(app.page, 'Pause all').click();
    for (const f of files) await waitForStatus(row(app.page, f.name), 'paused', 10_000);
    const quietAfter = performance.now() - clicked;
    const sent = (): number => files.reduce((sum, f) => sum + e2e.origin.stats(f.name).bytesSent, 0);
    const before = sent();
    await sleep(3_000);
    expect(sent() - before, 'bytes the origin sent in the 3 s after every row said Paused').toBe(0);
    console.log(`[e2e] Pause all: every row paused ${Math.round(quietAfter)} ms after the click`);
    expect(await app.page.title()).toBe('Paused — Rangefetch');

    await bulkButton(app.page, 'Resume all').click();
    for (const f of files) await waitForStatus(row(app.page, f.name), 'completed', 90_000);
    for (const f of files) {
      expect(await outputSize(app.page, f.name)).toBe(f.size);
      expect(await readOutputSha256(app.page, f.name), `sha256 of ${f.name}`).toBe(sha256OfContent(f.size, f.seed));
    }
    expect(await app.page.title()).toBe('Done — Rangefetch');

    await bulkButton(app.page, 'Clear completed').click();
    await pollUntil(async () => ((await downloadsList(app.page).getByRole('listitem').count()) === 0 ? true : undefined), 10_000, () => 'rows left');
    // The saved files stay where they were saved.
    for (const f of files) expect(await outputSize(app.page, f.name)).toBe(f.size);
  });

  it('Retry failed tries every failed job again and leaves the others alone', async () => {
    const app = await e2e.newAppPage();
    const broken = { name: 'bulk-broken.bin', size: MiB, seed: 9310 };
    await addUrls(app.page, e2e.fileUrl(broken.name, { size: broken.size, seed: broken.seed, fail: 404, fails: 1 }));
    await waitForStatus(row(app.page, broken.name), 'failed', 30_000);
    expect(await app.page.title()).toBe('1 failed — Rangefetch');
    await bulkButton(app.page, 'Retry failed').click();
    // The row may still show the old failure for a moment after the click.
    await waitForStatusChange(row(app.page, broken.name), 'failed');
    await waitForStatus(row(app.page, broken.name), 'completed', 30_000);
    expect(await readOutputSha256(app.page, broken.name)).toBe(sha256OfContent(broken.size, broken.seed));
    // Nothing is left to retry: the button says so rather than vanishing under the pointer.
    expect(await bulkButton(app.page, 'Retry failed').getAttribute('aria-disabled')).toBe('true');
  });

  it('filter chips and the search narrow the list to what matches', async () => {
    const app = await e2e.newAppPage();
    const done = { name: 'filter-done.bin', size: 64 * 1024, seed: 9320 };
    const failing = { name: 'filter-gone.bin', size: MiB, seed: 9321 };
    await addUrls(app.page, [e2e.fileUrl(done.name, { size: done.size, seed: done.seed }), e2e.fileUrl(failing.name, { size: failing.size, seed: failing.seed, fail: 404, fails: 100 })].join('\n'));
    await waitForStatus(row(app.page, done.name), 'completed', 30_000);
    await waitForStatus(row(app.page, failing.name), 'failed', 30_000);
    const chips = app.page.getByRole('group', { name: 'Show' });
    const names = async (): Promise<string[]> => (await downloadsList(app.page).getByRole('listitem').evaluateAll((ls) => ls.map((l) => l.querySelector('.job-name')?.textContent ?? ''))).sort();
    await chips.getByRole('button', { name: 'Failed', exact: true }).click();
    expect(await names()).toEqual([failing.name]);
    await chips.getByRole('button', { name: 'Completed', exact: true }).click();
    expect(await names()).toEqual([done.name]);
    await chips.getByRole('button', { name: 'Active', exact: true }).click();
    expect(await names()).toEqual([]);
    await expect(app.page.getByText('No downloads match.').isVisible()).resolves.toBe(true);
    await chips.getByRole('button', { name: 'All', exact: true }).click();
    await app.page.getByRole('searchbox', { name: 'Search' }).fill('GONE');
    expect(await names()).toEqual([failing.name]);
    await app.page.getByRole('searchbox', { name: 'Search' }).fill('127.0.0.1');
    expect(await names(), 'the server matches both').toEqual([done.name, failing.name].sort());
  });

  it('on a focused row Space pauses and resumes, Delete removes with a few seconds to Undo', async () => {
    const app = await e2e.newAppPage();
    const f = { name: 'keys.bin', size: 8 * MiB, seed: 9330 };
    await addUrls(app.page, e2e.fileUrl(f.name, { size: f.size, seed: f.seed, rate: 500_000 }));
    const target = row(app.page, f.name);
    await waitForProgress(target, 0.02, 30_000);
    await target.focus();
    await app.page.keyboard.press('Space');
    await waitForStatus(target, 'paused', 10_000);
    await app.page.keyboard.press('Space');
    await waitForStatus(target, 'downloading', 10_000);
    await app.page.keyboard.press('Space');
    await waitForStatus(target, 'paused', 10_000);

    await app.page.keyboard.press('Delete');
    await pollUntil(async () => ((await downloadsList(app.page).getByRole('listitem', { name: f.name }).count()) === 0 ? true : undefined), 5_000, () => 'the row did not hide');
    const notice = app.page.getByRole('list', { name: 'Removed downloads' });
    await expect(notice.innerText()).resolves.toContain(`Removed ${f.name}.`);
    await notice.getByRole('button', { name: 'Undo', exact: true }).click();
    await waitForStatus(target, 'paused', 5_000);

    await target.focus();
    await app.page.keyboard.press('Delete');
    await sleep(7_000);
    // Gone for good: the engine removed it, so a reload does not bring it back.
    await app.page.reload();
    await waitForListReady(app.page);
    expect(await downloadsList(app.page).getByRole('listitem', { name: f.name }).count()).toBe(0);
  });

  it('a finished row says where it was saved, Open shows it in a tab, Download again starts it anew', async () => {
    const app = await e2e.newAppPage();
    const f = { name: 'notes.txt', size: 40_000, seed: 9340 };
    await addUrls(app.page, e2e.fileUrl(f.name, { size: f.size, seed: f.seed }));
    const target = row(app.page, f.name);
    await waitForStatus(target, 'completed', 30_000);
    await expect(rowText(target.locator('[data-role="saved-as"]'))).resolves.toBe(`Saved as ${f.name}`);
    const opened = app.context.waitForEvent('page');
    await target.getByRole('button', { name: 'Open', exact: true }).click();
    const tab = await opened;
    await tab.waitForLoadState();
    expect(tab.url()).toMatch(/^blob:/);
    // The tab shows the saved file itself, as text (never rendered as a page).
    const shown = await tab.evaluate(() => ({ type: document.contentType, text: document.querySelector('pre')?.textContent?.length ?? 0 }));
    expect(shown.type).toBe('text/plain');
    expect(shown.text, 'characters shown').toBeGreaterThan(f.size / 4);
    await tab.close();

    await target.getByRole('button', { name: 'Download again', exact: true }).click();
    await pollUntil(async () => ((await downloadsList(app.page).getByRole('listitem', { name: f.name }).count()) === 2 ? true : undefined), 10_000, () => 'no second row');
    await pollUntil(
      async () => ((await downloadsList(app.page).locator('[data-status="completed"]').count()) === 2 ? true : undefined),
      30_000,
      () => 'the second download did not complete',
    );
    expect(await readOutputSha256(app.page, f.name)).toBe(sha256OfContent(f.size, f.seed));
  });

  it('24 links pasted at once all complete byte-exact into the picked folder', async () => {
    const app = await e2e.newAppPage();
    const files = Array.from({ length: 24 }, (_, i) => ({ name: `batch-${String(i).padStart(2, '0')}.bin`, size: 64 * 1024 + i * 40_013, seed: 9500 + i }));
    await addUrls(app.page, files.map((f) => e2e.fileUrl(f.name, { size: f.size, seed: f.seed })).join('\n'));
    await pollUntil(
      async () => ((await downloadsList(app.page).locator('[data-status="completed"]').count()) === files.length ? true : undefined),
      90_000,
      async () => `completed: ${await downloadsList(app.page).locator('[data-status="completed"]').count()} of ${files.length}`,
    );
    for (const f of files) {
      expect(await outputSize(app.page, f.name), f.name).toBe(f.size);
      expect(await readOutputSha256(app.page, f.name), f.name).toBe(sha256OfContent(f.size, f.seed));
    }
  });
});
