/**
 * The pacer behind connrate=: one rate per connection, shared by the bodies on it in turn.
 */
import { describe, expect, it } from 'vitest';
import { Pacer } from '../origin/conn-rate';

/** Simulates bodies that each send `slice` bytes as soon as the pacer lets them, until `total`. */
function simulate(pacer: Pacer, bodies: number, slice: number, total: number): number[] {
  const sent = new Array<number>(bodies).fill(0);
  const ready = new Array<number>(bodies).fill(0);
  const done = new Array<number>(bodies).fill(0);
  while (sent.some((n) => n < total)) {
    // The body whose turn comes first asks next, like timers firing in order.
    let k = -1;
    for (let i = 0; i < bodies; i++) if ((sent[i] ?? 0) < total && (k === -1 || (ready[i] ?? 0) < (ready[k] ?? 0))) k = i;
    const now = ready[k] ?? 0;
    const wait = pacer.take(slice, now);
    sent[k] = (sent[k] ?? 0) + slice;
    ready[k] = now + wait;
    // The last slice is on the wire for its own duration.
    done[k] = now + wait + (slice * 1000) / pacer.rate;
  }
  return done;
}

describe('Pacer (connrate=)', () => {
  it('lets the first slice go at once, then spaces slices at the rate', () => {
    const pacer = new Pacer(1000);
    expect(pacer.take(100, 0)).toBe(0);
    expect(pacer.take(100, 0)).toBe(100);
    expect(pacer.take(100, 50)).toBe(150);
  });

  it('builds up no credit while the connection is idle', () => {
    const pacer = new Pacer(1000);
    pacer.take(100, 0);
    expect(pacer.take(100, 10_000)).toBe(0);
    expect(pacer.take(100, 10_000)).toBe(100);
  });

  it('makes two bodies on one connection take twice as long as one', () => {
    const one = simulate(new Pacer(100_000), 1, 1000, 50_000);
    const two = simulate(new Pacer(100_000), 2, 1000, 50_000);
    expect(one[0]).toBeCloseTo(500, 6);
    expect(Math.max(...two)).toBeCloseTo(1000, 6);
    // Taking turns, both finish at about the same time rather than one after the other.
    expect(Math.abs((two[0] ?? 0) - (two[1] ?? 0))).toBeLessThan(50);
  });

  it('uses the latest rate for what is reserved after a change', () => {
    const pacer = new Pacer(1000);
    pacer.take(1000, 0);
    pacer.rate = 2000;
    expect(pacer.take(1000, 0)).toBe(1000);
    expect(pacer.take(1000, 0)).toBe(1500);
  });
});
