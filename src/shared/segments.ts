import type { ByteRange, SegmentState } from './types';

/**
 * Progress of a ranged download is a tiling of [0, total) into segments; each has `done` bytes,
 * counted from its start, durably staged. Done bytes are always a prefix of their segment
 * because a connection writes its range front to back; everything here preserves that.
 */

/** Bytes durably staged. `done` is clamped to its segment so a corrupt record cannot show > 100 %. */
export function bytesDone(segments: ReadonlyArray<SegmentState>): number {
  let sum = 0;
  for (const s of segments) sum += clampDone(s);
  return sum;
}

/** What is still to fetch: [start + done, end) of each unfinished segment, ordered by start. */
export function remainingRanges(segments: ReadonlyArray<SegmentState>): ByteRange[] {
  return sortByStart(segments)
    .filter((s) => s.start + clampDone(s) < s.end)
    .map((s) => ({ start: s.start + clampDone(s), end: s.end }));
}

/**
 * Keeps the stored list short as work stealing multiplies segments: a fully done segment is
 * folded into its contiguous right neighbour (start of the left, end of the right, done = left
 * length + right.done), which keeps done a prefix. Empty segments carry nothing and are dropped.
 */
export function compactSegments(segments: ReadonlyArray<SegmentState>): SegmentState[] {
  const out: SegmentState[] = [];
  for (const s of sortByStart(segments)) {
    if (s.end <= s.start) continue;
    const last = out[out.length - 1];
    if (last && last.end === s.start && last.done >= last.end - last.start) {
      out[out.length - 1] = { start: last.start, end: s.end, done: last.end - last.start + s.done };
    } else {
      out.push({ start: s.start, end: s.end, done: s.done });
    }
  }
  return out;
}

/** Why `segments` cannot be the progress of a `total`-byte file, or null when they tile it exactly. */
export function validateSegments(segments: ReadonlyArray<SegmentState>, total: number): string | null {
  if (!Number.isSafeInteger(total) || total < 0) return `The file size ${String(total)} is not a valid size.`;
  let expected = 0;
  for (const s of sortByStart(segments)) {
    const where = `Segment [${s.start}, ${s.end})`;
    if (!Number.isSafeInteger(s.start) || !Number.isSafeInteger(s.end) || s.end <= s.start) {
      return `${where} is not a valid byte range.`;
    }
    if (s.start < 0 || s.end > total) return `${where} lies outside the file of ${total} bytes.`;
    if (!Number.isSafeInteger(s.done) || s.done < 0 || s.done > s.end - s.start) {
      return `${where} claims ${String(s.done)} bytes done, which does not fit in it.`;
    }
    if (s.start < expected) return `${where} overlaps the segment before it.`;
    if (s.start > expected) return `Bytes [${expected}, ${s.start}) belong to no segment.`;
    expected = s.end;
  }
  if (expected !== total) return `Bytes [${expected}, ${total}) belong to no segment.`;
  return null;
}

function clampDone(s: SegmentState): number {
  return Math.min(Math.max(s.done, 0), Math.max(s.end - s.start, 0));
}

function sortByStart<T extends ByteRange>(segments: ReadonlyArray<T>): T[] {
  return [...segments].sort((x, y) => x.start - y.start);
}
