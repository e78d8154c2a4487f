import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { cpuBetween, parseProcStat, type ProcStat, type TreeSnapshot } from '../../bench/proc-stat';

/** A /proc/<pid>/stat line as Linux writes it (proc(5)), with the fields the bench reads set. */
function statLine(pid: number, comm: string, ppid: number, utime: number, stime: number, cutime = 0, cstime = 0): string {
  return `${pid} (${comm}) S ${ppid} ${pid} ${pid} 0 -1 4194560 2791 0 0 0 ${utime} ${stime} ${cutime} ${cstime} 20 0 7 0 4710232 10289152 1418 18446744073709551615 1 1 0 0 0 0 0 0 0 0 0 0 17 1 0 0 0 0 0\n`;
}

describe('parseProcStat', () => {
  it('reads pid, parent and the four CPU times', () => {
    expect(parseProcStat(statLine(4321, 'chromium', 4300, 56, 22, 1, 3))).toEqual({
      pid: 4321,
      ppid: 4300,
      utime: 56,
      stime: 22,
      cutime: 1,
      cstime: 3,
    });
  });

  it('counts fields from the last parenthesis, whatever the process name holds', () => {
    const stat = parseProcStat(statLine(77, 'Web Content) S 1 (x', 12, 900, 40));
    expect(stat).toMatchObject({ pid: 77, ppid: 12, utime: 900, stime: 40 });
  });

  it('gives null for text that is not a stat line', () => {
    expect(parseProcStat('')).toBeNull();
    expect(parseProcStat('4321 chromium S 1 2 3')).toBeNull();
    // Cut before the CPU times: a process read while it ended, or a different file.
    expect(parseProcStat('4321 (chromium) S 4300 4321 4321 0 -1 4194560 2791 0 0')).toBeNull();
  });

  it('reads this very process as the kernel describes it', () => {
    const stat = parseProcStat(readFileSync('/proc/self/stat', 'utf8'));
    expect(stat?.pid).toBe(process.pid);
    expect(stat?.ppid).toBe(process.ppid);
  });
});

function snapshot(entries: Array<[ProcStat, string]>): TreeSnapshot {
  return {
    stats: new Map(entries.map(([s]) => [s.pid, s])),
    kinds: new Map(entries.map(([s, kind]) => [s.pid, kind])),
  };
}

function stat(pid: number, ppid: number, utime: number, stime: number, cutime = 0, cstime = 0): ProcStat {
  return { pid, ppid, utime, stime, cutime, cstime };
}

describe('cpuBetween', () => {
  it('adds what every process of the tree spent, in seconds, split by kind', () => {
    const before = snapshot([
      [stat(10, 1, 100, 50), 'browser'],
      [stat(11, 10, 0, 0), 'zygote'],
      [stat(12, 11, 200, 20), 'renderer'],
      [stat(13, 10, 30, 30), 'network'],
    ]);
    const after = snapshot([
      [stat(10, 1, 150, 70), 'browser'],
      [stat(11, 10, 0, 0), 'zygote'],
      [stat(12, 11, 500, 60), 'renderer'],
      [stat(13, 10, 130, 80), 'network'],
    ]);
    const used = cpuBetween(before, after, 100);
    expect(used.seconds).toBeCloseTo(0.7 + 3.4 + 1.5, 10);
    expect(used.byProcess).toEqual({ browser: 0.7, zygote: 0, renderer: 3.4, network: 1.5 });
  });

  it('counts a process started during the run from zero', () => {
    const before = snapshot([[stat(10, 1, 100, 0), 'browser']]);
    const after = snapshot([
      [stat(10, 1, 100, 0), 'browser'],
      [stat(20, 10, 40, 10), 'utility'],
    ]);
    expect(cpuBetween(before, after, 100).seconds).toBeCloseTo(0.5, 10);
  });

  it('keeps a crashed renderer: its parent reaped it, so only its time since the start counts', () => {
    // The renderer had 250 ticks at the start and died at 400: the zygote's cutime/cstime now hold all 400.
    const before = snapshot([
      [stat(11, 10, 5, 5), 'zygote'],
      [stat(12, 11, 200, 50), 'renderer'],
    ]);
    const after = snapshot([[stat(11, 10, 5, 5, 350, 50), 'zygote']]);
    const used = cpuBetween(before, after, 100);
    expect(used.seconds).toBeCloseTo(1.5, 10);
    expect(used.byProcess).toEqual({ zygote: 1.5 });
  });

  it('uses the clock-tick rate it is given', () => {
    const before = snapshot([[stat(10, 1, 0, 0), 'browser']]);
    const after = snapshot([[stat(10, 1, 250, 250), 'browser']]);
    expect(cpuBetween(before, after, 250).seconds).toBe(2);
  });
});
