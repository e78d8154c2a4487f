/**
 * Runs contenders on one workload in rounds, alternating them (round r starts with contender r),
 * so slow drift on a shared machine — another developer's test run, page cache, thermal state —
 * spreads over all contenders instead of landing on whichever always runs last.
 */
import { median, mbPerSecond, formatMs, formatMemory } from './stats';
import { shuttingDown } from './cleanup';
import { settle } from './settle';
import type { FileStats } from './origin';
import type { BenchEnv, Contender, ContenderId, Measurement, Workload } from './types';

export interface RowResult {
  contender: ContenderId;
  label: string;
  method: string;
  workload: string;
  files: number;
  totalBytes: number;
  /** Why the contender did not run at all; null when it ran. */
  absent: string | null;
  runs: Measurement[];
  failures: string[];
  medianMs: number | null;
  /** totalBytes over the median time, MB/s (10^6 bytes). */
  mbps: number | null;
  medianPeakMemoryBytes: number | null;
  medianPeakPrivateBytes: number | null;
  /** Median CPU seconds of the runs (every process of the run), null when none was measured. */
  medianCpuSeconds: number | null;
}

export interface Entry {
  contender: Contender;
  runs: number;
}

export async function runRounds(
  env: BenchEnv,
  scenario: string,
  workload: Workload,
  entries: readonly Entry[],
  opts: { sampleMemory: boolean },
): Promise<RowResult[]> {
  const rows = new Map<ContenderId, RowResult>();
  for (const { contender } of entries) {
    rows.set(contender.id, {
      contender: contender.id,
      label: contender.label,
      method: contender.method(workload),
      workload: workload.label,
      files: workload.files.length,
      totalBytes: workload.totalBytes,
      absent: contender.absent,
      runs: [],
      failures: [],
      medianMs: null,
      mbps: null,
      medianPeakMemoryBytes: null,
      medianPeakPrivateBytes: null,
      medianCpuSeconds: null,
    });
  }
  const present = entries.filter((e) => e.contender.absent === null);
  const rounds = Math.max(0, ...present.map((e) => e.runs));
  for (let round = 0; round < rounds; round++) {
    const shift = present.length === 0 ? 0 : round % present.length;
    const order = [...present.slice(shift), ...present.slice(0, shift)];
    for (const { contender, runs } of order) {
      if (round >= runs) continue;
      const row = rows.get(contender.id);
      if (row === undefined) continue;
      if (shuttingDown()) throw new Error('interrupted');
      const tag = `[bench] ${scenario} ${workload.label} · ${contender.id} ${round + 1}/${runs}`;
      await settle();
      await env.origin.reset();
      try {
        const m = await contender.run(workload, opts);
        Object.assign(m, await originView(env, workload));
        row.runs.push(m);
        const memory = m.peakMemoryBytes === undefined ? '' : `, peak ${formatMemory(m.peakMemoryBytes)}`;
        const cpu = m.cpuSeconds === undefined ? '' : `, CPU ${m.cpuSeconds.toFixed(2)} s`;
        console.log(`${tag}: ${formatMs(m.ms)} (${mbPerSecond(m.bytes, m.ms).toFixed(1)} MB/s${memory}${cpu})`);
      } catch (error) {
        const message = error instanceof Error ? error.message : String(error);
        row.failures.push(message.split('\n')[0] ?? message);
        console.log(`${tag}: FAILED ${message}`);
      }
    }
  }
  for (const row of rows.values()) {
    row.medianMs = median(row.runs.map((m) => m.ms));
    row.mbps = row.medianMs === null ? null : mbPerSecond(row.totalBytes, row.medianMs);
    const peaks = row.runs.flatMap((m) => (m.peakMemoryBytes === undefined ? [] : [m.peakMemoryBytes]));
    row.medianPeakMemoryBytes = median(peaks);
    row.medianPeakPrivateBytes = median(row.runs.flatMap((m) => (m.peakPrivateBytes === undefined ? [] : [m.peakPrivateBytes])));
    row.medianCpuSeconds = median(row.runs.flatMap((m) => (m.cpuSeconds === undefined ? [] : [m.cpuSeconds])));
  }
  return [...rows.values()];
}

/** What the origin saw during the run, summed over the workload's files. */
async function originView(env: BenchEnv, workload: Workload): Promise<Partial<Measurement>> {
  const stats: FileStats[] = [];
  // A few at a time: 500 small control requests, without flooding the origin's event loop.
  for (let i = 0; i < workload.files.length; i += 16) {
    const batch = workload.files.slice(i, i + 16);
    stats.push(...(await Promise.all(batch.map((f) => env.origin.stats(f.name)))));
  }
  const view: Partial<Measurement> = {
    originBytes: stats.reduce((sum, st) => sum + st.bytesSent, 0),
    originRequests: stats.reduce((sum, st) => sum + st.requests, 0),
    originMaxInFlight: Math.max(0, ...stats.map((st) => st.maxInFlight)),
  };
  // The Range header of each request explains extra bytes; only kept where it stays short.
  const [only] = stats;
  if (stats.length === 1 && only !== undefined) view.originRanges = only.ranges.slice(0, 50);
  return view;
}
