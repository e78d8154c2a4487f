import { pickLargestRemaining, splitRemaining } from '../../shared/range-plan';
import type { SegmentState } from '../../shared/types';
import type { BlockWriter } from './block-writer';

/** An idle connection only takes over half of a range when both halves are worth a request. */
const MIN_STOLEN_PIECE = 1 << 20;

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
}

export function segmentAt(start: number, end: number, done = 0): LiveSegment {
  const at = start + done;
  return { start, end, pos: at, written: at, recorded: at, busy: false, writer: null };
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

  /** Bytes received, flushed or not (what the progress bar shows). */
  received(): number {
    return this.list.reduce((sum, s) => sum + (s.pos - s.start), 0);
  }

  /** Bytes before this offset are all written to the staging file. */
  finishedPrefix(): number {
    for (const s of this.list) if (s.written < s.end) return s.written;
    return this.last?.end ?? 0;
  }

  /** Hands every block still gathering to the file, and says what is written per range. */
  drain(): SegmentState[] {
    for (const s of this.list) s.writer?.writeOut();
    return this.list.map((s) => ({ start: s.start, end: s.end, done: s.written - s.start }));
  }

  /** What was drained is now flushed and recorded. */
  markRecorded(): void {
    for (const s of this.list) s.recorded = s.written;
  }
}
