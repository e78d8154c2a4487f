/**
 * The app, driven as a person would: paste the links into "URL", click "Download", and wait
 * until every row says Completed — which the app shows only after the final copy into the picked
 * file (or folder), so the time includes that copy.
 */
import type { Page } from 'playwright-core';
import { launchBrowser, type BrowserSession } from '../browser';
import { cpuFields, meterProcessTree } from '../cpu';
import { memoryFields, sampleProcessTree } from '../memory';
import {
  awaitCompletionExpression,
  completionTimesExpression,
  outputSha256Expression,
  outputSummaryExpression,
  watchCompletionExpression,
  type CompletionTimes,
} from '../page-scripts';
import { runTimeoutMs, type BenchEnv, type Contender, type FileSpec, type Measurement, type Workload } from '../types';
import { contentSeed, sha256OfContent } from '../../test/origin/bytes';

export function appContender(env: BenchEnv): Contender {
  return {
    id: 'app',
    label: 'Rangefetch (app)',
    method: (w) =>
      w.files.length === 1
        ? 'page: URL → Download → row Completed (incl. copy to the picked file)'
        : 'page: paste links → Download → all rows Completed (folder picker)',
    absent: null,
    async run(workload, opts) {
      const session = await openApp(env);
      try {
        const { page } = session;
        await page.getByRole('textbox', { name: 'URL', exact: true }).fill(workload.files.map((f) => f.url).join('\n'));
        await page.evaluate(watchCompletionExpression(workload.files.map((f) => f.name)));
        const sampler = opts.sampleMemory ? sampleProcessTree(session.pid) : null;
        const cpu = await meterProcessTree(session.pid);
        const started = performance.now();
        await page.getByRole('button', { name: 'Download', exact: true }).click();
        await waitWithTimeout(page.evaluate(awaitCompletionExpression), runTimeoutMs(workload), session);
        const ms = performance.now() - started;
        const cpuUsed = await cpu.stop();
        const memory = await sampler?.stop();
        const bytes = await checkOutput(page, workload);
        const result: Measurement = { ms, bytes };
        // The expression's own result shape (page-scripts.ts).
        const times = (await page.evaluate(completionTimesExpression)) as CompletionTimes;
        if (times.click !== null && times.staged !== null) result.stagedMs = times.staged - times.click;
        Object.assign(result, memoryFields(memory), cpuFields(cpuUsed));
        return result;
      } finally {
        await session.close();
      }
    },
  };
}

/** A fresh browser with the app loaded and its (empty) list shown. */
export async function openApp(env: BenchEnv): Promise<BrowserSession> {
  const session = await launchBrowser({ replacePickers: true });
  try {
    await session.page.goto(env.appUrl);
    await waitForListReady(session.page);
    return session;
  } catch (error) {
    await session.close();
    throw error;
  }
}

export async function waitForListReady(page: Page): Promise<void> {
  // aria-busy is set while the jobs saved in IndexedDB are being loaded.
  await page.locator('ul[aria-label="Downloads"]:not([aria-busy="true"])').waitFor({ state: 'attached', timeout: 30_000 });
}

export async function waitWithTimeout<T>(promise: Promise<T>, timeoutMs: number, session: BrowserSession): Promise<T> {
  let timer: ReturnType<typeof setTimeout> | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => {
      const errors = session.errors.slice(-5).join('\n');
      reject(new Error(`not done after ${Math.round(timeoutMs / 1000)} s${errors === '' ? '' : `; page errors:\n${errors}`}`));
    }, timeoutMs);
  });
  try {
    return await Promise.race([promise, timeout]);
  } finally {
    clearTimeout(timer);
  }
}

/** The picked file(s) must hold exactly the workload's bytes, or the run does not count. */
export async function checkOutput(page: Page, workload: Workload): Promise<number> {
  // The expression's own result shape (page-scripts.ts).
  const out = (await page.evaluate(outputSummaryExpression)) as { files: number; bytes: number };
  if (out.files !== workload.files.length || out.bytes !== workload.totalBytes) {
    throw new Error(
      `the picked location holds ${out.files} files / ${out.bytes} bytes, expected ${workload.files.length} / ${workload.totalBytes}`,
    );
  }
  return out.bytes;
}

/**
 * The picked file must hold the origin's very bytes: after an interruption (reload, crash) a size
 * check alone would pass a file with a hole or a block written twice at the wrong place.
 */
export async function checkOutputBytes(page: Page, file: FileSpec): Promise<void> {
  // The origin's bytes for /files/<name> without a seed= parameter, version 0 (the bench resets it).
  const expected = sha256OfContent(file.size, contentSeed(file.name));
  const actual = (await page.evaluate(outputSha256Expression(file.name))) as string;
  if (actual !== expected) throw new Error(`${file.name} is not byte-exact: SHA-256 ${actual.slice(0, 12)}…, expected ${expected.slice(0, 12)}…`);
}
