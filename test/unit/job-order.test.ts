import { describe, expect, it } from 'vitest';
import { positionOf, reorder, type Placed } from '../../src/shared/job-order';

const line: Placed[] = [
  { id: 'a', position: 10 },
  { id: 'b', position: 20 },
  { id: 'c', position: 30 },
];

/** The order of ids after applying `changes` to `line`. */
function after(changes: Placed[]): string[] {
  const moved = new Map(changes.map((c) => [c.id, c.position]));
  return line.map((p) => ({ id: p.id, position: moved.get(p.id) ?? p.position })).sort((x, y) => x.position - y.position).map((p) => p.id);
}

describe('job order', () => {
  it('moves a job one place up or down by swapping places with its neighbour', () => {
    expect(after(reorder(line, 'b', 'up'))).toEqual(['b', 'a', 'c']);
    expect(after(reorder(line, 'b', 'down'))).toEqual(['a', 'c', 'b']);
    expect(reorder(line, 'b', 'up')).toHaveLength(2);
  });

  it('puts a job at the front, changing only its own place', () => {
    expect(after(reorder(line, 'c', 'first'))).toEqual(['c', 'a', 'b']);
    expect(reorder(line, 'c', 'first')).toEqual([{ id: 'c', position: 9 }]);
  });

  it('changes nothing past either end or for an unknown job', () => {
    expect(reorder(line, 'a', 'up')).toEqual([]);
    expect(reorder(line, 'c', 'down')).toEqual([]);
    expect(reorder(line, 'a', 'first')).toEqual([]);
    expect(reorder(line, 'zz', 'up')).toEqual([]);
  });

  it('steps past a neighbour that has the same place', () => {
    const tied: Placed[] = [
      { id: 'x', position: 5 },
      { id: 'y', position: 5 },
    ];
    const [moved] = reorder(tied, 'y', 'up');
    expect(moved?.position).toBeLessThan(5);
  });

  it('places a record that never moved by when it was added', () => {
    expect(positionOf({ createdAt: 7 })).toBe(7);
    expect(positionOf({ createdAt: 7, position: 3 })).toBe(3);
  });

  it('places a dragged job just before another, or at the end', () => {
    expect(after(reorder(line, 'c', { before: 'a' }))).toEqual(['c', 'a', 'b']);
    expect(after(reorder(line, 'a', { before: 'c' }))).toEqual(['b', 'a', 'c']);
    expect(after(reorder(line, 'a', { before: null }))).toEqual(['b', 'c', 'a']);
    expect(reorder(line, 'b', { before: 'b' }), 'onto itself').toEqual([]);
    expect(reorder(line, 'b', { before: 'zz' }), 'before a job no longer there').toEqual([]);
    expect(reorder([{ id: 'a', position: 3 }], 'a', { before: null }), 'alone: already last').toEqual([]);
    expect(reorder(line, 'b', { before: 'c' }), 'dropped where it was').toEqual([]);
  });
});
