/**
 * The six scenarios of the benchmark, their sizes (full and --quick) and the targets each one
 * checks (issue 12's table; targets.ts evaluates them). Ratios compare throughput on identical
 * bytes: other's median time / app's median time.
 */
import { CRASH_AT, runCrash, type CrashResult } from './crash';
import type { BenchOptions, ScenarioId } from './options';
import { runResume, type ResumeResult } from './resume';
import { runRounds, type Entry, type RowResult } from './rounds';
import { formatMs, formatSize } from './stats';
import {
  cpuTarget,
  memoryGrowthTarget,
  memoryPeerTarget,
  overfetchTarget,
  percentTarget,
  speedTarget,
  valueTarget,
  type TargetResult,
} from './targets';
import { GiB, KiB, MiB, type BenchEnv, type Contender, type ContenderId, type FileSpec, type Workload } from './types';

export type { TargetResult };

export interface ScenarioResult {
  id: ScenarioId;
  title: string;
  description: string;
  rows: RowResult[];
  targets: TargetResult[];
  resume?: ResumeResult;
  crash?: CrashResult;
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
            speedTarget('1a', `${w.label} fast link vs fetch-and-discard ceiling`, rows, 'ceiling', 0.5),
            speedTarget('1b', `${w.label} fast link vs the browser's own download`, rows, 'browser', 0.6),
            overfetchTarget('6', `Bytes the origin sent beyond the file, fast ${w.label} run (worst run)`, rows, 0.5),
            cpuTarget('7', `CPU seconds per GiB, all browser processes, fast ${w.label} run, vs the browser's own download`, rows, 'browser', 2),
          ],
          notes: [
            'CPU = user + kernel time of every process of the run (the browser\'s whole process tree, from /proc/<pid>/stat; ' +
              'a process that ended counts under the one that reaped it), from the click to done.',
            ...cpuBreakdown(rows),
          ],
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
            speedTarget('2a', `${w.label} vs aria2c -x6`, rows, 'aria2c', 1.0),
            speedTarget('2b', `${w.label} vs the browser's own single-connection download`, rows, 'browser', 5.0),
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
          targets: [speedTarget('3', `${w.label}, folder picked, vs aria2c -j6`, rows, 'aria2c', 1.0)],
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
        // Target 4 is about the app alone, 4b compares it with the browser on the small file: those
        // get every run; the others are references and run once.
        const once = (contender: Contender): Entry => ({ contender, runs: Math.min(o.runs, 1) });
        const smallEntries: Entry[] = [{ contender: c.app, runs: o.runs }, { contender: c.browser, runs: o.runs }, ...[c.ceiling, c.aria2c, c.curl].map(once)];
        const largeEntries: Entry[] = [{ contender: c.app, runs: o.runs }, ...[c.ceiling, c.browser, c.aria2c, c.curl].map(once)];
        const rows = [
          ...(await runRounds(env, 'memory', small, smallEntries, { sampleMemory: true })),
          ...(await runRounds(env, 'memory', large, largeEntries, { sampleMemory: true })),
        ];
        return {
          description:
            `Peak memory of the whole process tree (sum of PSS, sampled every 100 ms) while downloading ${small.label} and ${large.label}. ` +
            '"Peak private" sums private pages only (USS): PSS shrinks when other programs on the machine map the same library pages.',
          rows,
          targets: [memoryGrowthTarget(rows, small.label, large.label, 1.1), memoryPeerTarget(rows, small.label, 'browser', 1.3)],
          notes: ['Browser rows count every Chromium process of a fresh browser (browser, renderer, GPU, network, storage).'],
        };
      },
    },
    {
      id: 'resume',
      title: '5. Resume after a reload',
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
            percentTarget('5a', `Reload at 50% of ${w.label}: fetched again`, resume.runs.map((r) => r.refetchedPercent), 1),
            valueTarget({ id: '5b', text: 'First new request after the page is back', goal: '< 1 s' }, m.pageBackToFirstRequestMs,
              (v) => v < 1000, (v) => formatMs(v)),
          ],
          notes: ['"First new request" is when the origin received it (`/__stats` times); the origin records no per-request first-byte time.'],
        };
      },
    },
    {
      id: 'crash',
      title: '5c. Resume after a renderer crash',
      async run() {
        // Paced like the resume scenario, so that 40 % is seen on the row before it is passed;
        // the size is the (80 MiB) in --quick too: the loss depends on it.
        const size = 80 * MiB;
        const rate = MiB;
        const w = single('crash-80MiB.bin', size, rate);
        const crash = await runCrash(env, w, o.runs);
        return {
          description:
            `${w.label} (≈${Math.round(size / rate / 6)} s with 6 connections); at ${CRASH_AT * 100}% the tab's renderer is crashed ` +
            '(CDP Page.crash: the worker dies mid-write, no beforeunload), then a new page of the same profile opens the app, ' +
            'which resumes by itself. Fetched again = (bytes the origin sent − file size) / file size; the picked file is checked byte-exact.',
          rows: [],
          crash,
          targets: [percentTarget('5c', `Renderer killed at ${CRASH_AT * 100}% of ${w.label}: fetched again`, crash.runs.map((r) => r.refetchedPercent), 2)],
          notes: [
            'The crash is checked in the process table (a renderer process ended) and at the origin (every request of the ' +
              'crashed worker closed) before the new page opens.',
          ],
        };
      },
    },
  ];
}

/** Where the CPU went in the app's and the browser's median run: the lead's first question. */
function cpuBreakdown(rows: readonly RowResult[]): string[] {
  const lines: string[] = [];
  for (const row of rows) {
    if (row.medianCpuSeconds === null || !['app', 'ceiling', 'browser'].includes(row.contender)) continue;
    const target = row.medianCpuSeconds;
    const run = [...row.runs].sort((a, b) => Math.abs((a.cpuSeconds ?? 0) - target) - Math.abs((b.cpuSeconds ?? 0) - target))[0];
    const parts = Object.entries(run?.cpuByProcess ?? {})
      .filter(([, seconds]) => seconds >= 0.005)
      .sort((a, b) => b[1] - a[1])
      .map(([kind, seconds]) => `${kind} ${seconds.toFixed(2)} s`);
    if (parts.length > 0) lines.push(`${row.label}, CPU by process (median run, ${target.toFixed(2)} s in all): ${parts.join(', ')}`);
  }
  return lines;
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
