/**
 * Reading /proc/<pid>/stat and adding up CPU time over a process tree. Pure: the text comes in,
 * numbers come out, so the arithmetic is unit-tested (test/unit/bench-proc-stat.test.ts).
 */

export interface ProcStat {
  pid: number;
  ppid: number;
  /** Clock ticks (sysconf CLK_TCK, 100 on Linux) spent by the process itself, user and kernel. */
  utime: number;
  stime: number;
  /** Ticks of its children that ended and were waited for (reaped), with their own children. */
  cutime: number;
  cstime: number;
}

/**
 * "pid (comm) state ppid … utime stime cutime cstime …" (proc(5)). comm may hold spaces and
 * parentheses ("(Chrome_ChildIOT)"), so the fields are counted from the last ')'.
 */
export function parseProcStat(text: string): ProcStat | null {
  const open = text.indexOf('(');
  const close = text.lastIndexOf(')');
  if (open < 0 || close < open) return null;
  const pid = Number(text.slice(0, open).trim());
  // After ") ": state(3) ppid(4) pgrp session tty_nr tpgid flags minflt cminflt majflt cmajflt
  // utime(14) stime(15) cutime(16) cstime(17): index 0 here is field 3.
  const fields = text.slice(close + 2).trim().split(/\s+/);
  const at = (field: number): number => Number(fields[field - 3]);
  const stat = { pid, ppid: at(4), utime: at(14), stime: at(15), cutime: at(16), cstime: at(17) };
  return Object.values(stat).every((n) => Number.isInteger(n) && n >= 0) ? stat : null;
}

/**
 * Ticks a process accounts for: its own, plus those of the children it reaped. Chromium's zygote
 * reaps the renderers, so a renderer that ended during a run (a crash, a spare process dropped)
 * still counts, under its zygote, as long as the zygote is in the tree.
 */
export function accountedTicks(s: ProcStat): number {
  return s.utime + s.stime + s.cutime + s.cstime;
}

export interface TreeSnapshot {
  /** Every process of the tree at that moment, by pid. */
  stats: Map<number, ProcStat>;
  /** What each process is ("renderer", "network", "browser"…), by pid. */
  kinds: Map<number, string>;
}

export interface CpuUsage {
  /** CPU seconds the whole tree spent between the two snapshots. */
  seconds: number;
  /** The same split by process kind; reaped children count under the kind of their parent. */
  byProcess: Record<string, number>;
}

/**
 * CPU spent by a process tree between two snapshots. Each process counts its own and its reaped
 * children's ticks, so the total stays exact when a process ends between the snapshots: what it
 * had spent before `before` is taken off its parent, which absorbed all of it. Processes that did
 * not exist at `before` start from zero.
 */
export function cpuBetween(before: TreeSnapshot, after: TreeSnapshot, ticksPerSecond: number): CpuUsage {
  const byTicks = new Map<string, number>();
  const add = (kind: string, ticks: number): void => void byTicks.set(kind, (byTicks.get(kind) ?? 0) + ticks);
  const kindOf = (pid: number): string => after.kinds.get(pid) ?? before.kinds.get(pid) ?? '?';
  for (const [pid, now] of after.stats) {
    const then = before.stats.get(pid);
    add(kindOf(pid), accountedTicks(now) - (then === undefined ? 0 : accountedTicks(then)));
  }
  for (const [pid, then] of before.stats) {
    if (after.stats.has(pid)) continue;
    // Ended: its whole life's ticks now sit in its parent's cutime/cstime (if the parent is still
    // in the tree; if not, they are lost either way and this only keeps the sum from going negative).
    const reaper = after.stats.has(then.ppid) ? then.ppid : null;
    if (reaper !== null) add(kindOf(reaper), -accountedTicks(then));
  }
  const byProcess: Record<string, number> = {};
  let total = 0;
  for (const [kind, ticks] of byTicks) {
    byProcess[kind] = ticks / ticksPerSecond;
    total += ticks;
  }
  return { seconds: total / ticksPerSecond, byProcess };
}
