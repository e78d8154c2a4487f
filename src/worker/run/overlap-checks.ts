import type { RangeTrust } from '../../shared/range-trust';
import type { LiveSegment, LiveSegments } from './live-segments';

/** Reads staged bytes at an offset into `into`; returns how many it read. */
export type StagedReader = (into: Uint8Array, at: number) => number;

interface Coverage {
  /** Every byte of the span is written to the staging file. */
  written: boolean;
  /** No other range the span touches still waits for its own check. */
  othersChecked: boolean;
  /** The span reaches into another range (not only bytes of the range being checked). */
  touchesOthers: boolean;
}

/**
 * Shows that range answers carry the bytes asked for when nothing else can (see RangeTrust): an
 * answer asked from OVERLAP_BYTES before its range begins with bytes already staged, and those
 * must be the same.
 *
 * A range that starts where nothing is staged yet (a fresh run's ranges start ahead of the first
 * connection) cannot be compared at once. Its bytes are staged all the same, but the range stays
 * unchecked — not recorded, not copied (LiveSegments) — until the bytes before it are written and
 * checked themselves; then the comparison is made. So trust grows from byte 0 outwards, and a
 * range is only ever compared with bytes that were shown right.
 */
export class OverlapChecks {
  constructor(
    private readonly live: LiveSegments,
    private readonly read: StagedReader,
    private readonly trust: RangeTrust,
  ) {}

  /**
   * An answer for `segment` began with `bytes`, which it says are [at, at + bytes.length), and
   * which end where the segment's own bytes begin. 'mismatch' when they differ from the staged
   * bytes there: nothing of the answer may be written. When they cannot be compared yet and
   * `mayDefer` (the answer showed no Content-Range), the segment keeps them as its check.
   */
  admit(segment: LiveSegment, at: number, bytes: Uint8Array, mayDefer: boolean): 'ok' | 'mismatch' {
    const cover = this.coverage(segment, at, at + bytes.length);
    if (cover.written && !this.matches(at, bytes)) return 'mismatch';
    if (!cover.written || !cover.othersChecked) {
      if (mayDefer) segment.check = { at, bytes: bytes.slice() };
      return 'ok';
    }
    // Bytes only of this range while it is itself unchecked show the answers agree, not that
    // either is right: its own check stays.
    if (segment.check === null || cover.touchesOthers) {
      segment.check = null;
      this.trust.overlapMatched();
    }
    return 'ok';
  }

  /**
   * More bytes were written: compares every check that now can be, front to back (one passing
   * may let the next be compared). False when one did not match: the run must stop.
   */
  settle(): boolean {
    for (let progressed = true; progressed; ) {
      progressed = false;
      for (const segment of this.live.unchecked()) {
        const check = segment.check;
        if (!check) continue;
        const cover = this.coverage(segment, check.at, check.at + check.bytes.length);
        if (!cover.written || !cover.othersChecked) continue;
        if (!this.matches(check.at, check.bytes)) return false;
        segment.check = null;
        this.trust.overlapMatched();
        progressed = true;
      }
    }
    return true;
  }

  private coverage(segment: LiveSegment, from: number, to: number): Coverage {
    let covered = from;
    let othersChecked = true;
    let touchesOthers = false;
    for (const s of this.live.list) {
      if (s.end <= from || s.start >= to) continue;
      const end = Math.min(to, s.end);
      if (Math.max(from, s.start) > covered || s.written < end) return { written: false, othersChecked, touchesOthers };
      covered = end;
      if (s !== segment) {
        touchesOthers = true;
        if (s.check) othersChecked = false;
      }
    }
    return { written: covered >= to, othersChecked, touchesOthers };
  }

  private matches(at: number, bytes: Uint8Array): boolean {
    const staged = new Uint8Array(bytes.length);
    if (this.read(staged, at) !== bytes.length) return false;
    for (let i = 0; i < bytes.length; i++) if (staged[i] !== bytes[i]) return false;
    return true;
  }
}
