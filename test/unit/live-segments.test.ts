import { describe, expect, it } from 'vitest';
import { BlockWriter } from '../../src/worker/run/block-writer';
import { LiveSegments, segmentAt, type LiveSegment } from '../../src/worker/run/live-segments';

const MiB = 1 << 20;

function segments(...ranges: Array<[number, number, number?]>): LiveSegments {
  const live = new LiveSegments();
  live.list = ranges.map(([start, end, done]) => segmentAt(start, end, done ?? 0));
  return live;
}

/** Receives and writes `bytes` more of `segment`, as a connection streaming it would. */
function receive(segment: LiveSegment, bytes: number): void {
  segment.pos += bytes;
  segment.written = segment.pos;
}

describe('LiveSegments.takeWork', () => {
  it('hands out idle ranges in file order, skipping finished ones', () => {
    const live = segments([0, MiB, MiB], [MiB, 2 * MiB], [2 * MiB, 3 * MiB]);
    expect(live.takeWork(true)?.start).toBe(MiB);
    expect(live.takeWork(true)?.start).toBe(2 * MiB);
  });

  it('once none is idle, splits the running range with the most left and hands out its back half', () => {
    const live = segments([0, 4 * MiB], [4 * MiB, 12 * MiB]);
    const [a, b] = live.list;
    live.takeWork(true);
    live.takeWork(true);
    if (!a || !b) throw new Error('no segments');
    receive(a, MiB);
    const stolen = live.takeWork(true);
    expect(stolen).toMatchObject({ start: 8 * MiB, end: 12 * MiB, pos: 8 * MiB, busy: true });
    expect(b.end).toBe(8 * MiB);
    expect(live.list.map((s) => [s.start, s.end])).toEqual([[0, 4 * MiB], [4 * MiB, 8 * MiB], [8 * MiB, 12 * MiB]]);
  });

  it('does not split where ranges may not be split, or where less than two pieces are left', () => {
    const live = segments([0, 8 * MiB]);
    live.takeWork(true);
    expect(live.takeWork(false)).toBeNull();
    const first = live.list[0];
    if (!first) throw new Error('no segment');
    receive(first, 7 * MiB);
    expect(live.takeWork(true)).toBeNull();
  });

  it('never splits a range of unknown end', () => {
    const live = segments([0, Number.POSITIVE_INFINITY]);
    live.takeWork(true);
    expect(live.takeWork(true)).toBeNull();
  });
});

describe('LiveSegments.handBack', () => {
  it('makes a range idle again from its next byte: taken up again, nothing received lost', () => {
    const live = segments([0, 4 * MiB], [4 * MiB, 8 * MiB]);
    const a = live.takeWork(true);
    const b = live.takeWork(true);
    if (!a || !b) throw new Error('no work');
    receive(a, MiB);
    receive(b, 3 * MiB);
    live.handBack(a);
    expect(live.received()).toBe(4 * MiB);
    const again = live.takeWork(true);
    expect(again).toBe(a);
    expect(again?.pos).toBe(MiB);
    expect(live.received()).toBe(4 * MiB);
  });

  it('takes up a handed-back range before splitting a running one', () => {
    const live = segments([0, 8 * MiB], [8 * MiB, 16 * MiB]);
    const a = live.takeWork(true);
    live.takeWork(true);
    if (!a) throw new Error('no work');
    live.handBack(a);
    expect(live.takeWork(true)).toBe(a);
    expect(live.length).toBe(2);
  });
});

describe('LiveSegments.finishedPrefix', () => {
  it('is where the first range with unwritten bytes stops', () => {
    const live = segments([0, MiB, MiB], [MiB, 2 * MiB, 100], [2 * MiB, 3 * MiB, MiB]);
    expect(live.finishedPrefix()).toBe(MiB + 100);
  });

  it('counts written bytes only, not those received but still gathering in a block', () => {
    const live = segments([0, MiB]);
    const first = live.list[0];
    if (!first) throw new Error('no segment');
    first.pos = 5000;
    expect(live.finishedPrefix()).toBe(0);
    first.written = 4096;
    expect(live.finishedPrefix()).toBe(4096);
  });

  it('is the end of the file when everything is written', () => {
    expect(segments([0, MiB, MiB], [MiB, 2 * MiB, MiB]).finishedPrefix()).toBe(2 * MiB);
  });

  it('stops at the start of a range still waiting for its overlap check', () => {
    const live = segments([0, MiB, MiB], [MiB, 2 * MiB, MiB], [2 * MiB, 3 * MiB, MiB]);
    const second = live.list[1];
    if (!second) throw new Error('no segment');
    second.check = { at: MiB - 4096, bytes: new Uint8Array(4096) };
    expect(live.finishedPrefix()).toBe(MiB);
  });
});

describe('LiveSegments.drain', () => {
  it('reports written bytes per range, and none for a range still unchecked', () => {
    const live = segments([0, MiB, 1000], [MiB, 2 * MiB, 2000]);
    const second = live.list[1];
    if (!second) throw new Error('no segment');
    second.check = { at: MiB - 4096, bytes: new Uint8Array(4096) };
    expect(live.drain()).toEqual([
      { start: 0, end: MiB, done: 1000 },
      { start: MiB, end: 2 * MiB, done: 0 },
    ]);
  });

  it('hands blocks still gathering to the file first', () => {
    const live = segments([0, MiB]);
    const first = live.list[0];
    if (!first) throw new Error('no segment');
    const writes: number[] = [];
    first.writer = new BlockWriter({ write: (bytes, { at }) => (writes.push(at), bytes.length) }, 0, MiB, (to) => (first.written = to));
    first.writer.append(new Uint8Array(3000));
    first.pos = 3000;
    expect(live.drain()).toEqual([{ start: 0, end: MiB, done: 3000 }]);
    expect(writes).toEqual([0]);
  });
});
