/**
 * Resume after a reload: the app downloads a throttled file, the page is reloaded when its row
 * shows about half, and the origin's own records say how much was fetched twice and how soon the
 * reloaded page asked for the rest.
 */
import { repeatRuns } from './repeat-runs';
import { checkOutput, checkOutputBytes, openApp, waitForListReady, waitWithTimeout } from './contenders/app';
import { awaitCompletionExpression, watchCompletionExpression } from './page-scripts';
import { waitForProgress } from './progress';
import { median } from './stats';
import { runTimeoutMs, type BenchEnv, type Workload } from './types';

export interface ResumeRun {
  /** Fraction the progress bar showed when the reload was issued. */
  progressAtReload: number;
  /** Body bytes the origin sent beyond the file's size: fetched twice. */
  refetchedBytes: number;
  refetchedPercent: number;
  /** From page.reload() to the first request the origin received afterwards. */
  reloadToFirstRequestMs: number;
  /** From the reloaded page's load event to that request (negative: it came before the event). */
  pageBackToFirstRequestMs: number;
  /** From page.reload() to the load event of the new page. */
  reloadMs: number;
  /** Click to Completed, the reload included. */
  totalMs: number;
  requests: number;
}

export interface ResumeResult {
  workload: string;
  size: number;
  rate: number;
  runs: ResumeRun[];
  failures: string[];
  median: {
    refetchedPercent: number | null;
    reloadToFirstRequestMs: number | null;
    pageBackToFirstRequestMs: number | null;
    progressAtReload: number | null;
  };
}

const RELOAD_AT = 0.5;

export async function runResume(env: BenchEnv, workload: Workload, runs: number): Promise<ResumeResult> {
  const [file] = workload.files;
  if (file === undefined || workload.rate === undefined) throw new Error('resume needs one throttled file');
  const { runs: done, failures } = await repeatRuns(
    env,
    runs,
    `resume ${workload.label}`,
    () => resumeOnce(env, workload),
    (run) =>
      `reload at ${(run.progressAtReload * 100).toFixed(0)}%, fetched again ${run.refetchedPercent.toFixed(2)}%, ` +
      `first request ${Math.round(run.pageBackToFirstRequestMs)} ms after the page was back`,
  );
  const result: ResumeResult = {
    workload: workload.label,
    size: file.size,
    rate: workload.rate,
    runs: done,
    failures,
    median: {
      refetchedPercent: median(done.map((r) => r.refetchedPercent)),
      reloadToFirstRequestMs: median(done.map((r) => r.reloadToFirstRequestMs)),
      pageBackToFirstRequestMs: median(done.map((r) => r.pageBackToFirstRequestMs)),
      progressAtReload: median(done.map((r) => r.progressAtReload)),
    },
  };
  return result;
}

async function resumeOnce(env: BenchEnv, workload: Workload): Promise<ResumeRun> {
  const [file] = workload.files;
  if (file === undefined) throw new Error('no file');
  const session = await openApp(env);
  try {
    const { page } = session;
    await page.getByRole('textbox', { name: 'URL', exact: true }).fill(file.url);
    const started = performance.now();
    await page.getByRole('button', { name: 'Download', exact: true }).click();

    const progressAtReload = await waitForProgress(page, file.name, RELOAD_AT, runTimeoutMs(workload));

    // Both clocks are the same machine's wall clock: the origin stamps requests with Date.now().
    const reloadAt = Date.now();
    const reloadStarted = performance.now();
    await page.reload();
    const reloadMs = performance.now() - reloadStarted;
    const backAt = Date.now();
    await waitForListReady(page);
    await page.evaluate(watchCompletionExpression([file.name]));
    await waitWithTimeout(page.evaluate(awaitCompletionExpression), runTimeoutMs(workload), session);
    const totalMs = performance.now() - started;
    await checkOutput(page, workload);
    await checkOutputBytes(page, file);

    const stats = await env.origin.stats(file.name);
    const after = stats.times.filter((t) => t >= reloadAt);
    if (after.length === 0) throw new Error('the origin saw no request after the reload');
    const firstNew = Math.min(...after);
    const refetchedBytes = stats.bytesSent - file.size;
    return {
      progressAtReload,
      refetchedBytes,
      refetchedPercent: (100 * refetchedBytes) / file.size,
      reloadToFirstRequestMs: firstNew - reloadAt,
      pageBackToFirstRequestMs: firstNew - backAt,
      reloadMs,
      totalMs,
      requests: stats.requests,
    };
  } finally {
    await session.close();
  }
}
