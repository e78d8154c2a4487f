/**
 * The two halves of a scenario: the app's attempt (fresh browser, paste, watch the row, check
 * the saved bytes) and aria2c's, each paired with nginx's access log lines written during it.
 */
import { link, mkdir } from 'node:fs/promises';
import { join } from 'node:path';
import { concurrencyTimeline, logOffset, readLogFrom, summarize, type LogLine, type LogSummary } from './access-log';
import { runAria2, type Aria2Result } from './aria2';
import {
  isSettled, openApp, RowLog, savedFiles, startDownload, watchRow, type AppSession, type RowState, type WatchEnd,
} from './app-driver';
import type { CaseResult, RunContext } from './types';

export interface AppRun {
  end: WatchEnd;
  /** Completed, and the picked file holds exactly the source's bytes. */
  exact: boolean;
  outcome: string;
  rowLog: RowLog;
  log: LogSummary;
  /** The click on Download, ms since the epoch (the clock nginx's $msec uses). */
  startedAt: number;
  /** nginx's access log lines of the attempt. */
  lines: LogLine[];
  errors: string[];
}

/** Called at every poll while the job runs, e.g. to break the server at 30 %. */
export type OnState = (state: RowState) => void | Promise<void>;

export interface AppRunOptions {
  timeoutMs: number;
  onState?: OnState;
  /** Called once the row settles; may act on the page and returns how the row ended after that. */
  afterSettle?: (session: AppSession, end: WatchEnd, rowLog: RowLog, started: number) => Promise<WatchEnd>;
}

const sleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));
/** nginx logs a request when it ends; aborted ones end a moment after the browser let go. */
const LOG_SETTLE_MS = 1500;

/** Hard-links the source file into the docroot as files/<name>; returns the URL path. */
export async function serveFile(ctx: RunContext, name: string): Promise<string> {
  await mkdir(join(ctx.docroot, 'files'), { recursive: true });
  await link(ctx.file.path, join(ctx.docroot, 'files', name));
  return `/files/${name}`;
}

export async function runApp(ctx: RunContext, url: string, opts: AppRunOptions): Promise<AppRun> {
  const offset = await logOffset(ctx.logPath);
  const session = await openApp(ctx.appUrl);
  const rowLog = new RowLog();
  let end: WatchEnd;
  let exact = false;
  let outcome: string;
  let startedAt = Date.now();
  try {
    const started = await startDownload(session.page, url);
    startedAt = Date.now() - (performance.now() - started);
    end = await watchRow(session.page, rowLog, async (s) => {
      await opts.onState?.(s);
      return isSettled(s);
    }, opts.timeoutMs, started);
    if (opts.afterSettle !== undefined && end.kind === 'matched') end = await opts.afterSettle(session, end, rowLog, started);
    outcome = describeEnd(end, opts.timeoutMs);
    if (end.kind === 'matched' && end.state.status === 'completed') {
      const saved = await savedFiles(session.page);
      const [only] = saved;
      exact = saved.length === 1 && only !== undefined && only.size === ctx.file.size && only.sha256 === ctx.file.sha256;
      if (!exact) {
        const what = saved.map((f) => `${f.name} ${f.size} B sha256 ${f.sha256.slice(0, 12)}…`).join(', ');
        outcome = `completed, but the picked location holds [${what}], expected ${ctx.file.size} B sha256 ${ctx.file.sha256.slice(0, 12)}…`;
      }
    }
  } finally {
    await session.close();
  }
  await sleep(LOG_SETTLE_MS);
  const lines = await readLogFrom(ctx.logPath, offset);
  return { end, exact, outcome, rowLog, log: summarize(lines), startedAt, lines, errors: session.errors };
}

export function describeEnd(end: WatchEnd, timeoutMs: number): string {
  const s = end.state;
  if (end.kind === 'timeout') {
    const where = s === null ? 'no row' : `${s.status ?? '?'} at ${percent(s)}`;
    const said = s === null ? '' : [s.reason, ...s.notes].filter((t) => t !== null && t !== '').join(' / ');
    return `no end after ${Math.round(timeoutMs / 1000)} s: ${where}${said === '' ? '' : `, row says "${said}"`}`;
  }
  if (end.state.status === 'completed') return 'completed, byte-exact';
  const offers = end.state.buttons.length > 0 ? ` (offers ${end.state.buttons.join(', ')})` : '';
  const said = end.state.reason ?? (end.state.notes.length > 0 ? end.state.notes.join(' / ') : end.state.text);
  return `${end.state.status ?? '?'} at ${percent(end.state)}: "${said}"${offers}`;
}

function percent(s: RowState): string {
  return s.value === null || s.max === null || s.max <= 0 ? '?%' : `${Math.round((100 * s.value) / s.max)} %`;
}

export async function runAria2Phase(ctx: RunContext, url: string, timeoutMs: number): Promise<Aria2Result & { log: LogSummary }> {
  const offset = await logOffset(ctx.logPath);
  const result = await runAria2(url, ctx.file, timeoutMs);
  await sleep(LOG_SETTLE_MS);
  return { ...result, log: summarize(await readLogFrom(ctx.logPath, offset)) };
}

/** A scenario's result from the app's run; `pass` and notes are the scenario's to decide. */
export function resultOf(run: AppRun, pass: boolean, extra: Partial<CaseResult> = {}): CaseResult {
  const notes = [...(extra.notes ?? [])];
  if (run.errors.length > 0) notes.push(`page errors: ${run.errors.slice(-3).join(' | ').slice(0, 400)}`);
  return {
    pass,
    outcome: run.outcome,
    appMs: run.end.kind === 'matched' ? run.end.ms : null,
    app: run.log,
    aria2: null,
    rowTexts: run.rowLog.texts,
    // Unthrottled, pieces end within a second and the timeline says nothing.
    ...(run.end.ms > 5_000 && run.log.paceMiBps !== null ? { timeline: concurrencyTimeline(run.lines, run.startedAt) } : {}),
    ...extra,
    notes,
  };
}
