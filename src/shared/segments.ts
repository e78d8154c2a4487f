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

/**
 * Combines a stored checkpoint with live segments that may have been re-split since. A byte
 * counts as done when either side has it inside the done prefix of its segment.
 *
 * The result is cut at every segment start of either side. Within each such piece, each side's
 * done bytes form a prefix of the piece (a side's done prefix starts at one of its own segment
 * starts, and every piece lies inside one segment of each side), so the union is simply the
 * longer of the two prefixes: no done byte is lost and none is invented. The pieces cover the
 * union of both sides' spans, so two tilings of [0, total) give a tiling of [0, total); the
 * result is then compacted.
 */
export function mergeProgress(stored: ReadonlyArray<SegmentState>, live: ReadonlyArray<SegmentState>): SegmentState[] {
  const a = sortByStart(stored).filter((s) => s.end > s.start);
  const b = sortByStart(live).filter((s) => s.end > s.start);
  const cuts = new Set<number>();
  for (const s of [...a, ...b]) {
    cuts.add(s.start);
    cuts.add(s.end);
  }
  const points = [...cuts].sort((x, y) => x - y);
  const pieces: SegmentState[] = [];
  for (let i = 0; i + 1 < points.length; i++) {
    const start = points[i] ?? 0;
    const end = points[i + 1] ?? 0;
    const fromStored = doneWithin(a, start, end);
    const fromLive = doneWithin(b, start, end);
    // A gap in both spans stays a gap rather than becoming a segment nobody planned.
    if (fromStored === null && fromLive === null) continue;
    pieces.push({ start, end, done: Math.max(fromStored ?? 0, fromLive ?? 0) });
  }
  return compactSegments(pieces);
}

/**
 * Done bytes at the front of [start, end), a piece lying within one segment of the sorted,
 * non-overlapping `segments`; null when no segment covers it.
 */
function doneWithin(segments: ReadonlyArray<SegmentState>, start: number, end: number): number | null {
  const owner = findCovering(segments, start);
  if (!owner) return null;
  const doneEnd = owner.start + clampDone(owner);
  return Math.min(Math.max(doneEnd - start, 0), end - start);
}

/** Binary search for the segment containing position `pos`. */
function findCovering(segments: ReadonlyArray<SegmentState>, pos: number): SegmentState | undefined {
  let lo = 0;
  let hi = segments.length - 1;
  while (lo <= hi) {
    const mid = (lo + hi) >> 1;
    const s = segments[mid];
    if (!s) return undefined;
    if (pos < s.start) hi = mid - 1;
    else if (pos >= s.end) lo = mid + 1;
    else return s;
  }
  return undefined;
}

function clampDone(s: SegmentState): number {
  return Math.min(Math.max(s.done, 0), Math.max(s.end - s.start, 0));
}

function sortByStart<T extends ByteRange>(segments: ReadonlyArray<T>): T[] {
  return [...segments].sort((x, y) => x.start - y.start);
}
