/** Shapes shared by the contenders, the scenarios and the report. */
import type { MemoryMetric } from './memory';
import type { OriginProcess } from './origin';

export const KiB = 1024;
export const MiB = 1024 * KiB;
export const GiB = 1024 * MiB;

export interface FileSpec {
  /** File name on the origin and at the destination. */
  name: string;
  size: number;
  url: string;
}

/** What one run downloads; every contender of a scenario gets the very same URLs. */
export interface Workload {
  /** Short description for the report, e.g. "1 GiB" or "500 files, 64 KiB–2 MiB". */
  label: string;
  files: FileSpec[];
  totalBytes: number;
  /** The origin's per-connection limit in bytes/s (`rate=`), undefined when unthrottled. */
  rate?: number;
}

export interface Measurement {
  /** Start (click, or process spawn) to every byte at its destination. */
  ms: number;
  /** Bytes found at the destination afterwards (checked against the workload). */
  bytes: number;
  /** Peak of the summed PSS (RSS where PSS is unreadable) of the process tree. */
  peakMemoryBytes?: number;
  /** Peak of the summed private memory (USS) of the tree: steadier on a shared machine. */
  peakPrivateBytes?: number;
  memoryMetric?: MemoryMetric;
  /** Processes in the sampled tree at the memory peak. */
  processes?: number;
  /** The peak split by process kind. */
  peakByProcess?: Record<string, number>;
  /**
   * CPU seconds (user + kernel) of every process of the run, from start to done: the browser's
   * whole process tree, or the command-line tool.
   */
  cpuSeconds?: number;
  /** The same split by process kind (browser runs). */
  cpuByProcess?: Record<string, number>;
  /** App only: click until every row has all its bytes staged (status "saving" or later). */
  stagedMs?: number;
  /** What the origin saw: body bytes sent (bytes handed to the socket), requests, most at once. */
  originBytes?: number;
  originRequests?: number;
  originMaxInFlight?: number;
  /** Range header of each request (single-file workloads), '' when there was none. */
  originRanges?: string[];
}

export interface RunOptions {
  sampleMemory: boolean;
}

export type ContenderId = 'app' | 'ceiling' | 'browser' | 'aria2c' | 'curl';

export interface Contender {
  id: ContenderId;
  label: string;
  /** How it downloads, for the report (command line or method). */
  method(workload: Workload): string;
  /** Why it cannot run on this machine, or null when it can. */
  absent: string | null;
  run(workload: Workload, opts: RunOptions): Promise<Measurement>;
}

export interface BenchEnv {
  origin: OriginProcess;
  /** The built app, e.g. http://127.0.0.1:41234/ */
  appUrl: string;
}

/** Generous limit for one run: a stuck run must fail, not hang the bench. */
export function runTimeoutMs(workload: Workload): number {
  // Nothing here is expected below ~20 MB/s unless the origin throttles each connection.
  const slowest = Math.min(workload.rate ?? Infinity, 20e6);
  return 60_000 + (1000 * workload.totalBytes) / slowest + workload.files.length * 500;
}
