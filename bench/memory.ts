/**
 * Peak memory of a process and everything it started (Chromium: browser, zygotes, renderers,
 * GPU/network/storage utilities), sampled from /proc about every 100 ms.
 *
 * PSS (proportional set size, /proc/PID/smaps_rollup) is used because Chromium's processes share
 * a lot of memory (the binary, shared memory regions between renderer and browser): summing RSS
 * would count those pages once per process. RSS is the fallback where smaps_rollup is unreadable.
 */
import { readFile } from 'node:fs/promises';
import { processKind, processTree } from './process-tree';
import type { Measurement } from './types';

export type MemoryMetric = 'pss' | 'rss' | 'pss+rss';

export interface MemoryPeak {
  peakBytes: number;
  /**
   * Peak of the summed private memory (USS: Private_Clean + Private_Dirty), null without
   * smaps_rollup. Unlike PSS it does not shrink when other programs (another developer's
   * Chromium) map the same library pages, so it is the steadier figure on a shared machine.
   */
  peakPrivateBytes: number | null;
  /** The peak split by process kind ("browser", "renderer", "network", "gpu", "aria2c"…). */
  byProcess: Record<string, number>;
  /** Number of processes in the tree at the peak. */
  processes: number;
  samples: number;
  metric: MemoryMetric;
}

export interface MemorySampler {
  stop(): Promise<MemoryPeak>;
}

export function sampleProcessTree(rootPid: number, intervalMs = 100): MemorySampler {
  let stopped = false;
  let peak = { bytes: 0, processes: 0, byProcess: {} as Record<string, number> };
  let peakPrivate: number | null = null;
  let samples = 0;
  const metrics = new Set<'pss' | 'rss'>();
  const kinds = new Map<number, Promise<string>>();

  const tick = async (): Promise<void> => {
    const pids = await processTree(rootPid);
    const sizes = await Promise.all(pids.map(memoryOf));
    let sum = 0;
    let privateSum: number | null = 0;
    let counted = 0;
    const byProcess: Record<string, number> = {};
    for (const [i, size] of sizes.entries()) {
      const pid = pids[i];
      if (size === null || pid === undefined) continue; // the process ended between the scan and the read
      sum += size.bytes;
      privateSum = privateSum === null || size.privateBytes === null ? null : privateSum + size.privateBytes;
      counted++;
      metrics.add(size.metric);
      let kind = kinds.get(pid);
      if (kind === undefined) {
        kind = processKind(pid);
        kinds.set(pid, kind);
      }
      const k = await kind;
      byProcess[k] = (byProcess[k] ?? 0) + size.bytes;
    }
    samples++;
    if (sum > peak.bytes) peak = { bytes: sum, processes: counted, byProcess };
    if (privateSum !== null && counted > 0 && privateSum > (peakPrivate ?? 0)) peakPrivate = privateSum;
  };

  const loop = (async () => {
    while (!stopped) {
      const started = performance.now();
      await tick().catch(() => undefined);
      const spent = performance.now() - started;
      await new Promise((resolve) => setTimeout(resolve, Math.max(0, intervalMs - spent)));
    }
  })();

  return {
    async stop() {
      stopped = true;
      await loop;
      // One last look: a short download may end between two samples.
      await tick().catch(() => undefined);
      const metric: MemoryMetric = metrics.size === 2 ? 'pss+rss' : metrics.has('rss') ? 'rss' : 'pss';
      return { peakBytes: peak.bytes, peakPrivateBytes: peakPrivate, byProcess: peak.byProcess, processes: peak.processes, samples, metric };
    },
  };
}

/** The fields of a Measurement that a sampled peak fills in (none when nothing was sampled). */
export function memoryFields(peak: MemoryPeak | undefined): Partial<Measurement> {
  if (peak === undefined) return {};
  const fields: Partial<Measurement> = {
    peakMemoryBytes: peak.peakBytes,
    memoryMetric: peak.metric,
    processes: peak.processes,
    peakByProcess: peak.byProcess,
  };
  if (peak.peakPrivateBytes !== null) fields.peakPrivateBytes = peak.peakPrivateBytes;
  return fields;
}

interface ProcessMemory {
  bytes: number;
  privateBytes: number | null;
  metric: 'pss' | 'rss';
}

async function memoryOf(pid: number): Promise<ProcessMemory | null> {
  try {
    const rollup = await readFile(`/proc/${pid}/smaps_rollup`, 'utf8');
    const kB = (field: string): number | null => {
      const match = new RegExp(`^${field}:\\s+(\\d+) kB`, 'm').exec(rollup);
      return match?.[1] === undefined ? null : Number(match[1]) * 1024;
    };
    const pss = kB('Pss');
    const clean = kB('Private_Clean');
    const dirty = kB('Private_Dirty');
    const privateBytes = clean === null || dirty === null ? null : clean + dirty;
    if (pss !== null) return { bytes: pss, privateBytes, metric: 'pss' };
  } catch {
    // Not readable (another user's process, or an old kernel): fall back to RSS below.
  }
  try {
    const status = await readFile(`/proc/${pid}/status`, 'utf8');
    const rss = /^VmRSS:\s+(\d+) kB/m.exec(status);
    return rss?.[1] === undefined ? null : { bytes: Number(rss[1]) * 1024, privateBytes: null, metric: 'rss' };
  } catch {
    return null;
  }
}
