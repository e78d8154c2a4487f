import type { Page } from 'playwright-core';
import { encode } from 'uqr';
import { describe, expect, it } from 'vitest';
import { LIST_FRAGMENT, QR_MAX_BYTES } from '../../src/shared/share-list';
import { QR_OPTIONS, qrPath } from '../../src/ui/qr-code';
import { decodeShareList } from '../../src/ui/share-codec';
import { sha256OfContent } from '../origin/bytes';
import {
  directoryPickerCalls,
  listOutput,
  listStatuses,
  names,
  outputSize,
  pollUntil,
  readOutputSha256,
  row,
  rowText,
  useE2e,
  waitForListReady,
  waitForStatus,
} from './harness';

const KiB = 1024;
const e2e = useE2e();

interface SharedFile {
  path: string;
  /** The name the list gives it (out=), not the one its server would give. */
  name: string;
  size: number;
  seed: number;
}

/** Adds downloads through Import list with out= names and checksums, and picks a folder. */
async function importList(page: Page, files: readonly SharedFile[], params: Record<string, number> = {}): Promise<string[]> {
  const urls = files.map((f) => e2e.fileUrl(f.path, { size: f.size, seed: f.seed, ...params }));
  const text = files.map((f, i) => `${urls[i]}\n  out=${f.name}\n  checksum=sha-256=${sha256OfContent(f.size, f.seed)}\n`).join('');
  const [chooser] = await Promise.all([page.waitForEvent('filechooser'), page.getByRole('button', { name: names().listIo.import, exact: true }).click()]);
  await chooser.setFiles({ name: 'list.txt', mimeType: 'text/plain', buffer: Buffer.from(text, 'utf8') });
  // When the click's activation lapsed during the file dialog, the list waits for a click of its own.
  const add = page.getByRole('button', { name: names().add.addDownloads(files.length), exact: true });
  await pollUntil(
    async () => {
      if ((await listStatuses(page)).length === files.length) return true;
      if (await add.isVisible()) await add.click();
      return undefined;
    },
    20_000,
    () => `${files.length} rows never showed`,
  );
  return urls;
}

/** Opens Share list and reads the Share link field once it holds a link. */
async function readShareLink(page: Page): Promise<string> {
  await page.getByRole('button', { name: names().share.open, exact: true }).click();
  const field = page.getByRole('textbox', { name: names().share.linkLabel, exact: true });
  await field.waitFor();
  return field.inputValue();
}

describe('share list', () => {
  it('shares two rows as a link that brings them, named and checked, to a fresh browser in one Download, byte-exact', async () => {
    const sender = await e2e.newAppPage();
    await sender.context.grantPermissions(['clipboard-read', 'clipboard-write'], { origin: e2e.appOrigin });
    await sender.page.evaluate(() => {
      const seen: string[] = [];
      (window as unknown as { __cspViolations: string[] }).__cspViolations = seen;
      document.addEventListener('securitypolicyviolation', (event) => seen.push(`${event.violatedDirective} ${event.blockedURI}`));
    });
    const shared: SharedFile[] = [
      { path: 'q.bin', name: 'Quarterly report 2026.pdf', size: 24 * KiB + 3, seed: 9101 },
      { path: 'd.bin', name: 'données café 2026.bin', size: 9 * KiB, seed: 9102 },
    ];
    const other: SharedFile = { path: 'o.bin', name: 'not shared.bin', size: 3 * KiB, seed: 9103 };
    const [first, , second] = await importList(sender.page, [shared[0]!, other, shared[1]!]);
    const sharedUrls = [first, second];

    // The search narrows the list to the two; Share list shares what is shown.
    await sender.page.getByRole('searchbox', { name: names().filter.search }).fill('2026');
    const link = await readShareLink(sender.page);
    expect(await sender.page.getByRole('checkbox', { name: names().share.onlyShown(2) }).isChecked()).toBe(true);
    expect(link.startsWith(`${e2e.appUrl}${LIST_FRAGMENT}`)).toBe(true);
    expect(link.length).toBeLessThan(400);
    const payload = link.slice(link.indexOf(LIST_FRAGMENT) + LIST_FRAGMENT.length);
    expect(await decodeShareList(payload)).toEqual({
      ok: true,
      entries: shared.map((f, i) => ({ url: sharedUrls[i], name: f.name, sha256: sha256OfContent(f.size, f.seed) })),
      errors: [],
      skipped: 0,
    });

    // Unticked, every download goes; ticked again, the two.
    const onlyShown = sender.page.getByRole('checkbox', { name: names().share.onlyShown(2) });
    const field = sender.page.getByRole('textbox', { name: names().share.linkLabel, exact: true });
    await onlyShown.uncheck();
    const all = await pollUntil(async () => ((await field.inputValue()) !== link ? field.inputValue() : undefined), 5_000, () => 'the link never changed');
    const everyone = await decodeShareList(all.slice(all.indexOf(LIST_FRAGMENT) + LIST_FRAGMENT.length));
    expect(everyone.ok && everyone.entries.map((entry) => entry.name)).toEqual([shared[0]!.name, other.name, shared[1]!.name]);
    await onlyShown.check();
    await expect.poll(() => field.inputValue()).toBe(link);

    await sender.page.getByRole('button', { name: names().share.copy, exact: true }).click();
    await sender.page.getByRole('status').filter({ hasText: names().share.copied }).waitFor();
    expect(await sender.page.evaluate(() => navigator.clipboard.readText())).toBe(link);
    // The QR code drawn is the code of exactly this link, under the page's strict policy.
    const qr = sender.page.getByRole('img', { name: names().share.qrLabel });
    expect(await qr.locator('path').getAttribute('d')).toBe(qrPath(encode(link, QR_OPTIONS).data));
    expect(await sender.page.evaluate(() => (window as unknown as { __cspViolations: string[] }).__cspViolations)).toEqual([]);

    // Another device: a fresh browser profile with nothing in it.
    const receiving = await e2e.newContext();
    const page = await receiving.newPage();
    const errors: string[] = [];
    page.on('pageerror', (error) => errors.push(error.message));
    await page.goto(link);
    await waitForListReady(page);
    const offer = page.getByRole('region', { name: names().share.title });
    await expect.poll(() => offer.innerText()).toContain(names().share.arrived(2));
    // The list left the address bar at once, so a reload does not offer it again.
    expect(page.url()).toBe(e2e.appUrl);
    expect(await listStatuses(page)).toEqual([]);

    await offer.getByRole('button', { name: names().share.download(2), exact: true }).click();
    for (const f of shared) {
      await waitForStatus(row(page, f.name), 'completed', 30_000);
      expect(await outputSize(page, f.name), f.name).toBe(f.size);
      expect(await readOutputSha256(page, f.name), f.name).toBe(sha256OfContent(f.size, f.seed));
      expect(await rowText(row(page, f.name))).toContain('Verified');
    }
    expect(await listOutput(page)).toEqual(shared.map((f) => f.name).sort());
    expect(await directoryPickerCalls(page)).toBe(1);
    await expect.poll(() => offer.getByRole('status').innerText()).toBe(names().share.added(2));

    // A link cut short (as a chat app may cut a long one) says so, and adds nothing.
    await page.goto(link.slice(0, -12));
    await offer.getByRole('alert').filter({ hasText: names().share.damaged }).waitFor();
    expect(await offer.getByRole('button', { name: names().share.download(2), exact: true }).count()).toBe(0);
    expect(page.url()).toBe(e2e.appUrl);
    expect(await listStatuses(page)).toHaveLength(2);
    expect(errors).toEqual([]);
  });

  it('a hundred links with names and checksums make one link, too long for a QR code, that holds them all', async () => {
    const app = await e2e.newAppPage();
    const files = Array.from({ length: 100 }, (_, i) => ({
      path: `part-${String(i + 1).padStart(3, '0')}.bin`,
      name: `survey part ${String(i + 1).padStart(3, '0')}.bin`,
      size: KiB,
      seed: 9200 + i,
    }));
    // Their servers stall: only the link is wanted here, not a hundred downloads fighting for the CPU.
    const urls = await importList(app.page, files, { delay: 60_000 });
    const link = await readShareLink(app.page);
    const payload = link.slice(link.indexOf(LIST_FRAGMENT) + LIST_FRAGMENT.length);
    console.log(`share link for 100 links with names and checksums: ${link.length} characters`);
    // 100 checksums are 3,200 bytes no compression shrinks: 4,267 base64 characters at the least,
    // past Telegram's 4,096 a message; well under what Slack (40,000), Teams or e-mail take.
    expect(link.length).toBeGreaterThan(4267);
    expect(link.length).toBeLessThan(8000);
    expect(await app.page.getByText(names().share.tooLongForQr(QR_MAX_BYTES)).isVisible()).toBe(true);
    expect(await app.page.getByRole('img', { name: names().share.qrLabel }).count()).toBe(0);
    const back = await decodeShareList(payload);
    expect(back.ok && back.entries.map((entry) => [entry.url, entry.name, entry.sha256])).toEqual(
      files.map((f, i) => [urls[i], f.name, sha256OfContent(f.size, f.seed)]),
    );
  });
});
