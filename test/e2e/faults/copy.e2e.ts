/**
 * The copy into the picked file when its copier worker hangs for real: the thread of the
 * "copier" worker (started by the app's download worker) is stuck in an endless loop through the
 * DevTools protocol, as a stuck writable or a crashed hash would leave it. What a person relies
 * on: the file still arrives byte-exact (the copier is replaced and the copy starts again from
 * the staged bytes), Pause works while the copier hangs, and nothing of the app's own making is
 * left in the picked folder. Each hang counts as one fault of the suite (fault-kit.ts).
 */
import { describe, expect, it } from 'vitest';
import type { Page, Worker } from 'playwright-core';
import { DEFAULT_COPIER_TIME_LIMITS } from '../../../src/worker/copy/copier-client';
import {
  addUrls,
  describePage,
  listOutput,
  pollUntil,
  row,
  rowButton,
  sampleRow,
  waitForProgress,
  waitForStatus,
  waitForStatusChange,
  type AppPage,
  expectStagingEmpty,
} from '../harness';
import { useFaultKit } from './fault-kit';

const MiB = 1024 * 1024;

/**
 * A Pause that waited for a hung copier would wait at least the copier's limit for a call (30 s);
 * one that waits for nothing shows well within it.
 */
const COPIER_CALL_LIMIT_MS = DEFAULT_COPIER_TIME_LIMITS.callMs;

const { e2e, urlOf, faultCase, expectExact } = useFaultKit('copy');

// ---------------------------------------------------------------------------------------------
// The copier workers of a page

/**
 * Every copier worker the page's download worker starts, as Playwright reports nested workers
 * (it auto-attaches to the workers of workers), and which of them have ended.
 */
interface Copiers {
  started: Worker[];
  ended: Set<Worker>;
  /** The `index`-th copier started (0 is the first), once it exists. */
  nth(index: number, timeout?: number): Promise<Worker>;
  /**
   * Waits until `worker` has ended. The browser ends a spinning thread, and reports it, a little
   * after the app called terminate(), so this may come after the app already replaced it.
   */
  waitEnded(worker: Worker): Promise<void>;
}

function watchCopiers(app: AppPage): Copiers {
  const started: Worker[] = [];
  const ended = new Set<Worker>();
  app.page.on('worker', (worker) => {
    // Vite names the bundle after the module: assets/copier-worker-<hash>.js.
    if (!/copier/.test(worker.url())) return;
    started.push(worker);
    worker.on('close', () => ended.add(worker));
  });
  return {
    started,
    ended,
    nth: (index, timeout = 30_000) =>
      pollUntil(async () => started[index], timeout, () => `${started.length} copier worker(s) started; console:\n${describePage(app)}`),
    waitEnded: async (worker) => {
      await pollUntil(async () => (ended.has(worker) ? true : undefined), 15_000, () => `the hung copier was never ended; console:\n${describePage(app)}`);
    },
  };
}

/**
 * Sticks the worker's thread in an endless loop: from then on it answers nothing, not even the
 * app's pings, until the app ends it. The loop runs as a task of the worker's own: spinning
 * inside the DevTools evaluation itself would also hang it, but Chromium does not end a worker
 * in the middle of a DevTools task (measured: worker.terminate() then leaves it running, with its
 * open writable and swap file), which no real hang does.
 */
async function hang(worker: Worker): Promise<void> {
  await worker.evaluate(() => {
    setTimeout(() => {
      for (;;) {
        // Spin: the thread never gets back to its event loop.
      }
    }, 0);
  });
}

/**
 * The picked folder holds exactly `names`: no empty file and no "x (1).bin" of the app's own
 * making. Polled briefly: the browser deletes an ended writer's swap file (x.crswap) just after.
 */
async function expectOutputExactly(page: Page, names: string[]): Promise<void> {
  const wanted = JSON.stringify([...names].sort());
  let seen: string[] = [];
  await pollUntil(
    async () => {
      seen = await listOutput(page);
      return JSON.stringify(seen) === wanted ? true : undefined;
    },
    10_000,
    () => `the picked folder holds ${JSON.stringify(seen)}, not ${wanted}`,
  );
}

// ---------------------------------------------------------------------------------------------

describe('a copier worker that hangs', () => {
  it('is replaced, and every copy open in it starts again: both files saved byte-exact, nothing else left in the folder', async () => {
    // Two URLs: one picked folder, two copies open in the one copier when it hangs.
    const files = [
      { name: 'hang-a.bin', size: 2 * MiB + 17, seed: 7101 },
      { name: 'hang-b.bin', size: 2 * MiB + 29, seed: 7102 },
    ];
    await faultCase(files.map((f) => f.name), async () => {
      const app = await e2e.newAppPage();
      const copiers = watchCopiers(app);
      // ~150 kB/s per connection: a few seconds of downloading, during which the copies follow.
      await addUrls(app.page, files.map((f) => urlOf(f, { rate: 150_000 })).join('\n'));
      const hung = await copiers.nth(0);
      await hang(hung);
      for (const f of files) await waitForStatus(row(app.page, f.name), 'completed', 90_000);
      for (const f of files) await expectExact(app.page, f.name, f.size, f.seed);
      expect(copiers.started.length, 'copier workers started').toBeGreaterThanOrEqual(2);
      await copiers.waitEnded(hung);
      // The empty files the first copies created were removed and their names claimed again.
      await expectOutputExactly(app.page, files.map((f) => f.name));
      await expectStagingEmpty(app.page);
    }, 1);
  });

  it('does not hold up Pause: the row shows Paused within the copier time limit, and Resume completes the file byte-exact', async () => {
    const f = { name: 'hang-pause.bin', size: 4 * MiB + 3, seed: 7201 };
    await faultCase([f.name], async () => {
      const app = await e2e.newAppPage();
      const copiers = watchCopiers(app);
      // ~100 kB/s per connection: about ten seconds to download, Pause lands midway.
      await addUrls(app.page, urlOf(f, { rate: 100_000 }));
      const target = row(app.page, f.name);
      const hung = await copiers.nth(0);
      await hang(hung);
      await waitForProgress(target, 0.1, 60_000);
      const before = await sampleRow(target);
      expect(before.status, 'still downloading when Pause is clicked').toBe('downloading');

      await rowButton(target, 'Pause').click();
      await waitForStatus(target, 'paused', COPIER_CALL_LIMIT_MS);
      console.log(`[e2e] Paused shown while the hung copier was ${copiers.ended.has(hung) ? 'already replaced' : 'still running (not waited for)'}`);

      await rowButton(target, 'Resume').click();
      await waitForStatusChange(target, 'paused');
      await waitForStatus(target, 'completed', 90_000);
      await expectExact(app.page, f.name, f.size, f.seed);
      expect(copiers.started.length, 'copier workers started').toBeGreaterThanOrEqual(2);
      await copiers.waitEnded(hung);
      await expectOutputExactly(app.page, [f.name]);
      await expectStagingEmpty(app.page);
    }, 1);
  });
});
