/** Fault suite (see fault-kit.ts): Checksums, and several tabs of the app at once. */
import { describe, expect, it } from 'vitest';
import { sha256OfContent } from '../../origin/bytes';
import {
  addUrls,
  downloadsList,
  pickerCalls,
  pollUntil,
  row,
  rowButton,
  sampleRow,
  waitForAnyStatus,
  waitForProgress,
  waitForStatusChange,
  rowText,
} from '../harness';
import { KiB, MiB, file, recorder, useFaultKit } from './fault-kit';

const { e2e, urlOf, faultCase, completesExact, startOne } = useFaultKit('integrity-and-tabs');

describe('integrity', () => {
  it('shows a copyable SHA-256 and Verified when the expected checksum matches', async () => {
    const f = file('verified.bin', 2 * MiB, 5401);
    await faultCase([f.name], async () => {
      const app = await e2e.newAppPage();
      await app.context.grantPermissions(['clipboard-read', 'clipboard-write'], { origin: e2e.appOrigin });
      const hex = sha256OfContent(f.size, f.seed);
      await addUrls(app.page, `${urlOf(f, { cut: 100_000, cuts: 2 })} sha256=${hex}`);
      const target = row(app.page, f.name);
      await completesExact(app, f);
      const verdict = target.locator('[data-role="verdict"]');
      await expect(verdict.getAttribute('data-verdict', { timeout: 5_000 })).resolves.toBe('verified');
      expect((await rowText(verdict)).trim()).toBe('Verified');
      expect(await rowText(target.locator('[data-role="checksum"]'))).toContain(hex);
      await rowButton(target, 'Copy SHA-256').click();
      const copied = await pollUntil(
        async () => {
          const text = await app.page.evaluate(() => navigator.clipboard.readText()).catch(() => '');
          return text.includes(hex) ? text : undefined;
        },
        5_000,
        () => 'the clipboard never held the SHA-256',
      );
      expect(copied.trim()).toBe(hex);
    });
  });

  it('bytes from a lying server fail the expected checksum, are never called Completed, and Retry fetches them anew', async () => {
    const f = file('mismatch.bin', 2 * MiB, 5402);
    await faultCase([f.name], async () => {
      const app = await e2e.newAppPage();
      const hex = sha256OfContent(f.size, f.seed);
      // The first two answers carry bytes from 4 KiB further on under a truthful-looking
      // Content-Range: nothing but the checksum can tell.
      await addUrls(app.page, `${urlOf(f, { wrongrange: 1, wrongranges: 2 })} sha256=${hex}`);
      const target = row(app.page, f.name);
      const seen = recorder();
      const outcome = await waitForAnyStatus(target, ['failed', 'completed'], 60_000, seen.onSample);
      expect(outcome.status, `row: ${JSON.stringify(outcome.text)}`).toBe('failed');
      expect(seen.samples.filter((s) => s.status === 'completed'), 'never Completed').toEqual([]);
      expect(outcome.reason ?? '').toContain('Checksum mismatch');
      // The size is known and nothing of it is kept: no "Size unknown · 0 B" on a failed row.
      expect(outcome.text).toContain('2.00 MiB');
      expect(outcome.text).not.toMatch(/Size unknown|0 B/);
      await expect(target.locator('[data-role="verdict"]').getAttribute('data-verdict', { timeout: 5_000 })).resolves.toBe('mismatch');
      expect((await rowText(target.locator('[data-role="verdict"]'))).trim()).toBe('Mismatch');

      await rowButton(target, 'Retry').click();
      await waitForStatusChange(target, 'failed');
      await completesExact(app, f);
      await expect(target.locator('[data-role="verdict"]').getAttribute('data-verdict', { timeout: 5_000 })).resolves.toBe('verified');
    });
  });
});

describe('several tabs', () => {
  it('one tab drives, the other shows live progress, and takes over when the first closes', async () => {
    const f = file('two-tabs.bin', 12 * MiB, 5501);
    await faultCase([f.name], async () => {
      const app = await e2e.newAppPage();
      const first = await startOne(app, f, { rate: 400_000 });
      await waitForProgress(first, 0.05, 30_000);

      const tab = await e2e.newPageInContext(app);
      const other = row(tab.page, f.name);
      await other.waitFor({ state: 'attached', timeout: 15_000 });
      const watching = await pollUntil(
        async () => {
          const s = await sampleRow(other);
          return s.notes.some((n) => /active in another tab/i.test(n)) ? s : undefined;
        },
        10_000,
        async () => `no "Active in another tab" note: ${JSON.stringify((await sampleRow(other)).text)}`,
      );
      await pollUntil(
        async () => ((await sampleRow(other)).value ?? 0) > (watching.value ?? 0) ? true : undefined,
        10_000,
        () => 'the second tab did not show the progress advancing',
      );

      const atClose = await sampleRow(other);
      expect(atClose.status, 'still downloading when the driving tab closes').toBe('downloading');
      const closedAt = Date.now();
      await app.page.close();
      e2e.origin.recordFault(f.name, 'driving tab closed');
      await pollUntil(
        async () => {
          const s = await sampleRow(other);
          const driving = !s.notes.some((n) => /another tab/i.test(n));
          return s.status === 'completed' || (driving && s.status === 'downloading' && (s.value ?? 0) > (atClose.value ?? 0))
            ? true
            : undefined;
        },
        15_000,
        async () => `the second tab did not take over: ${JSON.stringify((await sampleRow(other)).text)}`,
      );
      console.log(`[faults] two tabs: the second tab took over ${Date.now() - closedAt} ms after the first closed`);
      await completesExact(tab, f);
    });
  });

  it('adding a link already in the list asks first; "Don\'t download" adds nothing', async () => {
    const f = file('duplicate.bin', 512 * KiB, 5502);
    const app = await e2e.newAppPage();
    await startOne(app, f);
    await completesExact(app, f);
    const requestsBefore = e2e.origin.stats(f.name).requests;
    await addUrls(app.page, urlOf(f));
    const dialog = app.page.locator('form').getByRole('alertdialog');
    await dialog.waitFor({ timeout: 10_000 });
    await expect(rowButton(dialog, 'Download again').isVisible()).resolves.toBe(true);
    await rowButton(dialog, "Don't download").click();
    await dialog.waitFor({ state: 'hidden', timeout: 5_000 });
    expect(await downloadsList(app.page).getByRole('listitem').count()).toBe(1);
    expect(await pickerCalls(app.page), 'no save dialog for the link not downloaded again').toEqual([f.name]);
    expect(e2e.origin.stats(f.name).requests, 'no request for the link not downloaded again').toBe(requestsBefore);
  });
});
