/**
 * Checksums a publisher put beside a download (SHA256SUMS, NAME.sha256, Repr-Digest), found and
 * checked with nothing given: see test/origin/published-sums.ts for what the origin publishes.
 */
import { describe, expect, it } from 'vitest';
import { contentSeed, sha256OfContent } from '../origin/bytes';
import type { SwitchOverrides } from '../origin/options';
import {
  addUrls,
  applySettings,
  outputSize,
  readOutputSha256,
  row,
  rowText,
  settingsPanel,
  useE2e,
  waitForAnyStatus,
  waitForListReady,
  waitForStatus,
  type AppPage,
} from './harness';

const KiB = 1024;
const e2e = useE2e();
let folders = 0;

/** A folder of its own on the origin, and a file in it with `switches` (set by name: sidecars carry no query). */
function publishedFile(base: string, size: number, switches: SwitchOverrides = {}): PublishedFile {
  const dir = `pub${process.pid}-${++folders}`;
  return inFolder(dir, base, size, switches);
}

interface PublishedFile {
  name: string;
  url: string;
  size: number;
  dir: string;
}

function inFolder(dir: string, base: string, size: number, switches: SwitchOverrides = {}): PublishedFile {
  e2e.origin.setSwitches(`${dir}/${base}`, { size, disposition: 'none', ...switches });
  return { name: base, url: `${e2e.origin.url.replace(/\/$/, '')}/files/${dir}/${base}`, size, dir };
}

function host(): string {
  return new URL(e2e.origin.url).host;
}

function verdict(app: AppPage, name: string) {
  return row(app.page, name).locator('[data-role="verdict"]');
}

async function verdictText(app: AppPage, name: string): Promise<string> {
  await expect.poll(() => verdict(app, name).count(), { timeout: 5_000 }).toBe(1);
  // Its text content: a row out of view skips rendering, and its innerText is then empty.
  return ((await verdict(app, name).textContent()) ?? '').trim();
}

async function expectSaved(app: AppPage, f: PublishedFile): Promise<void> {
  expect(await outputSize(app.page, f.name)).toBe(f.size);
  expect(await readOutputSha256(app.page, f.name)).toBe(sha256OfContent(f.size, contentSeed(`${f.dir}/${f.name}`)));
}

describe('published checksums', () => {
  it('checks each file of a folder against its SHA256SUMS, asked once: Verified, or Mismatch and never Completed', async () => {
    // Small files, saved long before a slow list could come: the close waits for the list.
    const a = publishedFile('ps-a.bin', 300 * KiB, { published: 'list' });
    const b = inFolder(a.dir, 'ps-b.bin', 200 * KiB, { published: 'list' });
    const bad = inFolder(a.dir, 'ps-bad.bin', 200 * KiB, { published: 'wrong' });
    const app = await e2e.newAppPage();
    await addUrls(app.page, [a.url, b.url, bad.url].join('\n'));

    for (const f of [a, b]) {
      await waitForStatus(row(app.page, f.name), 'completed', 30_000);
      expect(await verdictText(app, f.name)).toBe(`Verified against SHA256SUMS from ${host()}`);
      await expectSaved(app, f);
    }
    const seen: Array<string | null> = [];
    const end = await waitForAnyStatus(row(app.page, bad.name), ['failed', 'completed'], 30_000, (s) => seen.push(s.status));
    expect(end.status, end.text).toBe('failed');
    expect(seen, 'never Completed').not.toContain('completed');
    expect(end.reason ?? '').toMatch(new RegExp(`^Checksum mismatch: expected [0-9a-f]{64} \\(SHA256SUMS from ${host().replace('.', '\\.')}\\), got`));
    expect(end.reason ?? '').toContain('The file was not saved.');
    expect(await verdictText(app, bad.name)).toBe(`Mismatch with SHA256SUMS from ${host()}`);
    expect(await outputSize(app.page, bad.name), 'nothing of it at the picked place').not.toBe(bad.size);
    // One folder, one list: the three downloads asked for it once.
    expect(e2e.origin.stats(`${a.dir}/SHA256SUMS`).requests).toBe(1);
  });

  it('finds a file’s own NAME.sha256 and the server’s Repr-Digest header', async () => {
    const own = publishedFile('ps-own.iso', 150 * KiB, { published: 'file' });
    const header = publishedFile('ps-header.bin', 150 * KiB, { digest: 'repr' });
    const app = await e2e.newAppPage();
    await addUrls(app.page, `${own.url}\n${header.url}`);
    await waitForStatus(row(app.page, own.name), 'completed', 30_000);
    await waitForStatus(row(app.page, header.name), 'completed', 30_000);
    expect(await verdictText(app, own.name)).toBe(`Verified against ps-own.iso.sha256 from ${host()}`);
    expect(await verdictText(app, header.name)).toBe(`Verified against Repr-Digest from ${host()}`);
    await expectSaved(app, own);
    await expectSaved(app, header);
  });

  it('a wrong checksum that comes after the file was saved turns Completed into Failed, saying so', async () => {
    // The list answers 2.5 s late; the close of the small file waits for it 1 s at most.
    const f = publishedFile('ps-late.bin', 64 * KiB, { published: 'wrong', publishdelay: 2500 });
    const app = await e2e.newAppPage();
    await addUrls(app.page, f.url);
    await waitForStatus(row(app.page, f.name), 'completed', 30_000);
    const end = await waitForAnyStatus(row(app.page, f.name), ['failed'], 10_000);
    expect(end.reason ?? '').toContain(`(SHA256SUMS from ${host()})`);
    expect(end.reason ?? '').toContain('The checksum arrived after the file was saved: do not trust the saved file.');
    expect(await verdictText(app, f.name)).toBe(`Mismatch with SHA256SUMS from ${host()}`);
    // Survives a reload: the failure is stored, not only shown.
    await app.page.reload();
    await waitForStatus(row(app.page, f.name), 'failed', 10_000).catch(async () => {
      throw new Error(`after reload: ${await rowText(row(app.page, f.name))}`);
    });
  });

  it('a list the browser may not read (no CORS) is no checksum: the download completes as it would without', async () => {
    const f = publishedFile('ps-closed.bin', 100 * KiB, { published: 'list' });
    for (const list of ['SHA256SUMS', 'sha256sums.txt']) e2e.origin.setSwitches(`${f.dir}/${list}`, { nocors: 1 });
    const app = await e2e.newAppPage();
    await addUrls(app.page, f.url);
    await waitForStatus(row(app.page, f.name), 'completed', 30_000);
    // Asked, and its answer came, but the page could not read it.
    await expect.poll(() => e2e.origin.stats(`${f.dir}/SHA256SUMS`).statuses, { timeout: 5_000 }).toEqual([200]);
    expect(await verdict(app, f.name).count()).toBe(0);
    await expectSaved(app, f);
  });

  it('a checksum the person gives wins, and the setting turns the looking off', async () => {
    const given = publishedFile('ps-given.bin', 100 * KiB, { published: 'wrong' });
    const off = publishedFile('ps-off.bin', 100 * KiB, { published: 'wrong' });
    const app = await e2e.newAppPage();
    const hex = sha256OfContent(given.size, contentSeed(`${given.dir}/${given.name}`));
    await addUrls(app.page, `${given.url} sha256=${hex}`);
    await waitForStatus(row(app.page, given.name), 'completed', 30_000);
    expect(await verdictText(app, given.name)).toBe('Verified');
    expect(e2e.origin.stats(`${given.dir}/SHA256SUMS`).requests, 'nothing looked for').toBe(0);

    await applySettings(app.page, { lookForPublishedChecksums: false });
    await expect(settingsPanel(app.page).getByRole('checkbox', { name: 'Check downloads against checksums published beside them' }).isChecked()).resolves.toBe(false);
    await addUrls(app.page, off.url);
    await waitForStatus(row(app.page, off.name), 'completed', 30_000);
    expect(await verdict(app, off.name).count()).toBe(0);
    expect(e2e.origin.stats(`${off.dir}/SHA256SUMS`).requests).toBe(0);
    expect(e2e.origin.stats(`${off.dir}/ps-off.bin.sha256`).requests).toBe(0);
    // Stored with the other settings: a reload shows it off.
    await app.page.reload();
    await waitForListReady(app.page);
    await settingsPanel(app.page).locator('summary').click();
    const box = settingsPanel(app.page).getByRole('checkbox', { name: 'Check downloads against checksums published beside them' });
    await expect.poll(() => box.isEnabled(), { timeout: 5_000 }).toBe(true);
    expect(await box.isChecked()).toBe(false);
  });
});
