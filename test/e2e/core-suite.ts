import { describe, expect, it } from 'vitest';
import { CATALOGS, type Lang } from '../../src/ui/i18n/lang';
import { sha256OfContent, VERSION_SEED_STEP } from '../origin/bytes';
import {
  addUrls,
  directoryPickerCalls,
  downloadsList,
  listOutput,
  listStatuses,
  outputSize,
  pickerCalls,
  pollUntil,
  readOutputSha256,
  row,
  sampleRow,
  sleep,
  useE2e,
  waitForListReady,
  waitForProgress,
  waitForStatus,
  waitForStatusChange,
  type AppPage,
  type RowSample,
  expectStagingEmpty,
  rowText,
} from './harness';

const KiB = 1024;
const MiB = 1024 * KiB;

async function expectOutput(app: AppPage, name: string, size: number, seed: number): Promise<void> {
  expect(await outputSize(app.page, name), `size of ${name}`).toBe(size);
  expect(await readOutputSha256(app.page, name), `sha256 of ${name}`).toBe(sha256OfContent(size, seed));
}

function mbPerSecond(bytes: number, ms: number): string {
  return (bytes / 1e6 / (ms / 1000)).toFixed(1);
}

/**
 * The core downloads, driven through the page in `lang`: every control is found by its name in
 * that language's catalog, every sentence checked is the catalog's (or the engine's, as the page
 * says it), and every file is checked byte for byte.
 */
export function coreSuite(lang: Lang): void {
  const m = CATALOGS[lang];

  describe(`core downloads (${lang})`, () => {
    const e2e = useE2e({ lang });
    // Engine behaviour that no word of the page touches (a reload's resume, a file changing across a
    // reload) runs once, in English: run again in Chinese it would only add 25 s to CI.
    const onceInEnglish = (name: string, test: () => Promise<void>): void => {
      if (lang === 'en') it(name, test);
    };

    it('downloads 64 MiB over parallel Range requests into the picked file, byte-exact', async () => {
      const name = 'data-64m.bin';
      const size = 64 * MiB;
      const seed = 101;
      const app = await e2e.newAppPage();

      const started = performance.now();
      // Paced at 16 MB/s per connection, as a distant server would be: on unpaced loopback a piece
      // is sent before the next request arrives, and the origin could not see them overlap.
      await addUrls(app.page, e2e.fileUrl(name, { size, seed, rate: 16_000_000 }));
      const done = await waitForStatus(row(app.page, name), 'completed', 90_000);
      const elapsed = performance.now() - started;

      console.log(`[e2e] 64 MiB at 16 MB/s per connection: ${mbPerSecond(size, elapsed)} MB/s (${Math.round(elapsed)} ms click→Completed)`);
      expect(done.text).toContain(m.row.status.completed);
      await expectOutput(app, name, size, seed);
      const stats = e2e.origin.stats(name);
      expect(stats.maxInFlight, 'parallel connections seen by the origin').toBeGreaterThanOrEqual(4);
      expect(stats.rangeRequests).toBeGreaterThanOrEqual(4);
      await expectStagingEmpty(app.page);
      expect(await pickerCalls(app.page)).toEqual([name]);
    });

    onceInEnglish('carries on after a reload at about half way without fetching the file again', async () => {
      const name = 'reload-64m.bin';
      const size = 64 * MiB;
      const seed = 202;
      const app = await e2e.newAppPage();

      // ~1.2 MB/s per connection: with 6 connections the whole file takes roughly 8–10 s.
      await addUrls(app.page, e2e.fileUrl(name, { size, seed, rate: 1_200_000 }));
      const before = await waitForProgress(row(app.page, name), 0.45, 60_000);
      await app.page.reload();
      expect(before, 'the reload happened mid-way, not after the end').toBeLessThan(0.9);
      await waitForListReady(app.page);

      const target = row(app.page, name);
      await target.waitFor({ state: 'attached', timeout: 30_000 });
      const first = await sampleRow(target);
      expect(first.value, `progress right after the reload: ${JSON.stringify(first)}`).not.toBeNull();
      expect(first.value ?? 0).toBeGreaterThan(0);

      await waitForStatus(target, 'completed', 90_000);
      await expectOutput(app, name, size, seed);
      const stats = e2e.origin.stats(name);
      const sent = stats.bytesSent;
      const shownAfter = first.value !== null && first.max !== null ? first.value / first.max : 0;
      console.log(
        `[e2e] reload at ${(before * 100).toFixed(0)}% (row came back at ${(shownAfter * 100).toFixed(0)}%): ` +
          `origin sent ${sent} bytes for a ${size}-byte file; fetched again ${sent - size} bytes ` +
          `(${(((sent - size) / size) * 100).toFixed(2)}%); ranges asked: ${stats.ranges.join(' ')}`,
      );
      expect(sent).toBeLessThan(1.05 * size);
      await expectStagingEmpty(app.page);
    });

    it('downloads from a server that ignores Range, showing progress against the known size', async () => {
      const name = 'norange.bin';
      const size = 8 * MiB + 77;
      const seed = 303;
      const app = await e2e.newAppPage();

      await addUrls(app.page, e2e.fileUrl(name, { size, seed, norange: 1, rate: 3_000_000 }));
      const samples: RowSample[] = [];
      await waitForStatus(row(app.page, name), 'completed', 60_000, (s) => samples.push(s));

      const running = samples.filter((s) => s.status === 'downloading' && s.value !== null && s.max === size);
      expect(running.length, `samples: ${JSON.stringify(samples.slice(0, 5))}`).toBeGreaterThan(0);
      await expectOutput(app, name, size, seed);
      await expectStagingEmpty(app.page);
    });

    it('downloads a file of unknown length with an indeterminate progress bar', async () => {
      const name = 'nolength.bin';
      const size = 3 * MiB + 1234;
      const seed = 404;
      const app = await e2e.newAppPage();

      await addUrls(app.page, e2e.fileUrl(name, { size, seed, nolength: 1, norange: 1, rate: 1_000_000 }));
      const samples: RowSample[] = [];
      const done = await waitForStatus(row(app.page, name), 'completed', 60_000, (s) => samples.push(s));

      const downloading = samples.filter((s) => s.status === 'downloading');
      expect(downloading.length, 'the download was seen running').toBeGreaterThan(0);
      for (const s of downloading) {
        expect(s.value, `indeterminate while running: ${JSON.stringify(s)}`).toBeNull();
      }
      await expectOutput(app, name, size, seed);
      // Once finished the size is known: the bar is full at the real size.
      expect(done.max, `row at the end: ${JSON.stringify(done)}`).toBe(size);
      expect(done.value).toBe(size);
      await expectStagingEmpty(app.page);
    });

    onceInEnglish('starts again with the new version when the file changes on the server across a reload', async () => {
      const name = 'changes-32m.bin';
      const size = 32 * MiB;
      const seed = 505;
      const app = await e2e.newAppPage();

      await addUrls(app.page, e2e.fileUrl(name, { size, seed, rate: 800_000 }));
      await waitForProgress(row(app.page, name), 0.3, 60_000);
      // The new version is in place before the reloaded page can ask for anything.
      e2e.origin.setVersion(name, 1);
      await app.page.reload();
      await waitForListReady(app.page);

      const samples: RowSample[] = [];
      const done = await waitForStatus(row(app.page, name), 'completed', 90_000, (s) => samples.push(s));
      const newSeed = seed + VERSION_SEED_STEP;
      expect(await readOutputSha256(app.page, name), 'the whole new version, never a mix').toBe(
        sha256OfContent(size, newSeed),
      );
      const notes = [done, ...samples].map((s) => s.note).filter((n): n is string => n !== null);
      expect(notes.join(' | '), `row: ${JSON.stringify(done)}`).toContain(m.sentence('The file changed on the server; started again'));
      await expectStagingEmpty(app.page);
    });

    it('downloads empty, one-byte and smaller-than-a-segment files byte-exact', async () => {
      const app = await e2e.newAppPage();
      const files = [
        { name: 'empty.bin', size: 0, seed: 606 },
        { name: 'one-byte.bin', size: 1, seed: 607 },
        { name: 'small-100k.bin', size: 100 * KiB, seed: 608 },
      ];
      for (const file of files) {
        await addUrls(app.page, e2e.fileUrl(file.name, { size: file.size, seed: file.seed }));
        await waitForStatus(row(app.page, file.name), 'completed', 30_000);
      }
      for (const file of files) await expectOutput(app, file.name, file.size, file.seed);
      expect(await pickerCalls(app.page)).toEqual(files.map((f) => f.name));
      await expectStagingEmpty(app.page);
    });

    it('suggests the server\'s name in the save picker for a link without one, unless the server is slow', async () => {
      const app = await e2e.newAppPage();
      const named = { size: 300 * KiB + 5, seed: 621 };
      // "/files/dl?id=7" names no file; the server calls it report.pdf.
      await addUrls(app.page, e2e.fileUrl('dl', { id: 7, size: named.size, seed: named.seed, disposition: 'attachment; filename="report.pdf"' }));
      await waitForStatus(row(app.page, 'report.pdf'), 'completed', 30_000);
      await expectOutput(app, 'report.pdf', named.size, named.seed);
      expect(await pickerCalls(app.page)).toEqual(['report.pdf']);
      // A server that takes longer than the picker can wait: the URL's own name, and no wait beyond it.
      const slow = { size: 100 * KiB, seed: 622 };
      const clicked = performance.now();
      await addUrls(app.page, e2e.fileUrl('get', { size: slow.size, seed: slow.seed, delay: 4_000, delays: 1, disposition: 'attachment; filename="late.pdf"' }));
      await pollUntil(async () => ((await pickerCalls(app.page)).length === 2 ? true : undefined), 10_000, () => 'the picker did not open');
      const waited = performance.now() - clicked;
      expect(await pickerCalls(app.page)).toEqual(['report.pdf', 'get']);
      expect(waited, 'the picker opened within the click\'s activation window').toBeLessThan(3_500);
      await waitForStatus(row(app.page, 'get'), 'completed', 30_000);
      await expectOutput(app, 'get', slow.size, slow.seed);
    });

    it('saves several URLs into one picked folder under the names the server gives', async () => {
      const app = await e2e.newAppPage();
      const plain = { name: 'multi-a.bin', size: 200 * KiB + 3, seed: 611 };
      // The server names the second file itself; the row and the saved file must follow it.
      const renamed = { name: 'renamed-b.bin', size: 300 * KiB, seed: 612 };
      // A third server names its file like the first: it is saved beside it, and its row says so.
      const clash = { size: 100 * KiB, seed: 613 };
      const urls = [
        e2e.fileUrl(plain.name, { size: plain.size, seed: plain.seed }),
        e2e.fileUrl('multi-b.bin', {
          size: renamed.size,
          seed: renamed.seed,
          disposition: `attachment; filename="${renamed.name}"`,
        }),
        e2e.fileUrl('multi-c.bin', { size: clash.size, seed: clash.seed, disposition: `attachment; filename="${plain.name}"` }),
      ];
      await addUrls(app.page, urls.join('\n'));
      // Wait for both rows to finish whatever they are called, then check the names they ended with.
      let rows: Awaited<ReturnType<typeof listStatuses>> = [];
      await pollUntil(
        async () => {
          rows = await listStatuses(app.page);
          if (rows.some((r) => r.status === 'failed')) throw new Error(`a row failed: ${JSON.stringify(rows)}`);
          return rows.length === 3 && rows.every((r) => r.status === 'completed') ? true : undefined;
        },
        30_000,
        () => `rows: ${JSON.stringify(rows)}`,
      );
      const numbered = 'multi-a (1).bin';
      expect(rows.map((r) => r.name).sort(), 'row names').toEqual([plain.name, renamed.name, numbered].sort());
      await expectOutput(app, renamed.name, renamed.size, renamed.seed);
      // Either job may have claimed the name first; each row's name holds one of the two files.
      const firstIsPlain = (await outputSize(app.page, plain.name)) === plain.size;
      const [named, other] = firstIsPlain ? [plain, clash] : [clash, plain];
      await expectOutput(app, plain.name, named.size, named.seed);
      await expectOutput(app, numbered, other.size, other.seed);
      expect(await directoryPickerCalls(app.page)).toBe(1);
      expect(await pickerCalls(app.page)).toEqual([]);
      await expectStagingEmpty(app.page);
    });

    it('rejects input that is not an http(s) URL without queueing anything', async () => {
      const app = await e2e.newAppPage();
      // As the link check writes them, in the page's language.
      const expected: Array<[string, string]> = [
        ['', m.sentence('Paste at least one link.')],
        ['not a url', m.sentence('Line 1: "not a url" is not a valid link.')],
        ['ftp://x/y', m.sentence('Line 1: only http and https links can be downloaded (got ftp:).')],
      ];
      for (const [input, says] of expected) {
        // A fresh page each time, so a message left over from the previous input cannot pass.
        await app.page.reload();
        await waitForListReady(app.page);
        await addUrls(app.page, input);
        // The alert region may exist empty before there is anything to say; wait for words in it.
        const alert = app.page.locator('form').getByRole('alert');
        const message = await pollUntil(
          async () => {
            const text = (await alert.innerText({ timeout: 1_000 }).catch(() => '')).trim();
            return text === '' ? undefined : text;
          },
          10_000,
          () => `no message in the form's alert for ${JSON.stringify(input)}`,
        );
        expect(message, `the message for ${JSON.stringify(input)}`).toContain(says);
        expect(await downloadsList(app.page).getByRole('listitem').count(), `rows for ${JSON.stringify(input)}`).toBe(0);
        expect(await pickerCalls(app.page), `picker opened for ${JSON.stringify(input)}`).toEqual([]);
      }
    });

    it('fails with a CORS reason and offers Retry when the server does not allow cross-origin reads', async () => {
      const name = 'nocors.bin';
      const app = await e2e.newAppPage();
      await addUrls(app.page, e2e.fileUrl(name, { size: MiB, seed: 707, nocors: 1 }));
      const target = row(app.page, name);
      const failed = await waitForStatus(target, 'failed', 60_000);
      expect(failed.reason ?? '', `row: ${JSON.stringify(failed)}`).toContain('CORS');
      // The browser's own download needs no CORS: the row offers it as a plain link to the file.
      const viaBrowser = target.getByRole('link', { name: m.cors.viaBrowser, exact: true });
      expect(await viaBrowser.getAttribute('href')).toBe(e2e.fileUrl(name, { size: MiB, seed: 707, nocors: 1 }));
      expect(await viaBrowser.getAttribute('rel')).toContain('noopener');
      // For the people who run the server: what to send, for nginx among others.
      await target.getByText(m.cors.howToFix, { exact: true }).click();
      await expect(rowText(target.locator('.cors-help'))).resolves.toContain('add_header Access-Control-Allow-Origin * always;');
      // The picker made an empty file at the picked place; nothing was written to it, so it is gone.
      expect(failed.notes.join(' | ')).toContain(m.sentence('The empty file made at the place you picked was removed.'));
      expect(await listOutput(app.page), 'files left at the picked place').toEqual([]);
      // Once the server allows it, Retry downloads it and asks where to save, since the place is gone.
      e2e.origin.setSwitches(name, { nocors: 0 });
      await target.getByRole('button', { name: m.row.actions.retry, exact: true }).click();
      // The row may still show the old failure for a moment after the click.
      await waitForStatusChange(target, 'failed');
      await waitForStatus(target, 'save-blocked', 30_000);
      await target.getByRole('button', { name: m.row.actions.save, exact: true }).click();
      await waitForStatus(target, 'completed', 30_000);
      await expectOutput(app, name, MiB, 707);
    });

    it('fails with the HTTP status in the reason when the server answers 404', async () => {
      const name = 'missing.bin';
      const app = await e2e.newAppPage();
      await addUrls(app.page, e2e.fileUrl(name, { size: MiB, seed: 808, fail: 404, fails: 100 }));
      const failed = await waitForStatus(row(app.page, name), 'failed', 60_000);
      expect(failed.reason ?? '', `row: ${JSON.stringify(failed)}`).toContain('404');
    });

    it('stops fetching on Pause and finishes byte-exact after Resume', async () => {
      const name = 'pause-16m.bin';
      const size = 16 * MiB;
      const seed = 909;
      const app = await e2e.newAppPage();
      await addUrls(app.page, e2e.fileUrl(name, { size, seed, rate: 500_000 }));
      const target = row(app.page, name);
      await waitForProgress(target, 0.25, 60_000);

      await target.getByRole('button', { name: m.row.actions.pause, exact: true }).click();
      await waitForStatus(target, 'paused', 15_000);
      await pollUntil(
        async () => (e2e.origin.stats(name).inFlight === 0 ? true : undefined),
        10_000,
        () => `origin still has ${e2e.origin.stats(name).inFlight} requests in flight after Pause`,
      );
      const pausedSent = e2e.origin.stats(name).bytesSent;
      const pausedRow = await sampleRow(target);
      // Nothing should move while paused; a rate-limited transfer would have moved ~MBs by now.
      await sleep(1_500);
      const later = await sampleRow(target);
      expect(e2e.origin.stats(name).bytesSent, 'bytes sent while paused').toBe(pausedSent);
      expect(later.status).toBe('paused');
      expect(later.value).toBe(pausedRow.value);
      expect(pausedSent).toBeLessThan(size);

      await target.getByRole('button', { name: m.row.actions.resume, exact: true }).click();
      await waitForStatus(target, 'completed', 60_000);
      await expectOutput(app, name, size, seed);
      await expectStagingEmpty(app.page);
    });
  });
}
