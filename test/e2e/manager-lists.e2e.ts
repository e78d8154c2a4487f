import { readFile } from 'node:fs/promises';
import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { parseAria2List } from '../../src/shared/aria2-list';
import { sha256OfContent } from '../origin/bytes';
import {
  addUrls,
  describeRows,
  directoryPickerCalls,
  listOutput,
  listStatuses,
  outputSize,
  pickerCalls,
  pollUntil,
  readOutputSha256,
  row,
  rowText,
  useE2e,
  waitForStatus,
} from './harness';

const KiB = 1024;
const e2e = useE2e();

interface TestFile {
  name: string;
  size: number;
  seed: number;
  /** Given with the link (sha256=) when true; the app computes it either way. */
  checked: boolean;
}

/** 50 small files, 2–20 KiB, whose names hold spaces and letters beyond ASCII. */
const FILES: TestFile[] = Array.from({ length: 50 }, (_, i) => ({
  name: `${String(i).padStart(2, '0')} ${['report', 'café menu', '日本語 ファイル', 'Ünïcödé', 'naïve résumé'][i % 5]}.bin`,
  size: 2 * KiB + ((i * 7919) % (18 * KiB)),
  seed: 7000 + i,
  checked: i % 3 === 0,
}));

function importButton(page: Page) {
  return page.getByRole('button', { name: 'Import list', exact: true });
}

async function waitForAll(page: Page, count: number, status: string, timeout: number): Promise<void> {
  await pollUntil(
    async () => {
      const rows = await listStatuses(page);
      return rows.length === count && rows.every((r) => r.status === status) ? true : undefined;
    },
    timeout,
    () => describeRows(page),
    250,
  );
}

/** The Import list button opens a file chooser; it gets `text` as a file named `name`. */
async function importThroughChooser(page: Page, name: string, text: string): Promise<void> {
  const [chooser] = await Promise.all([page.waitForEvent('filechooser'), importButton(page).click()]);
  await chooser.setFiles({ name, mimeType: 'text/plain', buffer: Buffer.from(text, 'utf8') });
}

describe('download lists', () => {
  it('exports 50 finished downloads as an aria2 list and imports it in a fresh page, byte-exact', async () => {
    const first = await e2e.newAppPage();
    const urls = FILES.map((f) => e2e.fileUrl(f.name, { size: f.size, seed: f.seed }));
    await addUrls(first.page, FILES.map((f, i) => (f.checked ? `${urls[i]} sha256=${sha256OfContent(f.size, f.seed)}` : urls[i])).join('\n'));
    await waitForAll(first.page, FILES.length, 'completed', 90_000);

    // Nothing is unfinished: the default choice has nothing to export, and says so.
    const alert = first.page.locator('.list-io [role="alert"]');
    await first.page.getByRole('button', { name: 'Export list', exact: true }).click();
    await expect.poll(() => alert.innerText()).toContain('no unfinished downloads');

    await first.page.getByRole('checkbox', { name: 'Unfinished only' }).uncheck();
    const [download] = await Promise.all([
      first.page.waitForEvent('download'),
      first.page.getByRole('button', { name: 'Export list', exact: true }).click(),
    ]);
    expect(download.suggestedFilename()).toBe('rangefetch-list.txt');
    const text = await readFile(await download.path(), 'utf8');
    await expect.poll(() => alert.innerText()).toBe('');

    // The file itself: a link line per download, in the order added, its options indented below.
    const lines = text.split('\n');
    const linkLines = lines.filter((l) => l !== '' && !l.startsWith('#') && !l.startsWith(' '));
    expect(linkLines).toEqual(urls);
    FILES.forEach((f, i) => {
      const at = lines.indexOf(urls[i] ?? '');
      expect(lines.slice(at + 1, at + 3)).toEqual([`  out=${f.name}`, `  checksum=sha-256=${sha256OfContent(f.size, f.seed)}`]);
    });
    expect(parseAria2List(text)).toEqual({
      entries: FILES.map((f, i) => ({ url: urls[i], name: f.name, sha256: sha256OfContent(f.size, f.seed) })),
      errors: [],
      skipped: 0,
    });

    const second = await e2e.newAppPage();
    await importThroughChooser(second.page, 'rangefetch-list.txt', text);
    await waitForAll(second.page, FILES.length, 'completed', 90_000);
    expect(await directoryPickerCalls(second.page)).toBe(1);
    expect((await listStatuses(second.page)).map((r) => r.name).sort()).toEqual(FILES.map((f) => f.name).sort());
    expect(await listOutput(second.page)).toEqual(FILES.map((f) => f.name).sort());
    for (const f of FILES) {
      expect(await outputSize(second.page, f.name), f.name).toBe(f.size);
      expect(await readOutputSha256(second.page, f.name), f.name).toBe(sha256OfContent(f.size, f.seed));
      // Every checksum came with the list, so every row is checked.
      expect(await rowText(row(second.page, f.name))).toContain('Verified');
    }
    await expect.poll(() => second.page.locator('.list-io [role="status"]').innerText()).toBe('Added 50 downloads from rangefetch-list.txt.');
  });

  it('imports a plain .txt list, skipping a bad line and saying so, on a click of its own when the gesture has lapsed', async () => {
    const app = await e2e.newAppPage();
    const good = [1, 2, 3].map((i) => ({ name: `plain-${i}.bin`, size: 3 * KiB * i, seed: 8100 + i }));
    const text = [
      '# links to fetch',
      '',
      e2e.fileUrl(good[0]!.name, { size: good[0]!.size, seed: good[0]!.seed }),
      `ftp://example.com/not-http.bin`,
      `${e2e.fileUrl(good[1]!.name, { size: good[1]!.size, seed: good[1]!.seed })}\thttps://mirror.invalid/plain-2.bin`,
      `${e2e.fileUrl(good[2]!.name, { size: good[2]!.size, seed: good[2]!.seed })} sha256=${sha256OfContent(good[2]!.size, good[2]!.seed).toUpperCase()}`,
      '',
    ].join('\r\n');
    // As when the person took longer in the file dialog than a click's activation lasts: the
    // folder picker cannot open now, so the list waits for a click of its own.
    await app.page.evaluate(() => {
      Object.defineProperty(Navigator.prototype, 'userActivation', { configurable: true, get: () => ({ isActive: false, hasBeenActive: true }) });
    });
    await app.page.locator('.list-io input[type="file"]').setInputFiles({ name: 'links.txt', mimeType: 'text/plain', buffer: Buffer.from(text) });

    const alert = app.page.locator('.list-io [role="alert"]');
    await expect.poll(() => alert.innerText()).toContain('1 line of links.txt was skipped:');
    expect(await alert.innerText()).toContain('Line 4: only http and https links can be downloaded (got ftp:).');
    expect(await app.page.getByRole('alertdialog').innerText()).toContain('3 downloads from links.txt are ready to add.');
    expect(await directoryPickerCalls(app.page)).toBe(0);
    await app.page.getByRole('button', { name: 'Add 3 downloads', exact: true }).click();

    for (const f of good) {
      await waitForStatus(row(app.page, f.name), 'completed', 30_000);
      expect(await readOutputSha256(app.page, f.name)).toBe(sha256OfContent(f.size, f.seed));
    }
    expect(await listStatuses(app.page)).toHaveLength(3);
    expect(await rowText(row(app.page, good[2]!.name))).toContain('Verified');

    // The same list again: every link is in the list already, so the app asks first.
    await importThroughChooser(app.page, 'links.txt', text);
    const question = app.page.getByRole('alertdialog');
    await expect.poll(() => question.innerText()).toContain('3 of these links are already in your downloads. Download again?');
    await question.getByRole('button', { name: "Don't download" }).click();
    expect(await listStatuses(app.page)).toHaveLength(3);
  });

  it('saves under the out= name rather than the server’s, in a folder and in a picked file', async () => {
    const app = await e2e.newAppPage();
    const a = { size: 5 * KiB, seed: 8301 };
    const b = { size: 7 * KiB, seed: 8302 };
    const c = { size: 9 * KiB, seed: 8303 };
    // The origin names each file in Content-Disposition; out= wins, and its path is dropped.
    const list = [
      e2e.fileUrl('server-a.bin', a),
      '  out=Quartalsbericht Ä 2024.bin',
      e2e.fileUrl('server-b.bin', b),
      '  out=../sub/dir/ñame with spaces.bin',
      '  split=4',
    ].join('\n');
    await importThroughChooser(app.page, 'renamed.aria2', list);
    await waitForStatus(row(app.page, 'Quartalsbericht Ä 2024.bin'), 'completed', 30_000);
    await waitForStatus(row(app.page, 'ñame with spaces.bin'), 'completed', 30_000);
    expect(await readOutputSha256(app.page, 'Quartalsbericht Ä 2024.bin')).toBe(sha256OfContent(a.size, a.seed));
    expect(await readOutputSha256(app.page, 'ñame with spaces.bin')).toBe(sha256OfContent(b.size, b.seed));
    expect(await listOutput(app.page)).toEqual(['Quartalsbericht Ä 2024.bin', 'ñame with spaces.bin']);

    // One link: the save picker suggests the out= name.
    await importThroughChooser(app.page, 'one.txt', `${e2e.fileUrl('server-c.bin', c)}\n  out=Chosen: name?.bin\n`);
    await waitForStatus(row(app.page, 'Chosen_ name_.bin'), 'completed', 30_000);
    expect(await pickerCalls(app.page)).toEqual(['Chosen_ name_.bin']);
    expect(await readOutputSha256(app.page, 'Chosen_ name_.bin')).toBe(sha256OfContent(c.size, c.seed));
  });
});
