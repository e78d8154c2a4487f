import { describe, expect, it } from 'vitest';
import { FORGET_AFTER_MS, LAG_WINDOW_MS, RAISE_AFTER_MS, RAISE_AGAIN_MS, ServerLimits } from '../../src/worker/net/server-limits';

function clocked(): { limits: ServerLimits; advance: (ms: number) => void } {
  let now = 1_000;
  return { limits: new ServerLimits(() => now), advance: (ms) => void (now += ms) };
}

describe('ServerLimits', () => {
  it('gives a server the setting until it refuses while others deliver, then as many as delivered', () => {
    const { limits } = clocked();
    expect(limits.limitOf('h', 6)).toBe(6);
    expect(limits.refused('h', 2, 3, 6)).toBe(true);
    expect(limits.limitOf('h', 6)).toBe(2);
    expect(limits.limitOf('other', 6), 'other servers keep the setting').toBe(6);
  });

  it('counts a refusal with nothing else delivering as a failure, and learns nothing from it', () => {
    const { limits } = clocked();
    expect(limits.refused('h', 0, 1, 6)).toBe(false);
    expect(limits.limitOf('h', 6)).toBe(6);
  });

  it('only lowers a learned limit, and never above a lower setting', () => {
    const { limits } = clocked();
    limits.refused('h', 2, 3, 6);
    limits.refused('h', 4, 5, 6);
    expect(limits.limitOf('h', 6)).toBe(2);
    expect(limits.limitOf('h', 1), 'the setting still caps it').toBe(1);
  });

  it('raises the limit by one after a quiet stretch, sooner after each accepted raise, and forgets it at the setting', () => {
    const { limits, advance } = clocked();
    limits.refused('h', 1, 2, 6);
    advance(RAISE_AFTER_MS - 1);
    expect(limits.delivered('h', 6)).toBe(false);
    advance(1);
    expect(limits.delivered('h', 6)).toBe(true);
    expect(limits.limitOf('h', 6)).toBe(2);
    expect(limits.delivered('h', 6), 'the next raise waits again').toBe(false);
    // A server that was only down for a while: each raise is accepted, the next comes sooner.
    for (const expected of [3, 4, 5]) {
      advance(RAISE_AGAIN_MS - 1);
      expect(limits.delivered('h', 6)).toBe(false);
      advance(1);
      expect(limits.delivered('h', 6)).toBe(true);
      expect(limits.limitOf('h', 6)).toBe(expected);
    }
    advance(RAISE_AGAIN_MS);
    expect(limits.delivered('h', 6)).toBe(true);
    expect(limits.limitOf('h', 6)).toBe(6);
    advance(RAISE_AFTER_MS);
    expect(limits.delivered('h', 6), 'nothing left to raise').toBe(false);
  });

  it('a refusal that answers a raise lowers the limit at once, and the next raise waits the long stretch', () => {
    const { limits, advance } = clocked();
    limits.refused('h', 2, 3, 6);
    advance(RAISE_AFTER_MS);
    limits.delivered('h', 6);
    expect(limits.limitOf('h', 6)).toBe(3);
    // Three in use, within the limit of 3: not a lag, the answer to the raise.
    expect(limits.refused('h', 2, 3, 6)).toBe(true);
    expect(limits.limitOf('h', 6)).toBe(2);
    advance(RAISE_AGAIN_MS);
    expect(limits.delivered('h', 6)).toBe(false);
    advance(RAISE_AFTER_MS - RAISE_AGAIN_MS);
    expect(limits.delivered('h', 6)).toBe(true);
  });

  it('a refusal restarts the quiet stretch', () => {
    const { limits, advance } = clocked();
    limits.refused('h', 3, 4, 6);
    advance(RAISE_AFTER_MS - 10);
    limits.refused('h', 3, 4, 6);
    advance(20);
    expect(limits.delivered('h', 6)).toBe(false);
    expect(limits.limitOf('h', 6)).toBe(3);
  });

  it('keeps a learned limit while the server is used, and forgets it after long idleness', () => {
    const { limits, advance } = clocked();
    limits.refused('h', 2, 3, 6);
    advance(FORGET_AFTER_MS);
    expect(limits.limitOf('h', 6), 'idle exactly the allowed time').toBe(2);
    advance(1);
    expect(limits.limitOf('h', 6)).toBe(6);
  });

  it('waits out one refusal within the learned limit (a closed connection the server still counts), and lowers on a second', () => {
    const { limits, advance } = clocked();
    limits.refused('h', 2, 6, 6);
    expect(limits.limitOf('h', 6)).toBe(2);
    // Two slots in use, the refused one included: within the limit of 2.
    expect(limits.refused('h', 1, 2, 6), 'no failure').toBe(true);
    expect(limits.limitOf('h', 6), 'not lowered').toBe(2);
    advance(LAG_WINDOW_MS + 1);
    expect(limits.refused('h', 1, 2, 6), 'long after: a lag again').toBe(true);
    expect(limits.limitOf('h', 6)).toBe(2);
    advance(LAG_WINDOW_MS - 1);
    expect(limits.refused('h', 1, 2, 6)).toBe(true);
    expect(limits.limitOf('h', 6), 'twice in a row: the server allows fewer now').toBe(1);
  });
});
