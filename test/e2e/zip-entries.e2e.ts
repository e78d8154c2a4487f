import { createHash } from 'node:crypto';
import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { testZip, testZipEntryBytes } from '../origin/test-zips';
import { OUTPUT_DIR, pickerCalls, row, useE2e, waitForListReady, waitForProgress, waitForStatus, type AppPage } from './harness';

const e2e = useE2e();

function zipUrl(name: string, query = ''): string {
  return `${e2e.origin.url.replace(/\/$/, '')}/zips/${name}${query}`;
}

/** SHA-256 of OPFS e2e-out/<path> (folders included), or null when it is not there. */
function savedSha256(page: Page, path: string): Promise<string | null> {
  return page.evaluate(
    async ({ dirName, parts }) => {
      try {
        let dir = await (await navigator.storage.getDirectory()).getDirectoryHandle(dirName);
        for (const folder of parts.slice(0, -1)) dir = await dir.getDirectoryHandle(folder);
        const file = await (await dir.getFileHandle(parts[parts.length - 1] ?? '')).getFile();
        const digest = await crypto.subtle.digest('SHA-256', await file.arrayBuffer());
        return Array.from(new Uint8Array(digest), (b) => b.toString(16).padStart(2, '0')).join('');
      } catch {
        return null;
      }
    },
    { dirName: OUTPUT_DIR, parts: path.split('/') },
  );
}

const sha256 = (bytes: Uint8Array): string => createHash('sha256').update(bytes).digest('hex');

async function openChooser(app: AppPage, url: string): Promise<void> {
  await app.page.getByRole('textbox', { name: 'URL', exact: true }).fill(url);
  await app.page.getByRole('button', { name: 'Choose files', exact: true }).click();
}

describe('Choose files: picking entries out of a remote ZIP', () => {
  it('two entries past 4 GiB of a ZIP64 archive arrive byte-exact, in their folder, fetching only their ranges', async () => {
    const zip = testZip('sparse64.zip')!;
    e2e.origin.reset();
    const app = await e2e.newAppPage();
    await openChooser(app, zipUrl('sparse64.zip'));
    const chooser = app.page.getByRole('region', { name: 'Files in sparse64.zip: 4' });
    await chooser.getByRole('checkbox', { name: 'past-4GiB/tail.txt', exact: true }).check();
    await chooser.getByRole('checkbox', { name: 'past-4GiB/pattern.bin', exact: true }).check();
    expect(await chooser.textContent()).toContain('2 files chosen, 132 KiB to fetch of the ZIP’s 4.00 GiB');
    await chooser.getByRole('button', { name: 'Download 2 files', exact: true }).click();
    await waitForStatus(row(app.page, 'tail.txt'), 'completed', 20_000);
    await waitForStatus(row(app.page, 'pattern.bin'), 'completed', 20_000);

    expect(await savedSha256(app.page, 'past-4GiB/tail.txt')).toBe(sha256(testZipEntryBytes('sparse64.zip', 'past-4GiB/tail.txt')));
    expect(await savedSha256(app.page, 'past-4GiB/pattern.bin')).toBe(sha256(testZipEntryBytes('sparse64.zip', 'past-4GiB/pattern.bin')));
    // One byte for the size, the last 64 KiB + 42 bytes (end record, ZIP64 records, directory),
    // the 30 fixed bytes of each local header, and each entry's compressed bytes: nothing else.
    const [, , tail, pattern] = zip.entries;
    const expected = 1 + Math.min(zip.size, 65_535 + 22 + 20) + 2 * 30 + tail!.compressedSize + pattern!.compressedSize;
    const sent = e2e.origin.stats('sparse64.zip').bytesSent;
    console.log(`[figure] two entries of sparse64.zip: ${sent} bytes fetched of ${zip.size} (${((sent / zip.size) * 100).toFixed(4)} %)`);
    expect(sent).toBe(expected);
  });

  it('lists stored, deflated, encrypted and unsupported entries; one chosen alone is saved under its own name', async () => {
    const app = await e2e.newAppPage();
    await openChooser(app, zipUrl('sample.zip'));
    const chooser = app.page.getByRole('region', { name: 'Files in sample.zip: 8' });
    await chooser.waitFor();
    for (const path of ['readme.txt', 'data/pattern.bin', 'data/log.txt', 'docs/日本語.txt', 'Müller.txt', 'escape.txt']) {
      expect(await chooser.getByRole('checkbox', { name: path, exact: true }).count(), path).toBe(1);
    }
    const text = (await chooser.textContent()) ?? '';
    expect(text).toContain('secret.txtencrypted: cannot be downloaded by itself');
    expect(text).toContain('old.bz2packed in a way this app cannot unpack');
    expect(await chooser.getByRole('checkbox', { name: 'secret.txt' }).count()).toBe(0);
    expect(await chooser.getByRole('checkbox', { name: 'old.bz2' }).count()).toBe(0);

    await chooser.getByRole('checkbox', { name: 'data/log.txt', exact: true }).check();
    await chooser.getByRole('button', { name: 'Download 1 file', exact: true }).click();
    await waitForStatus(row(app.page, 'log.txt'), 'completed', 20_000);
    expect(await pickerCalls(app.page)).toEqual(['log.txt']);
    expect(await savedSha256(app.page, 'log.txt')).toBe(sha256(testZipEntryBytes('sample.zip', 'data/log.txt')));

    // A list carries links to whole files: the entry is left out of a shared list, and said to be.
    await app.page.getByRole('button', { name: 'Share list', exact: true }).click();
    const panel = app.page.locator('#share-panel');
    await expect.poll(() => panel.innerText()).toContain('1 file taken out of a ZIP is left out');
    expect(await panel.innerText()).toContain('There are no downloads to share.');
  });

  it('an archive of 3,000 files draws 500 rows, and its filter finds any of them', async () => {
    const app = await e2e.newAppPage();
    await openChooser(app, zipUrl('many.zip'));
    const chooser = app.page.getByRole('region', { name: 'Files in many.zip: 3,000' });
    await chooser.waitFor();
    expect(await chooser.getByRole('checkbox').count(), 'checkboxes drawn: 500 entries and Select all').toBe(501);
    expect(await chooser.getByText('…and 2,500 more: filter to find them').count()).toBe(1);

    // The last file of the archive, far past the rows drawn, is one filter away.
    await chooser.getByRole('searchbox', { name: 'Filter files' }).fill('FILE-2999');
    await chooser.getByRole('checkbox', { name: 'part9/file-2999.txt', exact: true }).check();
    // Select all takes what the filter lets through: every file of one folder, and the one chosen.
    await chooser.getByRole('searchbox', { name: 'Filter files' }).fill('part3/');
    await chooser.getByRole('checkbox', { name: 'Select all' }).check();
    expect(await chooser.innerText()).toContain('301 files chosen');
    await chooser.getByRole('checkbox', { name: 'Select all' }).uncheck();
    expect(await chooser.innerText()).toContain('1 file chosen');
    await chooser.getByRole('button', { name: 'Download 1 file', exact: true }).click();
    await waitForStatus(row(app.page, 'file-2999.txt'), 'completed', 20_000);
    expect(await savedSha256(app.page, 'file-2999.txt')).toBe(sha256(testZipEntryBytes('many.zip', 'part9/file-2999.txt')));
  });

  it('an entry whose bytes do not match the CRC-32 of the directory fails, and nothing is saved', async () => {
    const entry = testZip('sample.zip')!.entries.find((e) => e.name === 'data/pattern.bin')!;
    const app = await e2e.newAppPage();
    await openChooser(app, zipUrl('sample.zip', `?flip=${entry.dataStart + 1000}`));
    const chooser = app.page.getByRole('region', { name: 'Files in sample.zip: 8' });
    await chooser.getByRole('checkbox', { name: 'data/pattern.bin', exact: true }).check();
    await chooser.getByRole('button', { name: 'Download 1 file', exact: true }).click();
    const failed = row(app.page, 'pattern.bin');
    await waitForStatus(failed, 'failed', 20_000);
    expect(await failed.textContent()).toMatch(/The file from the ZIP is not intact: its CRC-32 is [0-9a-f]{8} and the ZIP’s directory says [0-9a-f]{8}/);
    // The picked file is as the picker left it: empty.
    expect(await savedSha256(app.page, 'pattern.bin')).toBe(sha256(new Uint8Array(0)));
  });

  it('a server without ranges, or hiding which range it sent, gets a clear message, and the field keeps its link', async () => {
    const app = await e2e.newAppPage();
    const url = zipUrl('sample.zip', '?norange=1');
    await openChooser(app, url);
    await expect.poll(() => app.page.getByRole('alert').allTextContents()).toContain(
      'This server does not send parts of files (no range requests), so files cannot be picked out of this ZIP. Download the whole ZIP instead.',
    );
    expect(await app.page.getByRole('textbox', { name: 'URL', exact: true }).inputValue()).toBe(url);

    await openChooser(app, zipUrl('sample.zip', '?noexpose=1'));
    await expect.poll(() => app.page.getByRole('alert').allTextContents()).toContainEqual(
      expect.stringContaining('does not let other sites see which part (no Access-Control-Expose-Headers: Content-Range)'),
    );
  });
});

describe('Choose files: an entry carries on after a reload', () => {
  it('from its staged bytes, then is inflated and checked', async () => {
    const zip = testZip('resume.zip')!;
    const entry = zip.entries[0]!;
    e2e.origin.reset();
    const app = await e2e.newAppPage();
    // About 2 s for the 9 MiB window over its connections.
    await openChooser(app, zipUrl('resume.zip', '?rate=1000000'));
    const chooser = app.page.getByRole('region', { name: 'Files in resume.zip: 1' });
    await chooser.getByRole('checkbox', { name: 'big/noise.bin', exact: true }).check();
    await chooser.getByRole('button', { name: 'Download 1 file', exact: true }).click();
    const before = await waitForProgress(row(app.page, 'noise.bin'), 0.4, 20_000);
    await app.page.reload();
    expect(before, 'the reload happened mid-way').toBeLessThan(0.9);
    await waitForListReady(app.page);
    await waitForStatus(row(app.page, 'noise.bin'), 'completed', 30_000);
    expect(await savedSha256(app.page, 'noise.bin')).toBe(sha256(testZipEntryBytes('resume.zip', 'big/noise.bin')));
    const sent = e2e.origin.stats('resume.zip').bytesSent;
    console.log(`[e2e] zip entry reloaded at ${(before * 100).toFixed(0)}%: origin sent ${sent} bytes for a ${entry.compressedSize}-byte window`);
    // The listing is the whole small archive's tail plus a header; the window is not fetched twice.
    expect(sent).toBeLessThan(entry.compressedSize * 1.1 + 70_000);
  });
});
