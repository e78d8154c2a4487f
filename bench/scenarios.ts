/**
 * The five scenarios of the benchmark, their sizes (full and --quick) and the targets each one
 * checks. Ratios compare throughput on identical bytes: other's median time / app's median time.
 */
import type { BenchOptions, ScenarioId } from './options';
import { runResume, type ResumeResult } from './resume';
import { runRounds, type Entry, type RowResult } from './rounds';
import { formatMemory, formatMs, formatRatio, formatSize } from './stats';
import { GiB, KiB, MiB, type BenchEnv, type Contender, type ContenderId, type FileSpec, type Workload } from './types';

export interface TargetResult {
  id: string;
  text: string;
  goal: string;
  /** Human-readable measured value, e.g. "0.93×". */
  measured: string;
  value: number | null;
  /** null when it could not be measured (a contender absent or failing). */
  met: boolean | null;
}

export interface ScenarioResult {
  id: ScenarioId;
  title: string;
  description: string;
  rows: RowResult[];
  targets: TargetResult[];
  resume?: ResumeResult;
  notes: string[];
  durationMs: number;
}

export type Contenders = Record<ContenderId, Contender>;

interface ScenarioDef {
  id: ScenarioId;
  title: string;
  run(): Promise<Omit<ScenarioResult, 'id' | 'title' | 'durationMs'>>;
}

/** Per-connection limit of the "distant servers" scenario: a long link or a server's cap. */
const DISTANT_RATE = 8 * MiB;

export function scenarios(env: BenchEnv, c: Contenders, o: BenchOptions): ScenarioDef[] {
  const q = o.quick;
  const all = (runs: number): Entry[] => [c.app, c.ceiling, c.browser, c.aria2c, c.curl].map((contender) => ({ contender, runs }));
  const single = (name: string, size: number, rate?: number): Workload => {
    const params: Record<string, number> = rate === undefined ? { size } : { size, rate };
    const file: FileSpec = { name, size, url: env.origin.fileUrl(name, params) };
    const label = rate === undefined ? formatSize(size) : `${formatSize(size)} at ${formatSize(rate)}/s per connection`;
    return { label, files: [file], totalBytes: size, ...(rate === undefined ? {} : { rate }) };
  };

  return [
    {
      id: 'fast',
      title: '1. Fast link',
      async run() {
        const w = single(`fast-${q ? '128MiB' : '1GiB'}.bin`, q ? 128 * MiB : GiB);
        const rows = await runRounds(env, 'fast', w, all(o.runs), { sampleMemory: false });
        return {
          description: `${w.label}, unthrottled loopback; time from the click until the picked file is complete.`,
          rows,
          targets: [
            speedTarget('1a', 'End to end ≥ 0.9× the ceiling (fetch and discard)', rows, 'ceiling', 0.9),
            speedTarget('1b', "End to end ≥ 1.0× the browser's own download", rows, 'browser', 1.0),
          ],
          notes: [],
        };
      },
    },
    {
      id: 'distant',
      title: '2. Distant servers',
      async run() {
        const w = single(`distant-${q ? '32MiB' : '512MiB'}.bin`, q ? 32 * MiB : 512 * MiB, DISTANT_RATE);
        // One connection at a fixed rate takes size/rate whatever the machine does, so the two
        // single-connection contenders run once: three 64 s runs each would add ~4 minutes.
        const singleRuns = Math.min(o.runs, 1);
        const entries: Entry[] = [
          { contender: c.app, runs: o.runs },
          { contender: c.ceiling, runs: o.runs },
          { contender: c.aria2c, runs: o.runs },
          { contender: c.browser, runs: singleRuns },
          { contender: c.curl, runs: singleRuns },
        ];
        const rows = await runRounds(env, 'distant', w, entries, { sampleMemory: false });
        return {
          description: `${w.label}: the origin paces every connection, as many real servers and long links do.`,
          rows,
          targets: [
            speedTarget('2a', '≥ 1.0× aria2c with 6 connections', rows, 'aria2c', 1.0),
            speedTarget('2b', "≥ 5× the browser's own single-connection download", rows, 'browser', 5.0),
          ],
          notes: [`Browser and curl use one connection, paced at ${formatSize(DISTANT_RATE)}/s; they run ${singleRuns}× (their time is set by the pace).`],
        };
      },
    },
    {
      id: 'many',
      title: '3. Many files',
      async run() {
        const w = manyFiles(env, q ? 50 : 500);
        const rows = await runRounds(env, 'many', w, all(o.runs), { sampleMemory: false });
        return {
          description: `${w.label} (${formatSize(w.totalBytes)} in all), unthrottled; pasted in one go, saved into one picked folder.`,
          rows,
          targets: [speedTarget('3', '≥ 1.0× aria2c -j6', rows, 'aria2c', 1.0)],
          notes: [],
        };
      },
    },
    {
      id: 'memory',
      title: '4. Memory',
      async run() {
        const small = single(`memory-${q ? '64MiB' : '256MiB'}.bin`, q ? 64 * MiB : 256 * MiB);
        const large = single(`memory-${q ? '512MiB' : '2GiB'}.bin`, q ? 512 * MiB : 2 * GiB);
        // The target is about the app; the others are references and run once.
        const entries: Entry[] = [
          { contender: c.app, runs: o.runs },
          ...[c.ceiling, c.browser, c.aria2c, c.curl].map((contender) => ({ contender, runs: Math.min(o.runs, 1) })),
        ];
        const rows = [
          ...(await runRounds(env, 'memory', small, entries, { sampleMemory: true })),
          ...(await runRounds(env, 'memory', large, entries, { sampleMemory: true })),
        ];
        return {
          description:
            `Peak memory of the whole process tree (sum of PSS, sampled every 100 ms) while downloading ${small.label} and ${large.label}. ` +
            '"Peak private" sums private pages only (USS): PSS shrinks when other programs on the machine map the same library pages.',
          rows,
          targets: [memoryTarget(rows, small.label, large.label)],
          notes: ['Browser rows count every Chromium process of a fresh browser (browser, renderer, GPU, network, storage).'],
        };
      },
    },
    {
      id: 'resume',
      title: '5. Resume',
      async run() {
        const size = q ? 16 * MiB : 64 * MiB;
        const rate = q ? 512 * KiB : MiB;
        const w = single(`resume-${formatSize(size).replace(' ', '')}.bin`, size, rate);
        const resume = await runResume(env, w, o.runs);
        const m = resume.median;
        return {
          description: `${w.label} (≈${Math.round(size / rate / 6)} s with 6 connections); the page is reloaded when the row shows 50%.`,
          rows: [],
          resume,
          targets: [
            valueTarget('5a', 'Reload at 50%: ≤ 1% of the file fetched again', m.refetchedPercent, '≤ 1%', (v) => v <= 1,
              (v) => `${v.toFixed(2)}%${resume.runs.length > 1 ? ` (worst run ${Math.max(...resume.runs.map((r) => r.refetchedPercent)).toFixed(2)}%)` : ''}`),
            valueTarget('5b', 'First new request < 1 s after the page is back', m.pageBackToFirstRequestMs, '< 1 s',
              (v) => v < 1000, (v) => formatMs(v)),
          ],
          notes: ['"First new request" is when the origin received it (`/__stats` times); the origin records no per-request first-byte time.'],
        };
      },
    },
  ];
}

/** 64 KiB to 2 MiB, evenly spread, in a fixed shuffled order so small and large files mix. */
function manyFiles(env: BenchEnv, count: number): Workload {
  const min = 64 * KiB;
  const max = 2 * MiB;
  const sizes = Array.from({ length: count }, (_, i) => Math.round(min + (i * (max - min)) / Math.max(1, count - 1)));
  let state = 12345;
  for (let i = sizes.length - 1; i > 0; i--) {
    state = (Math.imul(state, 1103515245) + 12345) >>> 0; // a fixed LCG: the same order every run
    const j = state % (i + 1);
    [sizes[i], sizes[j]] = [sizes[j] ?? 0, sizes[i] ?? 0];
  }
  const width = String(count).length;
  const files = sizes.map((size, i) => {
    const name = `many-${String(i + 1).padStart(width, '0')}.bin`;
    return { name, size, url: env.origin.fileUrl(name, { size }) };
  });
  return {
    label: `${count} files, ${formatSize(min)}–${formatSize(max)}`,
    files,
    totalBytes: sizes.reduce((a, b) => a + b, 0),
  };
}

function row(rows: readonly RowResult[], id: ContenderId, workload?: string): RowResult | undefined {
  return rows.find((r) => r.contender === id && (workload === undefined || r.workload === workload));
}

/** App throughput / other's throughput on the same bytes, against a minimum. */
function speedTarget(id: string, text: string, rows: readonly RowResult[], other: ContenderId, min: number): TargetResult {
  const app = row(rows, 'app')?.medianMs ?? null;
  const them = row(rows, other)?.medianMs ?? null;
  const value = app === null || them === null ? null : them / app;
  return valueTarget(id, text, value, `≥ ${formatRatio(min)}`, (v) => v >= min, formatRatio);
}

function memoryTarget(rows: readonly RowResult[], small: string, large: string): TargetResult {
  const a = row(rows, 'app', small)?.medianPeakMemoryBytes ?? null;
  const b = row(rows, 'app', large)?.medianPeakMemoryBytes ?? null;
  const value = a === null || b === null ? null : b / a;
  const pa = row(rows, 'app', small)?.medianPeakPrivateBytes ?? null;
  const pb = row(rows, 'app', large)?.medianPeakPrivateBytes ?? null;
  const privately = pa === null || pb === null ? '' : `; private memory ${formatRatio(pb / pa)}`;
  const measured = value === null ? 'n/a' : `${formatRatio(value)} (PSS ${formatMemory(b ?? 0)} vs ${formatMemory(a ?? 0)}${privately})`;
  return {
    id: '4',
    text: `Peak memory at ${large} within 10% of that at ${small}`,
    goal: '≤ 1.10×',
    measured,
    value,
    met: value === null ? null : value <= 1.1,
  };
}

function valueTarget(
  id: string,
  text: string,
  value: number | null,
  goal: string,
  ok: (v: number) => boolean,
  show: (v: number) => string,
): TargetResult {
  return { id, text, goal, value, measured: value === null ? 'n/a' : show(value), met: value === null ? null : ok(value) };
}
