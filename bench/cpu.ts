/**
 * CPU time of a run: user + kernel seconds of every process of a browser run (or of a command-line
 * tool), from /proc. Two snapshots, before and after, are enough: each process also carries the
 * ticks of the children it reaped, so a process that ends in between is not lost (proc-stat.ts).
 */
import { execFile } from 'node:child_process';
import { readFile } from 'node:fs/promises';
import { promisify } from 'node:util';
import { processKind, processTreeStats } from './process-tree';
import { cpuBetween, parseProcStat, type CpuUsage, type TreeSnapshot } from './proc-stat';
import type { Measurement } from './types';

const run = promisify(execFile);

let ticksPerSecond: Promise<number> | null = null;

/** sysconf(CLK_TCK): the unit of /proc/<pid>/stat times; 100 on every Linux this runs on. */
function clockTicks(): Promise<number> {
  ticksPerSecond ??= run('getconf', ['CLK_TCK'], { timeout: 10_000 }).then(
    ({ stdout }) => {
      const n = Number(stdout.trim());
      return Number.isInteger(n) && n > 0 ? n : 100;
    },
    () => 100,
  );
  return ticksPerSecond;
}

async function snapshot(rootPid: number, kinds: Map<number, string>): Promise<TreeSnapshot> {
  const stats = await processTreeStats(rootPid);
  // A pid's kind is read once: its command line does not change, and a dead one cannot be read.
  await Promise.all([...stats.keys()].filter((pid) => !kinds.has(pid)).map(async (pid) => void kinds.set(pid, await processKind(pid))));
  return { stats, kinds: new Map(kinds) };
}

export interface CpuMeter {
  stop(): Promise<CpuUsage>;
}

/** Starts counting the CPU of `rootPid`'s tree; stop() gives what it spent since. */
export async function meterProcessTree(rootPid: number): Promise<CpuMeter> {
  const kinds = new Map<number, string>();
  const [before, tick] = await Promise.all([snapshot(rootPid, kinds), clockTicks()]);
  return { stop: async () => cpuBetween(before, await snapshot(rootPid, kinds), tick) };
}

/**
 * CPU of the children this process has reaped: a command-line tool spawned by the bench, once it
 * has exited (Node reaps it before emitting 'exit'), adds its whole life's ticks here. Read before
 * the spawn and after the exit, the difference is the tool's CPU, as long as no other child of the
 * bench ends in between (the origin and the preview server live for the whole bench).
 */
export async function reapedChildrenSeconds(): Promise<number | null> {
  const stat = parseProcStat(await readFile('/proc/self/stat', 'utf8').catch(() => ''));
  return stat === null ? null : (stat.cutime + stat.cstime) / (await clockTicks());
}

/** The fields of a Measurement a CPU reading fills in. */
export function cpuFields(usage: CpuUsage | undefined): Partial<Measurement> {
  return usage === undefined ? {} : { cpuSeconds: usage.seconds, cpuByProcess: usage.byProcess };
}
