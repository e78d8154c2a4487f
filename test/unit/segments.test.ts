import { describe, expect, it } from 'vitest';
import { bytesDone, compactSegments, remainingRanges, validateSegments } from '../../src/shared/segments';
import type { SegmentState } from '../../src/shared/types';
import { createRandom, randomInt } from './seeded-random';

const seg = (start: number, end: number, done: number): SegmentState => ({ start, end, done });

/** Whether byte `pos` is inside the done prefix of the segment holding it. */
function isDoneAt(segments: SegmentState[], pos: number): boolean {
  return segments.some((s) => pos >= s.start && pos < s.end && pos < s.start + s.done);
}

/** Per-byte done map of [0, total), compared in one assertion to keep property loops fast. */
function doneMap(total: number, ...sides: SegmentState[][]): boolean[] {
  return Array.from({ length: total }, (_, pos) => sides.some((side) => isDoneAt(side, pos)));
}

/** A random tiling of [0, total) with random done prefixes. */
function randomTiling(random: () => number, total: number, maxPieces: number): SegmentState[] {
  const cuts = new Set<number>([0, total]);
  const extra = randomInt(random, 0, maxPieces - 1);
  for (let i = 0; i < extra; i++) cuts.add(randomInt(random, 1, total - 1));
  const points = [...cuts].sort((a, b) => a - b);
  return points.slice(0, -1).map((start, i) => {
    const end = points[i + 1] ?? total;
    const roll = random();
    const done = roll < 0.3 ? end - start : roll < 0.5 ? 0 : randomInt(random, 0, end - start);
    return seg(start, end, done);
  });
}

describe('bytesDone and remainingRanges', () => {
  const segments = [seg(100, 200, 100), seg(0, 100, 40), seg(200, 300, 0)];

  it('sums durable bytes, clamping corrupt counts', () => {
    expect(bytesDone(segments)).toBe(140);
    expect(bytesDone([seg(0, 10, 50), seg(10, 20, -5)])).toBe(10);
    expect(bytesDone([])).toBe(0);
  });

  it('lists what is left, ordered by start', () => {
    expect(remainingRanges(segments)).toEqual([
      { start: 40, end: 100 },
      { start: 200, end: 300 },
    ]);
    expect(remainingRanges([seg(0, 10, 10)])).toEqual([]);
  });
});

describe('compactSegments', () => {
  it('folds finished segments into their right neighbour', () => {
    expect(compactSegments([seg(0, 100, 100), seg(100, 200, 30), seg(200, 300, 0)])).toEqual([
      seg(0, 200, 130),
      seg(200, 300, 0),
    ]);
    expect(compactSegments([seg(200, 300, 100), seg(0, 100, 100), seg(100, 200, 100)])).toEqual([seg(0, 300, 300)]);
  });

  it('keeps unfinished segments apart', () => {
    const segments = [seg(0, 100, 99), seg(100, 200, 100)];
    expect(compactSegments(segments)).toEqual(segments);
  });

  it('does not merge across a gap and drops empty segments', () => {
    expect(compactSegments([seg(0, 10, 10), seg(20, 30, 5), seg(30, 30, 0)])).toEqual([seg(0, 10, 10), seg(20, 30, 5)]);
  });

  it('does not modify its input', () => {
    const segments = [seg(0, 100, 100), seg(100, 200, 30)];
    compactSegments(segments);
    expect(segments).toEqual([seg(0, 100, 100), seg(100, 200, 30)]);
  });

  it('keeps every done byte and leaves nothing mergeable (random tilings)', () => {
    const random = createRandom(1);
    for (let run = 0; run < 500; run++) {
      const total = randomInt(random, 1, 200);
      const segments = randomTiling(random, total, 12);
      const compacted = compactSegments([...segments].reverse());
      expect(validateSegments(compacted, total)).toBeNull();
      expect(bytesDone(compacted)).toBe(bytesDone(segments));
      expect(doneMap(total, compacted)).toEqual(doneMap(total, segments));
      compacted.slice(0, -1).forEach((s) => expect(s.done).toBeLessThan(s.end - s.start));
    }
  });
});

describe('validateSegments', () => {
  it('accepts an exact tiling, in any order', () => {
    expect(validateSegments([seg(50, 100, 0), seg(0, 50, 50)], 100)).toBeNull();
    expect(validateSegments([], 0)).toBeNull();
  });

  it('reports gaps, overlaps, out-of-range segments and bad done counts', () => {
    expect(validateSegments([seg(0, 40, 0), seg(50, 100, 0)], 100)).toMatch(/\[40, 50\) belong to no segment/);
    expect(validateSegments([seg(0, 60, 0), seg(50, 100, 0)], 100)).toMatch(/overlaps/);
    expect(validateSegments([seg(0, 100, 0)], 120)).toMatch(/\[100, 120\) belong to no segment/);
    expect(validateSegments([seg(0, 120, 0)], 100)).toMatch(/outside/);
    expect(validateSegments([seg(-10, 100, 0)], 100)).toMatch(/outside/);
    expect(validateSegments([seg(0, 100, 101)], 100)).toMatch(/does not fit/);
    expect(validateSegments([seg(0, 100, -1)], 100)).toMatch(/does not fit/);
    expect(validateSegments([seg(0, 100, 0.5)], 100)).toMatch(/does not fit/);
    expect(validateSegments([seg(0, 0, 0), seg(0, 10, 0)], 10)).toMatch(/not a valid byte range/);
    expect(validateSegments([], 10)).toMatch(/\[0, 10\)/);
    expect(validateSegments([], -1)).toMatch(/not a valid size/);
  });
});
