/**
 * The targets the bench checks (issue 12), evaluated from the measured rows: each names the app's
 * figure and its peer's side by side, the value compared with the goal, and whether it is met.
 * Pure, so the evaluation itself is unit-tested (test/unit/bench-targets.test.ts).
 */
import type { RowResult } from './rounds';
import { formatMemory, formatMs, formatRatio, formatSize, median } from './stats';
import { GiB, type ContenderId } from './types';

export interface TargetResult {
  id: string;
  /** The workload and what it is compared with, e.g. "1 GiB fast link vs fetch-and-discard ceiling". */
  text: string;
  goal: string;
  /** The app's own figure, e.g. "4.10 s (261.9 MB/s)". */
  app: string;
  /** The peer's figure, named ("Browser's own download: 2.71 s (396.3 MB/s)"), or "—" without one. */
  peer: string;
  /** Human-readable value checked against the goal, e.g. "0.93×". */
  measured: string;
  value: number | null;
  /** null when it could not be measured (a contender absent or failing). */
  met: boolean | null;
}

const NONE = '—';

export function findRow(rows: readonly RowResult[], id: ContenderId, workload?: string): RowResult | undefined {
  return rows.find((r) => r.contender === id && (workload === undefined || r.workload === workload));
}

function timeText(row: RowResult | undefined): string {
  if (row?.medianMs == null) return 'n/a';
  return `${formatMs(row.medianMs)}${row.mbps === null ? '' : ` (${row.mbps.toFixed(1)} MB/s)`}`;
}

function named(row: RowResult | undefined, fallback: string, figure: string): string {
  return `${row?.label ?? fallback}: ${figure}`;
}

/** A target with a goal on one value; `show` formats it for the table. */
export function valueTarget(
  t: { id: string; text: string; goal: string; app?: string; peer?: string },
  value: number | null,
  ok: (v: number) => boolean,
  show: (v: number) => string,
): TargetResult {
  const measured = value === null ? 'n/a' : show(value);
  return { id: t.id, text: t.text, goal: t.goal, app: t.app ?? measured, peer: t.peer ?? NONE, value, measured, met: value === null ? null : ok(value) };
}

/** The app's throughput over `other`'s on the same bytes (their median time / the app's), at least `min`. */
export function speedTarget(id: string, text: string, rows: readonly RowResult[], other: ContenderId, min: number): TargetResult {
  const app = findRow(rows, 'app');
  const them = findRow(rows, other);
  const value = app?.medianMs == null || them?.medianMs == null ? null : them.medianMs / app.medianMs;
  return valueTarget(
    { id, text, goal: `≥ ${formatRatio(min)}`, app: timeText(app), peer: named(them, other, timeText(them)) },
    value,
    (v) => v >= min,
    formatRatio,
  );
}

function pssText(row: RowResult | undefined): string {
  if (row?.medianPeakMemoryBytes == null) return 'n/a';
  const priv = row.medianPeakPrivateBytes === null ? '' : `, private ${formatMemory(row.medianPeakPrivateBytes)}`;
  return `PSS ${formatMemory(row.medianPeakMemoryBytes)}${priv}`;
}

/** `a`'s peak PSS over `b`'s, with the private-memory ratio alongside (steadier on a shared machine). */
function memoryRatio(a: RowResult | undefined, b: RowResult | undefined): { value: number | null; privately: string } {
  const pa = a?.medianPeakMemoryBytes ?? null;
  const pb = b?.medianPeakMemoryBytes ?? null;
  const ua = a?.medianPeakPrivateBytes ?? null;
  const ub = b?.medianPeakPrivateBytes ?? null;
  return {
    value: pa === null || pb === null ? null : pa / pb,
    privately: ua === null || ub === null ? '' : ` (private memory ${formatRatio(ua / ub)})`,
  };
}

/** Target 4: the app's peak memory on the large file within `maxRatio` of that on the small one. */
export function memoryGrowthTarget(rows: readonly RowResult[], small: string, large: string, maxRatio: number): TargetResult {
  const a = findRow(rows, 'app', small);
  const b = findRow(rows, 'app', large);
  const { value, privately } = memoryRatio(b, a);
  return valueTarget(
    {
      id: '4',
      text: `Peak memory of the app at ${large} vs at ${small}`,
      goal: `≤ ${formatRatio(maxRatio)}`,
      app: `${large}: ${pssText(b)}`,
      peer: `the app at ${small}: ${pssText(a)}`,
    },
    value,
    (v) => v <= maxRatio,
    (v) => `${formatRatio(v)}${privately}`,
  );
}

/** Target 4b: the app's peak PSS over `other`'s on the same file, at most `maxRatio`. */
export function memoryPeerTarget(rows: readonly RowResult[], workload: string, other: ContenderId, maxRatio: number): TargetResult {
  const app = findRow(rows, 'app', workload);
  const them = findRow(rows, other, workload);
  const { value, privately } = memoryRatio(app, them);
  return valueTarget(
    {
      id: '4b',
      text: `Peak PSS of the app vs the browser's own download, same file (${workload})`,
      goal: `≤ ${formatRatio(maxRatio)}`,
      app: pssText(app),
      peer: named(them, other, pssText(them)),
    },
    value,
    (v) => v <= maxRatio,
    (v) => `${formatRatio(v)}${privately}`,
  );
}

/** Bytes the origin sent beyond the file in the worst run of a row, null without origin counts. */
export function worstOverfetch(row: RowResult | undefined): number | null {
  const extra = (row?.runs ?? []).flatMap((m) => (m.originBytes === undefined ? [] : [m.originBytes - m.bytes]));
  return extra.length === 0 ? null : Math.max(...extra);
}

/** Target 6: bytes the origin sent beyond the file in the app's worst run, at most `maxPercent` of it. */
export function overfetchTarget(id: string, text: string, rows: readonly RowResult[], maxPercent: number): TargetResult {
  const app = findRow(rows, 'app');
  const extra = worstOverfetch(app);
  const value = extra === null || app === undefined || app.totalBytes === 0 ? null : (100 * extra) / app.totalBytes;
  const ref = findRow(rows, 'aria2c');
  const refExtra = worstOverfetch(ref);
  const runs = app?.runs.length ?? 0;
  return valueTarget(
    {
      id,
      text,
      goal: `≤ ${maxPercent}%`,
      app: extra === null ? 'n/a' : `${formatSize(extra)} beyond ${formatSize(app?.totalBytes ?? 0)} (worst of ${runs} run${runs === 1 ? '' : 's'})`,
      peer: refExtra === null ? NONE : named(ref, 'aria2c', `${formatSize(refExtra)} (worst run)`),
    },
    value,
    (v) => v <= maxPercent,
    (v) => `${v.toFixed(2)}%`,
  );
}

/** Median CPU seconds per GiB downloaded, null when the row has no CPU figures. */
export function cpuPerGiB(row: RowResult | undefined): number | null {
  if (row?.medianCpuSeconds == null || row.totalBytes === 0) return null;
  return row.medianCpuSeconds / (row.totalBytes / GiB);
}

/** Target 7: the app's CPU seconds per GiB over `other`'s, at most `maxRatio`. */
export function cpuTarget(id: string, text: string, rows: readonly RowResult[], other: ContenderId, maxRatio: number): TargetResult {
  const app = cpuPerGiB(findRow(rows, 'app'));
  const them = findRow(rows, other);
  const theirs = cpuPerGiB(them);
  const show = (v: number | null): string => (v === null ? 'n/a' : `${v.toFixed(2)} CPU s/GiB`);
  return valueTarget(
    { id, text, goal: `≤ ${formatRatio(maxRatio)}`, app: show(app), peer: named(them, other, show(theirs)) },
    app === null || theirs === null || theirs === 0 ? null : app / theirs,
    (v) => v <= maxRatio,
    formatRatio,
  );
}

/** A percentage per run (e.g. fetched again): the median against `maxPercent`, the worst run shown. */
export function percentTarget(id: string, text: string, perRun: readonly number[], maxPercent: number): TargetResult {
  const worst = perRun.length > 1 ? ` (worst run ${Math.max(...perRun).toFixed(2)}%)` : '';
  return valueTarget({ id, text, goal: `≤ ${maxPercent}%` }, median(perRun), (v) => v <= maxPercent, (v) => `${v.toFixed(2)}%${worst}`);
}

/** "1a" < "1b" < "2a" < "4" < "4b" < "10": the order of the issue's table. */
export function compareTargetIds(a: string, b: string): number {
  return a.localeCompare(b, 'en', { numeric: true });
}
