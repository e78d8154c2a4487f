import { describe, expect, it } from 'vitest';
import { pickLargestRemaining, planPieces, planSegments, splitRemaining } from '../../src/shared/range-plan';
import type { ByteRange } from '../../src/shared/types';
import { createRandom, randomInt } from './seeded-random';

const KiB = 1024;
const MiB = 1024 * KiB;

function expectTiling(ranges: ByteRange[], total: number): void {
  expect(ranges[0]?.start).toBe(0);
  expect(ranges[ranges.length - 1]?.end).toBe(total);
  ranges.forEach((r, i) => {
    expect(r.end).toBeGreaterThan(r.start);
    if (i > 0) expect(r.start).toBe(ranges[i - 1]?.end);
  });
}

describe('planPieces', () => {
  const limits = { connections: 6, minPiece: MiB, maxPiece: 8 * MiB };

  it('gives a large file pieces of the largest size, in order, until the tail', () => {
    const pieces = planPieces(1024 * MiB, limits);
    expectTiling(pieces, 1024 * MiB);
    const sizes = pieces.map((p) => p.end - p.start);
    // 8 MiB while more than 6 × 2 × 8 MiB are left after the piece starts.
    const tailStart = pieces.findIndex((p) => 1024 * MiB - p.start < 12 * 8 * MiB);
    expect(sizes.slice(0, tailStart).every((size) => size === 8 * MiB)).toBe(true);
    expect(tailStart).toBeGreaterThanOrEqual(116);
  });

  it('tapers the last pieces down to the minimum, so the connections run out of work together', () => {
    for (const total of [64 * MiB, 256 * MiB, 1024 * MiB, 5 * 1024 * MiB + 12345]) {
      const pieces = planPieces(total, limits);
      const sizes = pieces.map((p) => p.end - p.start);
      // Never growing towards the end (but for the last, which takes a sliver below the minimum)…
      for (let i = 1; i < sizes.length - 1; i++) expect(sizes[i], `${total}: piece ${i}`).toBeLessThanOrEqual(sizes[i - 1] ?? 0);
      // …and the last six are small enough that none is worth splitting (both halves ≥ 1 MiB).
      for (const size of sizes.slice(-6)) expect(size, `${total}: tail`).toBeLessThan(2 * MiB);
      // At any piece, the bytes after it keep the other five connections busy while it runs.
      pieces.forEach((p, i) => {
        const after = total - p.end;
        if (p.end - p.start > MiB && i < pieces.length - 1) expect(after, `${total}: after piece ${i}`).toBeGreaterThanOrEqual((p.end - p.start) * 5);
      });
    }
  });

  it('gives a mid-sized file about four pieces per connection, a few more for the tail', () => {
    const pieces = planPieces(64 * MiB, limits);
    expect(pieces.length).toBeGreaterThanOrEqual(24);
    expect(pieces.length).toBeLessThanOrEqual(40);
    expectTiling(pieces, 64 * MiB);
  });

  it('never makes a piece smaller than the minimum, nor more than one for a tiny file', () => {
    expect(planPieces(3 * MiB + 5, limits)).toHaveLength(3);
    expect(planPieces(100 * KiB, limits)).toEqual([{ start: 0, end: 100 * KiB }]);
    expect(planPieces(0, limits)).toEqual([]);
  });

  it('tiles any size exactly', () => {
    const random = createRandom(7);
    for (let i = 0; i < 50; i++) {
      const total = randomInt(random, 1, 2 ** 34);
      expectTiling(planPieces(total, limits), total);
    }
  });
});

describe('planSegments', () => {
  it('returns nothing for an empty file', () => {
    expect(planSegments(0, { maxConnections: 6, minSegmentSize: MiB })).toEqual([]);
  });

  it('uses one range when the file is smaller than two minimum segments', () => {
    expect(planSegments(1, { maxConnections: 6, minSegmentSize: MiB })).toEqual([{ start: 0, end: 1 }]);
    expect(planSegments(2 * MiB - 1, { maxConnections: 6, minSegmentSize: MiB })).toEqual([{ start: 0, end: 2 * MiB - 1 }]);
  });

  it('splits evenly on aligned boundaries', () => {
    expect(planSegments(4 * MiB, { maxConnections: 4, minSegmentSize: MiB })).toEqual([
      { start: 0, end: MiB },
      { start: MiB, end: 2 * MiB },
      { start: 2 * MiB, end: 3 * MiB },
      { start: 3 * MiB, end: 4 * MiB },
    ]);
  });

  it('caps the count at maxConnections and at total / minSegmentSize', () => {
    expect(planSegments(100 * MiB, { maxConnections: 6, minSegmentSize: MiB })).toHaveLength(6);
    expect(planSegments(3 * MiB + 5, { maxConnections: 6, minSegmentSize: MiB })).toHaveLength(3);
  });

  it('aligns inner boundaries and ends the last range at total', () => {
    const total = 10 * MiB + 12345;
    const ranges = planSegments(total, { maxConnections: 3, minSegmentSize: MiB });
    expect(ranges.map((r) => r.start)).toEqual([0, 53 * 64 * KiB, 107 * 64 * KiB]);
    expect(ranges[2]?.end).toBe(total);
  });

  it('returns fewer ranges rather than empty ones when alignment is coarse', () => {
    const ranges = planSegments(100_000, { maxConnections: 8, minSegmentSize: 1000 });
    expect(ranges).toEqual([
      { start: 0, end: 65536 },
      { start: 65536, end: 100_000 },
    ]);
  });

  it('tiles [0, total) exactly with near-equal ranges for random sizes', () => {
    const random = createRandom(42);
    for (let run = 0; run < 2000; run++) {
      const total = randomInt(random, 1, run % 2 === 0 ? 50 * MiB : 2 ** 40);
      const maxConnections = randomInt(random, 1, 16);
      const minSegmentSize = randomInt(random, 1, 4 * MiB);
      const align = [1, 512, 4096, 65536][randomInt(random, 0, 3)];
      const ranges = planSegments(total, { maxConnections, minSegmentSize, align });
      expectTiling(ranges, total);
      const n = Math.min(Math.max(Math.floor(total / minSegmentSize), 1), maxConnections);
      expect(ranges.length).toBeLessThanOrEqual(n);
      for (const r of ranges.slice(0, -1)) expect(r.end % (align ?? 1)).toBe(0);
      if (total / n >= 4 * (align ?? 1)) {
        expect(ranges).toHaveLength(n);
        const sizes = ranges.map((r) => r.end - r.start);
        expect(Math.max(...sizes) - Math.min(...sizes)).toBeLessThanOrEqual(2 * (align ?? 1));
      }
    }
  });
});

describe('splitRemaining', () => {
  it('splits in the middle on an aligned boundary', () => {
    expect(splitRemaining(0, 8 * MiB, MiB)).toBe(4 * MiB);
    expect(splitRemaining(1000, 8 * MiB + 1000, MiB)).toBe(4 * MiB);
  });

  it('refuses when less than two minimum pieces are left', () => {
    expect(splitRemaining(0, 2 * MiB - 1, MiB)).toBeNull();
    expect(splitRemaining(5 * MiB, 5 * MiB, MiB)).toBeNull();
    expect(splitRemaining(0, 1, 0)).toBeNull();
    expect(splitRemaining(0, Number.POSITIVE_INFINITY, MiB)).toBeNull();
  });

  it('falls back to the exact middle when no aligned point leaves both pieces big enough', () => {
    expect(splitRemaining(10, 110, 50)).toBe(60);
    expect(splitRemaining(0, 3, 1)).toBe(1);
  });

  it('always leaves both pieces non-empty and at least minPiece', () => {
    const random = createRandom(7);
    for (let run = 0; run < 5000; run++) {
      const pos = randomInt(random, 0, 2 ** 36);
      const end = pos + randomInt(random, 0, run % 2 === 0 ? 4 * MiB : 2 ** 34);
      const minPiece = randomInt(random, 1, 2 * MiB);
      const align = [1, 4096, 65536][randomInt(random, 0, 2)] ?? 1;
      const mid = splitRemaining(pos, end, minPiece, align);
      if (end - pos < 2 * minPiece) {
        expect(mid).toBeNull();
        continue;
      }
      expect(mid).not.toBeNull();
      const m = mid ?? 0;
      expect(m - pos).toBeGreaterThanOrEqual(minPiece);
      expect(end - m).toBeGreaterThanOrEqual(minPiece);
      expect(Number.isInteger(m)).toBe(true);
      // About half: within one alignment step of the middle.
      expect(Math.abs(m - (pos + end) / 2)).toBeLessThanOrEqual(align);
    }
  });
});

describe('pickLargestRemaining', () => {
  it('finds the range with most bytes left, first on ties', () => {
    expect(pickLargestRemaining([{ pos: 0, end: 10 }, { pos: 5, end: 100 }, { pos: 0, end: 50 }])).toBe(1);
    expect(pickLargestRemaining([{ pos: 0, end: 10 }, { pos: 10, end: 20 }])).toBe(0);
  });

  it('returns -1 when nothing is left', () => {
    expect(pickLargestRemaining([])).toBe(-1);
    expect(pickLargestRemaining([{ pos: 10, end: 10 }, { pos: 12, end: 10 }])).toBe(-1);
  });
});
