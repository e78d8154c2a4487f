/** Fault suite (see fault-kit.ts): the job lifecycle as a person drives it, forged messages, damaged records. */
import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import {
  OUTPUT_DIR,
  addUrls,
  downloadsList,
  outputSize,
  pollUntil,
  row,
  rowButton,
  sampleRow,
  settingsPanel,
  sleep,
  waitForListReady,
  waitForProgress,
  waitForStatus,
  expectStagingEmpty,
} from '../harness';
import { MiB, file, useFaultKit } from './fault-kit';

const { e2e, urlOf, faultCase, completesExact } = useFaultKit('lifecycle');

/** Waits until the origin has no request of `name` open, then until none starts for `quietMs`. */
async function expectNoMoreRequests(name: string, quietMs: number): Promise<void> {
  await pollUntil(
    async () => (e2e.origin.stats(name).inFlight === 0 ? true : undefined),
    10_000,
    () => `requests of ${name} still open: ${e2e.origin.stats(name).inFlight}`,
  );
  const asked = e2e.origin.stats(name).requests;
  await sleep(quietMs);
  expect(e2e.origin.stats(name).requests, `requests of ${name} after it stopped`).toBe(asked);
}

/** The row's buttons but its Details toggle, which every row has. */
async function buttonNames(page: Page, name: string): Promise<string[]> {
  return row(page, name).locator('button:not(.job-toggle)').allInnerTexts();
}

/** The records as IndexedDB holds them now, read from the page (the worker keeps its connection). */
async function storedRecords(page: Page): Promise<Array<{ id: string; name: string; status: string }>> {
  return page.evaluate(
    () =>
      new Promise<Array<{ id: string; name: string; status: string }>>((resolve, reject) => {
        const open = indexedDB.open('rangefetch');
        open.onerror = () => reject(open.error);
        open.onsuccess = () => {
          const db = open.result;
          const all = db.transaction('jobs').objectStore('jobs').getAll();
          all.onerror = () => reject(all.error);
          all.onsuccess = () => {
            db.close();
            resolve((all.result as Array<{ id: string; name: string; status: string }>).map(({ id, name, status }) => ({ id, name, status })));
          };
        };
      }),
  );
}

/** Stores `record` as it is into the app's database (a record written by a bug, or by hand). */
async function putRecord(page: Page, record: Record<string, unknown>, withOutputFile?: string): Promise<void> {
  await page.evaluate(
    async ({ record, withOutputFile, outputDir }) => {
      const value = { ...record };
      if (withOutputFile !== undefined) {
        const dir = await (await navigator.storage.getDirectory()).getDirectoryHandle(outputDir, { create: true });
        value.destination = { kind: 'file', handle: await dir.getFileHandle(withOutputFile, { create: true }) };
      }
      await new Promise<void>((resolve, reject) => {
        const open = indexedDB.open('rangefetch');
        open.onerror = () => reject(open.error);
        open.onsuccess = () => {
          const db = open.result;
          const tx = db.transaction('jobs', 'readwrite');
          tx.objectStore('jobs').put(value);
          tx.oncomplete = () => {
            db.close();
            resolve();
          };
          tx.onerror = () => reject(tx.error);
        };
      });
    },
    { record, withOutputFile, outputDir: OUTPUT_DIR },
  );
}

describe('the job lifecycle, as a person drives it', () => {
  it('Cancel on a running download stops it for good: no new request, no staged bytes, the picked file untouched', async () => {
    const f = file('cancel-running.bin', 16 * MiB, 6001);
    const app = await e2e.newAppPage();
    await addUrls(app.page, urlOf(f, { rate: 400_000 }));
    const target = row(app.page, f.name);
    await waitForProgress(target, 0.1, 30_000);

    await rowButton(target, 'Cancel').click();
    // waitForStatus fails at once on "failed": a canceled download is not a failure.
    const canceled = await waitForStatus(target, 'canceled', 10_000);
    expect(canceled.text).toContain('Canceled');
    // The old bug: it started again from byte 0 and wrote the picked file a few seconds later.
    await expectNoMoreRequests(f.name, 3_000);
    expect((await sampleRow(target)).status).toBe('canceled');
    await expectStagingEmpty(app.page);
    expect(await outputSize(app.page, f.name), 'the picked file as the picker left it').toBe(0);
    expect((await buttonNames(app.page, f.name)).sort()).toEqual(['Download again', 'Remove']);

    e2e.origin.setSwitches(f.name, { rate: null });
    await rowButton(target, 'Download again').click();
    await completesExact(app, f);
  });

  it('Cancel while paused and Remove while running leave no staged bytes and no new requests', async () => {
    const paused = file('cancel-paused.bin', 8 * MiB, 6002);
    const removed = file('remove-running.bin', 8 * MiB, 6003);
    const app = await e2e.newAppPage();
    await addUrls(app.page, [urlOf(paused, { rate: 300_000 }), urlOf(removed, { rate: 300_000 })].join('\n'));
    await waitForProgress(row(app.page, paused.name), 0.05, 30_000);
    await waitForProgress(row(app.page, removed.name), 0.05, 30_000);

    await rowButton(row(app.page, paused.name), 'Pause').click();
    await waitForStatus(row(app.page, paused.name), 'paused', 10_000);
    await rowButton(row(app.page, paused.name), 'Cancel').click();
    await waitForStatus(row(app.page, paused.name), 'canceled', 10_000);

    await rowButton(row(app.page, removed.name), 'Remove').click();
    await row(app.page, removed.name).waitFor({ state: 'detached', timeout: 10_000 });

    await expectNoMoreRequests(paused.name, 1_000);
    await expectNoMoreRequests(removed.name, 2_000);
    await expectStagingEmpty(app.page);
    expect((await storedRecords(app.page)).map((r) => [r.name, r.status])).toEqual([[paused.name, 'canceled']]);
  });

  it('a second job writing the same picked file is refused when it is added, and the first goes on', async () => {
    const f = file('same-picked-file.bin', 4 * MiB, 6009);
    const app = await e2e.newAppPage();
    await addUrls(app.page, urlOf(f, { rate: 500_000 }));
    const first = row(app.page, f.name);
    await waitForProgress(first, 0.05, 30_000);
    // The same link again: the page asks first, then the picker hands out the very same file.
    await addUrls(app.page, urlOf(f, { rate: 500_000 }));
    await app.page.getByRole('alertdialog').getByRole('button', { name: 'Download again', exact: true }).click();
    const refusal = await pollUntil(
      async () => {
        const text = (await app.page.locator('form').getByRole('alert').allInnerTexts()).join(' ').trim();
        return text === '' ? undefined : text;
      },
      10_000,
      () => 'no refusal in the form',
    );
    expect(refusal).toMatch(/already saves to that file/);
    expect(await downloadsList(app.page).getByRole('listitem').count()).toBe(1);
    e2e.origin.setSwitches(f.name, { rate: null });
    await completesExact(app, f);
  });

  it('forged messages from another page of the origin change nothing', async () => {
    const f = file('forged-messages.bin', 8 * MiB, 6004);
    await faultCase(
      [f.name],
      async () => {
        const app = await e2e.newAppPage();
        await addUrls(app.page, urlOf(f, { rate: 1_000_000 }));
        const target = row(app.page, f.name);
        await waitForProgress(target, 0.05, 30_000);
        const [job] = await storedRecords(app.page);
        if (!job) throw new Error('no stored record');
        // Any script of the origin can post on the app's channel; the worker of this very tab hears it.
        await app.page.evaluate((id) => {
          const channel = new BroadcastChannel('rangefetch-tabs');
          channel.postMessage({ type: 'command', id, action: 'setDestination' });
          channel.postMessage({ type: 'command', id, action: 'saveSettings' });
          channel.postMessage({ type: 'settings', settings: { connectionsPerServer: Number.NaN, retries: 1, giveUpAfterSeconds: 1, stallTimeoutSeconds: 1, speedLimitMBps: 0 } });
          channel.postMessage({ type: 'views', jobs: [{ id, status: 'completed', bytesDone: Number.NaN, name: '<img src=x>' }] });
          channel.close();
        }, job.id);
        await completesExact(app, f);
        const ignored = app.consoleLines.filter((line) => line.includes('Ignored a malformed message')).length;
        expect(ignored, 'forged messages the worker ignored').toBe(4);
        // The settings are still the stored ones: the forged NaN limit never applied.
        await settingsPanel(app.page).locator('summary').click();
        await expect(settingsPanel(app.page).getByRole('spinbutton', { name: 'Connections per server', exact: true }).inputValue()).resolves.toBe('6');
      },
      4,
    );
  });

  it('a damaged record becomes a row of its own with Remove; every other job still shows and runs', async () => {
    const done = file('before-damage.bin', 2 * MiB, 6005);
    const resumed = file('size-but-no-segments.bin', 3 * MiB, 6006);
    const after = file('after-damage.bin', 2 * MiB, 6007);
    await faultCase(
      [done.name, resumed.name, after.name],
      async () => {
        const app = await e2e.newAppPage();
        await addUrls(app.page, urlOf(done));
        await completesExact(app, done);
        // Garbage where the segments should be, and a record stopped between the probe and the plan.
        const record = {
          rangeSupported: true, etag: null, lastModified: null, contentType: null, fingerprint: null, segments: [], streamed: 0,
          error: null, errorKind: null, note: null, destination: null, savedAs: null, allowWebPage: false, expectedSha256: null,
          sha256: null, completedAt: null,
        };
        await putRecord(app.page, { ...record, id: 'damaged-1', url: 'https://example.com/broken.iso', name: 'broken.iso', size: 100, segments: 'garbage', status: 'downloading', createdAt: 1 });
        await putRecord(app.page, { ...record, id: 'no-segments-1', url: urlOf(resumed), name: resumed.name, size: resumed.size, status: 'paused', createdAt: 2 }, resumed.name);
        await app.page.reload();
        await waitForListReady(app.page);

        const broken = row(app.page, 'broken.iso');
        const seen = await waitForStatus(broken, 'damaged', 10_000);
        expect(seen.reason ?? '').toMatch(/This entry is damaged \(its segments is not valid\)/);
        expect(await buttonNames(app.page, 'broken.iso')).toEqual(['Remove']);
        expect((await sampleRow(row(app.page, done.name))).status).toBe('completed');

        await rowButton(row(app.page, resumed.name), 'Resume').click();
        await completesExact(app, resumed);
        await addUrls(app.page, urlOf(after));
        await completesExact(app, after);

        await rowButton(broken, 'Remove').click();
        await broken.waitFor({ state: 'detached', timeout: 10_000 });
        expect((await storedRecords(app.page)).map((r) => r.id)).not.toContain('damaged-1');
        expect(await downloadsList(app.page).getByRole('listitem').count()).toBe(3);
      },
      1,
    );
  });

  it('an older tab that blocks the database upgrade gets a message, and the list loads once it closes', async () => {
    const f = file('after-upgrade.bin', MiB, 6008);
    await faultCase(
      [f.name],
      async () => {
        const context = await e2e.newContext();
        const blank = `${e2e.appOrigin}/__old-tab`;
        await context.route(blank, (route) => route.fulfill({ contentType: 'text/html', body: '<!doctype html><title>old</title>' }));
        const old = await context.newPage();
        await old.goto(blank);
        // The database as version 2 of the app left it, held open by a tab that ignores versionchange.
        await old.evaluate(
          () =>
            new Promise<void>((resolve, reject) => {
              const open = indexedDB.open('rangefetch', 2);
              open.onupgradeneeded = () => {
                const jobs = open.result.createObjectStore('jobs', { keyPath: 'id' });
                jobs.createIndex('by-created', 'createdAt');
                open.result.createObjectStore('prefs');
              };
              open.onsuccess = () => {
                (window as unknown as { heldDb: IDBDatabase }).heldDb = open.result;
                resolve();
              };
              open.onerror = () => reject(open.error);
            }),
        );
        const page = await context.newPage();
        await page.goto(e2e.appUrl);
        const message = await pollUntil(
          async () => {
            const text = (await page.getByRole('alert').allInnerTexts()).join(' ');
            return /Close other Rangefetch tabs to finish updating/.test(text) ? text : undefined;
          },
          15_000,
          async () => `no message about the blocked update: ${(await page.getByRole('alert').allInnerTexts()).join(' | ')}`,
        );
        expect(message).toContain('Close other Rangefetch tabs');
        await old.close();
        await waitForListReady(page);
        await addUrls(page, urlOf(f));
        await waitForStatus(row(page, f.name), 'completed', 30_000);
        expect(await outputSize(page, f.name)).toBe(f.size);
      },
      1,
    );
  });
});
