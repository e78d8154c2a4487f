/**
 * Resume after a crash (target 5c): the app downloads a paced file, and when its row shows 40 %
 * the tab's renderer process is crashed (CDP Page.crash) — the engine's worker lives in that
 * process and dies mid-write, with no beforeunload and no last checkpoint. A new page of the same
 * profile then opens the app, which resumes by itself; the origin's own count of bytes sent says
 * how much was fetched twice, and the picked file must be byte-exact.
 */
import type { Page } from 'playwright-core';
import type { BrowserSession } from './browser';
import { checkOutput, checkOutputBytes, openApp, waitForListReady, waitWithTimeout } from './contenders/app';
import { awaitCompletionExpression, watchCompletionExpression } from './page-scripts';
import { processKind, processTree } from './process-tree';
import { waitForProgress } from './progress';
import { repeatRuns } from './repeat-runs';
import { median } from './stats';
import { runTimeoutMs, type BenchEnv, type Workload } from './types';

export interface CrashRun {
  /** Fraction the progress bar showed when the renderer was crashed. */
  progressAtCrash: number;
  /** Body bytes the origin had sent when the crashed worker's requests had all ended. */
  bytesBeforeCrash: number;
  /** Body bytes the origin sent beyond the file's size over the whole run: fetched twice. */
  refetchedBytes: number;
  refetchedPercent: number;
  /** Renderer processes that ended with the crash (the tab's, with the worker in it). */
  rendererPids: number[];
  /** From the crash to the origin seeing no request of this file open any more. */
  crashToQuietMs: number;
  /**
   * From the new page's load event to the first request the origin received from it (negative:
   * the app asked before the event).
   */
  newPageToFirstRequestMs: number;
  /** Click to Completed, the crash and the new page included. */
  totalMs: number;
  requests: number;
}

export interface CrashResult {
  workload: string;
  size: number;
  rate: number;
  runs: CrashRun[];
  failures: string[];
  median: { refetchedPercent: number | null; progressAtCrash: number | null; newPageToFirstRequestMs: number | null };
}

export const CRASH_AT = 0.4;

export async function runCrash(env: BenchEnv, workload: Workload, runs: number): Promise<CrashResult> {
  const [file] = workload.files;
  if (file === undefined || workload.rate === undefined) throw new Error('the crash scenario needs one throttled file');
  const { runs: done, failures } = await repeatRuns(
    env,
    runs,
    `crash ${workload.label}`,
    () => crashOnce(env, workload),
    (run) =>
      `renderer ${run.rendererPids.join(', ')} crashed at ${(run.progressAtCrash * 100).toFixed(0)}%, ` +
      `fetched again ${run.refetchedPercent.toFixed(2)}%, first request ${Math.round(run.newPageToFirstRequestMs)} ms after the new page loaded`,
  );
  const result: CrashResult = {
    workload: workload.label,
    size: file.size,
    rate: workload.rate,
    runs: done,
    failures,
    median: {
      refetchedPercent: median(done.map((r) => r.refetchedPercent)),
      progressAtCrash: median(done.map((r) => r.progressAtCrash)),
      newPageToFirstRequestMs: median(done.map((r) => r.newPageToFirstRequestMs)),
    },
  };
  return result;
}

async function crashOnce(env: BenchEnv, workload: Workload): Promise<CrashRun> {
  const [file] = workload.files;
  if (file === undefined) throw new Error('no file');
  const session = await openApp(env);
  try {
    const { page, context } = session;
    await page.getByRole('textbox', { name: 'URL', exact: true }).fill(file.url);
    const started = performance.now();
    await page.getByRole('button', { name: 'Download', exact: true }).click();
    const progressAtCrash = await waitForProgress(page, file.name, CRASH_AT, runTimeoutMs(workload));

    const crashAt = Date.now();
    const rendererPids = await crashRenderer(session, page);
    const quietAt = await waitForOriginQuiet(env, file.name, 10_000);
    const crashToQuietMs = quietAt - crashAt;
    const bytesBeforeCrash = (await env.origin.stats(file.name)).bytesSent;

    // The same profile (OPFS, IndexedDB, the picked file's handle), a new tab on the app; the
    // crashed tab goes only then, so the browser never has no page at all.
    const next = await context.newPage();
    await page.close().catch(() => undefined);
    next.on('pageerror', (error) => session.errors.push(error.message));
    await next.goto(env.appUrl);
    const loadedAt = Date.now();
    await waitForListReady(next);
    await next.evaluate(watchCompletionExpression([file.name]));
    await waitWithTimeout(next.evaluate(awaitCompletionExpression), runTimeoutMs(workload), session);
    const totalMs = performance.now() - started;
    await checkOutput(next, workload);
    await checkOutputBytes(next, file);

    const stats = await env.origin.stats(file.name);
    // Only once the dead worker's requests had all closed: until the renderer is really gone it
    // may still have asked for its next piece.
    const after = stats.times.filter((t) => t >= quietAt);
    if (after.length === 0) throw new Error('the origin saw no request after the crash');
    const refetchedBytes = stats.bytesSent - file.size;
    return {
      progressAtCrash,
      bytesBeforeCrash,
      refetchedBytes,
      refetchedPercent: (100 * refetchedBytes) / file.size,
      rendererPids,
      crashToQuietMs,
      newPageToFirstRequestMs: Math.min(...after) - loadedAt,
      totalMs,
      requests: stats.requests,
    };
  } finally {
    await session.close();
  }
}

async function rendererPids(session: BrowserSession): Promise<Set<number>> {
  const pids = await processTree(session.pid);
  const kinds = await Promise.all(pids.map(processKind));
  return new Set(pids.filter((_, i) => kinds[i] === 'renderer'));
}

/**
 * Crashes the page's renderer and checks, in the process table, that a renderer process really
 * ended: a crash, not a reload or a closed tab. Returns the pids that ended.
 */
async function crashRenderer(session: BrowserSession, page: Page): Promise<number[]> {
  const before = await rendererPids(session);
  const crashed = page.waitForEvent('crash', { timeout: 10_000 });
  const cdp = await session.context.newCDPSession(page);
  // The answer never comes: the renderer is gone before it could send one.
  void cdp.send('Page.crash').catch(() => undefined);
  await crashed;
  const deadline = Date.now() + 5_000;
  for (;;) {
    const now = await rendererPids(session);
    const ended = [...before].filter((pid) => !now.has(pid));
    if (ended.length > 0) return ended;
    if (Date.now() > deadline) throw new Error('Page.crash reported a crash but no renderer process ended');
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

/**
 * Waits until the origin has no body of `name` open: the worker's fetches ended with its process.
 * Returns when that was seen (epoch ms).
 */
async function waitForOriginQuiet(env: BenchEnv, name: string, timeoutMs: number): Promise<number> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    if ((await env.origin.stats(name)).inFlight === 0) return Date.now();
    if (Date.now() > deadline) throw new Error(`requests for ${name} still open ${timeoutMs / 1000} s after the crash: did the worker survive it?`);
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}
