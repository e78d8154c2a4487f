import { describe, expect, it } from 'vitest';
import { parseTabMessage } from '../../src/worker/tabs/tab-message';
import { jobView } from './job-view-fixture';

describe('the ranges a job view carries (the segment strip)', () => {
  it('pass between tabs when each lies in its range', () => {
    const view = jobView({ status: 'downloading', connections: 2, pieces: [{ start: 0, end: 100, at: 40 }, { start: 100, end: 300, at: 100 }] });
    expect(parseTabMessage({ type: 'views', jobs: [view] })).toEqual({ type: 'views', jobs: [view] });
  });

  it('refuse a position outside its range, negative or fractional offsets, and too many ranges', () => {
    const broken = [
      [{ start: 10, end: 20, at: 30 }],
      [{ start: 10, end: 20, at: 5 }],
      [{ start: -1, end: 20, at: 0 }],
      [{ start: 0, end: 1.5, at: 1 }],
      Array.from({ length: 65 }, () => ({ start: 0, end: 1, at: 0 })),
      'all of them',
    ];
    for (const pieces of broken) {
      expect(parseTabMessage({ type: 'views', jobs: [{ ...jobView(), pieces }] }), JSON.stringify(pieces).slice(0, 60)).toBeNull();
    }
  });
});
