import { describe, expect, it } from 'vitest';
import { faviconProgress, ringArc } from '../../src/ui/favicon';
import { overviewOf } from '../../src/ui/overview-text';
import { jobView } from './job-view-fixture';

const MiB = 1024 * 1024;
const TOP = -Math.PI / 2;

describe('faviconProgress', () => {
  it('is the share of bytes done while something downloads or waits to', () => {
    const o = overviewOf([jobView({ id: 'a', status: 'downloading', size: 4 * MiB, bytesDone: MiB }), jobView({ id: 'b', status: 'queued', size: 4 * MiB, bytesDone: 0 })]);
    expect(faviconProgress(o)).toEqual({ fraction: 1 / 8 });
  });

  it('is an open ring when a size is unknown', () => {
    expect(faviconProgress(overviewOf([jobView({ status: 'downloading', size: null })]))).toEqual({ fraction: null });
  });

  it('is nothing (the app icon) when nothing runs: empty, paused, completed or failed', () => {
    expect(faviconProgress(overviewOf([]))).toBeNull();
    for (const status of ['paused', 'completed', 'failed', 'canceled'] as const) {
      expect(faviconProgress(overviewOf([jobView({ status })])), status).toBeNull();
    }
  });
});

describe('ringArc', () => {
  it('starts at twelve o’clock and goes clockwise by the share', () => {
    expect(ringArc(0.5)).toEqual({ start: TOP, end: TOP + Math.PI });
    expect(ringArc(1)).toEqual({ start: TOP, end: TOP + 2 * Math.PI });
  });

  it('shows a sliver from the start and never closes before the end', () => {
    expect(ringArc(0).end).toBeGreaterThan(TOP);
    expect(ringArc(0.999).end).toBeLessThan(TOP + 2 * Math.PI);
  });

  it('an unknown share is a quarter', () => {
    expect(ringArc(null).end - TOP).toBeCloseTo(Math.PI / 2);
  });
});
