import { describe, expect, it } from 'vitest';
import { OVERLAP_BYTES, RangeTrust } from '../../src/shared/range-trust';
import { LiveSegments, segmentAt, type LiveSegment } from '../../src/worker/run/live-segments';
import { OverlapChecks } from '../../src/worker/run/overlap-checks';

const PIECE = 64 * 1024;
const SIZE = 4 * PIECE;

/** The remote file: byte i is a function of i, so bytes from the wrong offset differ. */
const remote = Uint8Array.from({ length: SIZE }, (_, i) => (i * 31 + (i >> 8)) & 0xff);

/** A staging file in memory, with four ranges of a fresh run and checks over them. */
function run(): { live: LiveSegments; checks: OverlapChecks; trust: RangeTrust; staged: Uint8Array; pieces: LiveSegment[] } {
  const staged = new Uint8Array(SIZE);
  const live = new LiveSegments();
  live.list = [0, 1, 2, 3].map((k) => segmentAt(k * PIECE, (k + 1) * PIECE));
  const trust = new RangeTrust();
  const read = (into: Uint8Array, at: number): number => {
    const bytes = staged.subarray(at, at + into.length);
    into.set(bytes);
    return bytes.length;
  };
  return { live, checks: new OverlapChecks(live, read, trust), trust, staged, pieces: live.list };
}

function piece(pieces: LiveSegment[], k: number): LiveSegment {
  const p = pieces[k];
  if (!p) throw new Error(`no piece ${k}`);
  return p;
}

/** Stages `bytes` as piece `k`'s next bytes (what its connection writes), from `source` at the same offsets. */
function write(staged: Uint8Array, p: LiveSegment, count: number, source: Uint8Array = remote, sourceAt = p.pos): void {
  staged.set(source.subarray(sourceAt, sourceAt + count), p.pos);
  p.pos += count;
  p.written = p.pos;
}

/** The overlap an honest server sends before a range starting at `pos`. */
const honest = (pos: number): Uint8Array => remote.slice(pos - OVERLAP_BYTES, pos);
/** What a server that answers every range from byte 0 sends instead. */
const fromZero = (): Uint8Array => remote.slice(0, OVERLAP_BYTES);

describe('OverlapChecks', () => {
  it('compares at once when the bytes before the range are staged: matches earn trust', () => {
    const { checks, trust, staged, pieces } = run();
    const [a, b, c, d] = [0, 1, 2, 3].map((k) => piece(pieces, k));
    if (!a || !b || !c || !d) throw new Error('pieces');
    write(staged, a, PIECE);
    for (const p of [b, c]) {
      expect(checks.admit(p, p.pos - OVERLAP_BYTES, honest(p.pos), true)).toBe('ok');
      expect(p.check).toBeNull();
      write(staged, p, PIECE);
    }
    expect(trust.earned, 'two matches are not enough').toBe(false);
    checks.admit(d, d.pos - OVERLAP_BYTES, honest(d.pos), true);
    expect(trust.earned).toBe(true);
  });

  it('refuses an answer whose overlap is not the staged bytes, before any of it is written', () => {
    const { checks, staged, pieces } = run();
    const [a, b] = [piece(pieces, 0), piece(pieces, 1)];
    write(staged, a, PIECE);
    expect(checks.admit(b, b.pos - OVERLAP_BYTES, fromZero(), true)).toBe('mismatch');
  });

  it('keeps the overlap of a range ahead of the staged bytes, and holds the range back until it can compare', () => {
    const { live, checks, staged, pieces } = run();
    const [a, b, c] = [piece(pieces, 0), piece(pieces, 1), piece(pieces, 2)];
    expect(checks.admit(b, b.pos - OVERLAP_BYTES, honest(b.pos), true)).toBe('ok');
    expect(checks.admit(c, c.pos - OVERLAP_BYTES, honest(c.pos), true)).toBe('ok');
    write(staged, b, PIECE);
    write(staged, c, PIECE / 2);
    expect(b.check).not.toBeNull();
    // Held back: not recorded, not copied.
    expect(live.drain().map((s) => s.done)).toEqual([0, 0, 0, 0]);
    write(staged, a, PIECE / 2);
    expect(checks.settle()).toBe(true);
    expect(b.check, 'the bytes before it are not all staged yet').not.toBeNull();
    write(staged, a, PIECE / 2);
    expect(checks.settle()).toBe(true);
    // One settle walks the chain: a's bytes show b right, and b's then show c right.
    expect([b.check, c.check]).toEqual([null, null]);
    expect(live.finishedPrefix()).toBe(2 * PIECE + PIECE / 2);
  });

  it('finds a server that sent a range from the wrong place once the bytes before it are staged', () => {
    const { checks, staged, pieces } = run();
    const [a, b] = [piece(pieces, 0), piece(pieces, 1)];
    // Asked from b.pos - 4 KiB, the server sends the file from byte 0 under that range.
    const answer = remote.subarray(0, OVERLAP_BYTES + PIECE);
    expect(checks.admit(b, b.pos - OVERLAP_BYTES, answer.slice(0, OVERLAP_BYTES), true)).toBe('ok');
    write(staged, b, PIECE, answer.subarray(OVERLAP_BYTES), 0);
    expect(checks.settle()).toBe(true);
    write(staged, a, PIECE);
    expect(checks.settle()).toBe(false);
  });

  it('never trusts a range by comparing it with bytes that are themselves unchecked', () => {
    const { checks, staged, pieces } = run();
    const [b, c] = [piece(pieces, 1), piece(pieces, 2)];
    checks.admit(b, b.pos - OVERLAP_BYTES, fromZero(), true);
    write(staged, b, PIECE, remote, 0);
    // c's overlap matches b's (wrong) bytes, but b is unchecked: c stays unchecked too.
    checks.admit(c, c.pos - OVERLAP_BYTES, staged.slice(c.pos - OVERLAP_BYTES, c.pos), true);
    expect(c.check).not.toBeNull();
  });

  it('a retry of an unchecked range shows its answers agree, which is not a check', () => {
    const { checks, staged, pieces } = run();
    const b = piece(pieces, 1);
    checks.admit(b, b.pos - OVERLAP_BYTES, honest(b.pos), true);
    const pending = b.check;
    write(staged, b, PIECE / 2);
    // The connection dropped; the retry asks from the last byte received, overlapping its own bytes.
    expect(checks.admit(b, b.pos - OVERLAP_BYTES, honest(b.pos), true)).toBe('ok');
    expect(b.check).toBe(pending);
    expect(checks.admit(b, b.pos - OVERLAP_BYTES, fromZero(), true), 'but disagreeing answers are caught').toBe('mismatch');
  });

  it('counts every overlap that matched checked bytes towards trust', () => {
    const { checks, trust, staged, pieces } = run();
    const [a, b, c, d] = [0, 1, 2, 3].map((k) => piece(pieces, k));
    if (!a || !b || !c || !d) throw new Error('pieces');
    for (const p of [b, c, d]) checks.admit(p, p.pos - OVERLAP_BYTES, honest(p.pos), true);
    expect(trust.earned).toBe(false);
    for (const p of [a, b, c, d]) write(staged, p, PIECE);
    expect(checks.settle()).toBe(true);
    expect(trust.earned).toBe(true);
  });

  it('does not keep an overlap as a check when the answer showed its Content-Range', () => {
    const { checks, pieces } = run();
    const b = piece(pieces, 1);
    expect(checks.admit(b, b.pos - OVERLAP_BYTES, fromZero(), false)).toBe('ok');
    expect(b.check).toBeNull();
  });
});
