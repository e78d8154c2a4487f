import { pickLargestRemaining, splitRemaining } from '../../shared/range-plan';
import type { SegmentState } from '../../shared/types';
import type { BlockWriter } from './block-writer';

/** An idle connection only takes over half of a range when both halves are worth a request. */
const MIN_STOLEN_PIECE = 1 << 20;

/**
 * Bytes an answer says are [at, at + bytes.length), which overlap bytes staged before its range
 * and are still to be compared with them (see OverlapChecks).
 */
export interface PendingCheck {
  at: number;
  bytes: Uint8Array;
}

/** A range being fetched; `end` may shrink while it runs when an idle connection takes its tail. */
export interface LiveSegment {
  start: number;
  end: number;
  /** Next byte to receive. */
  pos: number;
  /** Bytes before this offset have been handed to the staging file. */
  written: number;
  /** Bytes before this offset are flushed and recorded. */
  recorded: number;
  busy: boolean;
  /** Gathers this range's bytes into blocks while a response streams in; a checkpoint drains it. */
  writer: BlockWriter | null;
  /**
   * While set, nothing shows yet that this range's bytes came from where they were asked for:
   * they are staged but neither recorded nor copied until the check passes.
   */
  check: PendingCheck | null;
}

export function segmentAt(start: number, end: number, done = 0): LiveSegment {
  const at = start + done;
  return { start, end, pos: at, written: at, recorded: at, busy: false, writer: null, check: null };
}

/**
 * The ranges of one run, in file order: the scheduler that hands them to connections (in order,
 * then by splitting the largest one still running), and what they add up to.
 */
export class LiveSegments {
  list: LiveSegment[] = [];

  get length(): number {
    return this.list.length;
  }

  get first(): LiveSegment | undefined {
    return this.list[0];
  }

  get last(): LiveSegment | undefined {
    return this.list[this.list.length - 1];
  }

  claim(segment: LiveSegment | undefined): LiveSegment | null {
    if (!segment) return null;
    segment.busy = true;
    return segment;
  }

  /** Hands out the next unclaimed range or, where ranges may be split, half of the largest running one. */
  takeWork(canSplit: boolean): LiveSegment | null {
    const idle = this.list.find((s) => !s.busy && s.pos < s.end);
    if (idle) return this.claim(idle);
    if (!canSplit) return null;
    const running = this.list.filter((s) => s.busy && s.pos < s.end);
    const victim = running[pickLargestRemaining(running)];
    if (!victim || !Number.isFinite(victim.end)) return null;
    const mid = splitRemaining(victim.pos, victim.end, MIN_STOLEN_PIECE);
    if (mid === null) return null;
    const stolen = { ...segmentAt(mid, victim.end), busy: true };
    victim.end = mid;
    this.list.splice(this.list.indexOf(victim) + 1, 0, stolen);
    return stolen;
  }

  /**
   * A connection gave its slot to another job: its range is idle again from `pos`, where any
   * connection of the run takes it up. Every byte received so far stays where it is.
   */
  handBack(segment: LiveSegment): void {
    segment.busy = false;
    // Bytes received but never written (the staging file refused them) are asked for again,
    // never skipped: the next connection writes on from where the file's bytes end.
    if (segment.writer === null && segment.written < segment.pos) segment.pos = Math.max(segment.start, segment.written);
  }

  /** Whether any range still has bytes to fetch, being fetched or not. */
  hasWorkLeft(): boolean {
    return this.list.some((s) => s.pos < s.end);
  }

  /** Bytes received, flushed or not (what the progress bar shows). */
  received(): number {
    return this.list.reduce((sum, s) => sum + (s.pos - s.start), 0);
  }

  /** Bytes before this offset are all written to the staging file and shown to be the right ones. */
  finishedPrefix(): number {
    for (const s of this.list) {
      if (s.check) return s.start;
      if (s.written < s.end) return s.written;
    }
    return this.last?.end ?? 0;
  }

  /** Ranges whose bytes still wait for their overlap check. */
  unchecked(): LiveSegment[] {
    return this.list.filter((s) => s.check !== null);
  }

  /**
   * Hands every block still gathering to the file, and says what is written per range. A range
   * still unchecked counts as not begun: after a reload it is fetched again rather than trusted.
   */
  drain(): SegmentState[] {
    for (const s of this.list) s.writer?.writeOut();
    return this.list.map((s) => ({ start: s.start, end: s.end, done: s.check ? 0 : s.written - s.start }));
  }

  /** What was drained is now flushed and recorded. */
  markRecorded(): void {
    for (const s of this.list) s.recorded = s.written;
  }
}
