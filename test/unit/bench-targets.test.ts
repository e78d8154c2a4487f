import { describe, expect, it } from 'vitest';
import type { RowResult } from '../../bench/rounds';
import {
  compareTargetIds,
  cpuPerGiB,
  cpuTarget,
  memoryGrowthTarget,
  memoryPeerTarget,
  overfetchTarget,
  percentTarget,
  speedTarget,
} from '../../bench/targets';
import { GiB, MiB, type ContenderId, type Measurement } from '../../bench/types';

const LABELS: Record<ContenderId, string> = {
  app: 'Rangefetch (app)',
  ceiling: 'Ceiling: fetch and discard',
  browser: "Browser's own download",
  aria2c: 'aria2c',
  curl: 'curl',
};

/** A row as runRounds leaves it, with the medians given (the runs only where a target reads them). */
function row(contender: ContenderId, fields: Partial<RowResult> = {}): RowResult {
  const totalBytes = fields.totalBytes ?? GiB;
  const medianMs = fields.medianMs ?? null;
  return {
    contender,
    label: LABELS[contender],
    method: '',
    workload: '1 GiB',
    files: 1,
    totalBytes,
    absent: null,
    runs: [],
    failures: [],
    medianMs,
    mbps: medianMs === null ? null : totalBytes / 1e6 / (medianMs / 1000),
    medianPeakMemoryBytes: null,
    medianPeakPrivateBytes: null,
    medianCpuSeconds: null,
    ...fields,
  };
}

function runs(...extra: number[]): Measurement[] {
  return extra.map((e) => ({ ms: 1000, bytes: GiB, originBytes: GiB + e }));
}

describe('speedTarget', () => {
  it("compares the app's throughput with the peer's and names both", () => {
    const rows = [row('app', { medianMs: 10_000 }), row('ceiling', { medianMs: 2_500 })];
    const t = speedTarget('1a', '1 GiB fast link vs fetch-and-discard ceiling', rows, 'ceiling', 0.5);
    expect(t.value).toBeCloseTo(0.25, 10);
    expect(t.measured).toBe('0.25×');
    expect(t.goal).toBe('≥ 0.50×');
    expect(t.met).toBe(false);
    expect(t.app).toBe('10.0 s (107.4 MB/s)');
    expect(t.peer).toBe('Ceiling: fetch and discard: 2.50 s (429.5 MB/s)');
  });

  it('is met at the goal itself', () => {
    const rows = [row('app', { medianMs: 2_000 }), row('browser', { medianMs: 1_200 })];
    expect(speedTarget('1b', '', rows, 'browser', 0.6).met).toBe(true);
  });

  it('is not measured when the peer has no time (absent, or every run failed)', () => {
    const rows = [row('app', { medianMs: 2_000 }), row('aria2c', { absent: 'aria2c is not installed' })];
    const t = speedTarget('2a', '', rows, 'aria2c', 1);
    expect(t).toMatchObject({ value: null, met: null, measured: 'n/a', peer: 'aria2c: n/a' });
  });
});

describe('memory targets', () => {
  const appSmall = row('app', { workload: '256 MiB', medianPeakMemoryBytes: 724 * MiB, medianPeakPrivateBytes: 520 * MiB });
  const rows = [
    appSmall,
    row('browser', { workload: '256 MiB', medianPeakMemoryBytes: 392 * MiB, medianPeakPrivateBytes: 208 * MiB }),
    row('app', { workload: '2 GiB', medianPeakMemoryBytes: 760 * MiB, medianPeakPrivateBytes: 530 * MiB }),
  ];

  it("4b: the app's peak PSS over the browser's on the same file", () => {
    const t = memoryPeerTarget(rows, '256 MiB', 'browser', 1.3);
    expect(t.value).toBeCloseTo(724 / 392, 10);
    expect(t.met).toBe(false);
    expect(t.measured).toBe('1.85× (private memory 2.50×)');
    expect(t.app).toBe('PSS 724 MiB, private 520 MiB');
    expect(t.peer).toBe("Browser's own download: PSS 392 MiB, private 208 MiB");
    const lean = [appSmall, row('browser', { workload: '256 MiB', medianPeakMemoryBytes: 600 * MiB })];
    expect(memoryPeerTarget(lean, '256 MiB', 'browser', 1.3).met).toBe(true);
  });

  it('4: the large file against the small one, for the app alone', () => {
    const t = memoryGrowthTarget(rows, '256 MiB', '2 GiB', 1.1);
    expect(t.value).toBeCloseTo(760 / 724, 10);
    expect(t.met).toBe(true);
    expect(t.app).toContain('2 GiB: PSS 760 MiB');
    expect(t.peer).toContain('the app at 256 MiB: PSS 724 MiB');
  });
});

describe('overfetchTarget', () => {
  it('takes the worst run of the app, as a share of the file', () => {
    const rows = [row('app', { runs: runs(1 * MiB, 25 * MiB, 3 * MiB) }), row('aria2c', { runs: runs(0, 10.5 * MiB) })];
    const t = overfetchTarget('6', 'Bytes the origin sent beyond the file', rows, 0.5);
    expect(t.value).toBeCloseTo((100 * 25) / 1024, 10);
    expect(t.measured).toBe('2.44%');
    expect(t.met).toBe(false);
    expect(t.app).toBe('25 MiB beyond 1 GiB (worst of 3 runs)');
    expect(t.peer).toBe('aria2c: 10.5 MiB (worst run)');
  });

  it('is met when every run stays within the goal', () => {
    const rows = [row('app', { runs: runs(0, 5 * MiB) })];
    const t = overfetchTarget('6', '', rows, 0.5);
    expect(t.met).toBe(true);
    expect(t.peer).toBe('—');
  });

  it('is not measured without the origin’s counts', () => {
    expect(overfetchTarget('6', '', [row('app', { runs: [{ ms: 1, bytes: GiB }] })], 0.5).met).toBeNull();
  });
});

describe('cpuTarget', () => {
  it('compares CPU seconds per GiB, whatever the size of the file', () => {
    expect(cpuPerGiB(row('app', { totalBytes: 128 * MiB, medianCpuSeconds: 0.75 }))).toBe(6);
    const rows = [
      row('app', { totalBytes: 128 * MiB, medianCpuSeconds: 0.75 }),
      row('browser', { totalBytes: 128 * MiB, medianCpuSeconds: 0.25 }),
    ];
    const t = cpuTarget('7', 'CPU per GiB', rows, 'browser', 2);
    expect(t.value).toBeCloseTo(3, 10);
    expect(t.met).toBe(false);
    expect(t.app).toBe('6.00 CPU s/GiB');
    expect(t.peer).toBe("Browser's own download: 2.00 CPU s/GiB");
  });

  it('is met at twice the browser and not measured without its figure', () => {
    const met = [row('app', { medianCpuSeconds: 4 }), row('browser', { medianCpuSeconds: 2 })];
    expect(cpuTarget('7', '', met, 'browser', 2).met).toBe(true);
    expect(cpuTarget('7', '', [row('app', { medianCpuSeconds: 4 }), row('browser')], 'browser', 2).met).toBeNull();
  });
});

describe('percentTarget', () => {
  it('checks the median run and shows the worst', () => {
    const t = percentTarget('5c', 'Renderer killed at 40%: fetched again', [9.5, 1.2, 1.8], 2);
    expect(t.value).toBe(1.8);
    expect(t.met).toBe(true);
    expect(t.measured).toBe('1.80% (worst run 9.50%)');
    expect(t.app).toBe(t.measured);
    expect(t.peer).toBe('—');
  });

  it('is not measured when every run failed', () => {
    expect(percentTarget('5c', '', [], 2)).toMatchObject({ value: null, met: null, measured: 'n/a' });
  });
});

describe('compareTargetIds', () => {
  it("orders the targets as the issue's table does", () => {
    const ids = ['7', '4b', '10', '1b', '5c', '3', '1a', '4', '6', '2a'];
    expect([...ids].sort(compareTargetIds)).toEqual(['1a', '1b', '2a', '3', '4', '4b', '5c', '6', '7', '10']);
  });
});
