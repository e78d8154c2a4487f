import type { ByteRange } from './types';

/**
 * Range boundaries sit on multiples of 64 KiB so that every connection's writes start on a
 * block boundary of the staging file, and so that the numbers in logs and requests stay round.
 */
const DEFAULT_ALIGN = 65536;

/**
 * Splits [0, total) into contiguous, non-empty, half-open ranges of near-equal size, one per
 * connection: n = clamp(floor(total / minSegmentSize), 1, maxConnections). Inner boundaries are
 * rounded to `align`; when the file is so small that two boundaries round to the same place,
 * fewer ranges are returned rather than an empty one.
 */
export function planSegments(
  total: number,
  opts: { maxConnections: number; minSegmentSize: number; align?: number },
): ByteRange[] {
  if (!(total > 0)) return [];
  const align = normalizeAlign(opts.align);
  const byMinimum = opts.minSegmentSize > 0 ? Math.floor(total / opts.minSegmentSize) : Infinity;
  const n = Math.max(1, Math.min(byMinimum, Math.floor(opts.maxConnections)));
  const ranges: ByteRange[] = [];
  let start = 0;
  for (let i = 1; i < n; i++) {
    const boundary = Math.round((total / n) * i / align) * align;
    if (boundary <= start || boundary >= total) continue;
    ranges.push({ start, end: boundary });
    start = boundary;
  }
  ranges.push({ start, end: total });
  return ranges;
}

/** A few pieces per connection keep the finished prefix growing steadily; see planPieces. */
const PIECES_PER_CONNECTION = 4;

/**
 * Near the end, pieces shrink so that every connection still has one to take while the others
 * finish theirs: a piece is at most the bytes left / (connections × TAIL_SHARE).
 */
const TAIL_SHARE = 2;

/**
 * Splits [0, total) into pieces that the connections take in order, a few each, so the file
 * completes roughly front to back: the final copy and the checksum follow the finished prefix
 * while the rest downloads. Pieces aim at total / (connections × 4), kept between `minPiece`
 * (a request's round trip should stay small next to its transfer) and `maxPiece` (the bytes in
 * flight past the prefix, which the copy has to catch up on at the end).
 *
 * The last pieces taper down to `minPiece`, so the connections run out of work together and an
 * idle one seldom has to split a running range: a split cuts that range's request short, and
 * everything the server had already sent past the cut (its socket buffers, megabytes on a fast
 * link) is thrown away.
 */
export function planPieces(total: number, opts: { connections: number; minPiece: number; maxPiece: number; align?: number }): ByteRange[] {
  if (!(total > 0)) return [];
  const align = normalizeAlign(opts.align);
  const connections = Math.max(1, opts.connections);
  const minPiece = Math.max(1, opts.minPiece);
  const piece = Math.min(Math.max(total / (connections * PIECES_PER_CONNECTION), minPiece), Math.max(minPiece, opts.maxPiece));
  const ranges: ByteRange[] = [];
  for (let start = 0; start < total; ) {
    const size = Math.min(piece, Math.max(minPiece, (total - start) / (connections * TAIL_SHARE)));
    let end = Math.round((start + size) / align) * align;
    if (end <= start) end = Math.ceil(start + size);
    // No sliver smaller than the minimum at the end: the last piece takes it.
    if (total - end < minPiece) end = total;
    ranges.push({ start, end });
    start = end;
  }
  return ranges;
}

/**
 * Work stealing: where to cut a running range whose next byte to fetch is `pos` and whose end
 * (exclusive) is `end`, so the running connection keeps [pos, mid) and an idle one takes
 * [mid, end). Aims for half each, on an `align` boundary when one lies close enough to leave
 * both pieces at least `minPiece`; otherwise the exact midpoint, because splitting unaligned
 * beats leaving a connection idle. Null when fewer than 2 × minPiece bytes are left (a new
 * request costs a round trip, not worth it for a small tail) or the end is unknown.
 */
export function splitRemaining(pos: number, end: number, minPiece: number, align = DEFAULT_ALIGN): number | null {
  if (!Number.isFinite(pos) || !Number.isFinite(end)) return null;
  const piece = Math.max(1, minPiece);
  if (end - pos < 2 * piece) return null;
  const step = normalizeAlign(align);
  const middle = pos + (end - pos) / 2;
  const candidates = [Math.round(middle / step) * step, Math.floor(middle / step) * step, Math.ceil(middle / step) * step];
  for (const mid of candidates) {
    if (mid - pos >= piece && end - mid >= piece) return mid;
  }
  return Math.floor(middle);
}

/** Index of the range with the most bytes left (first one on a tie), or -1 when none has any. */
export function pickLargestRemaining(ranges: ReadonlyArray<{ pos: number; end: number }>): number {
  let best = -1;
  let bestLeft = 0;
  ranges.forEach((r, i) => {
    const left = r.end - r.pos;
    if (left > bestLeft) {
      best = i;
      bestLeft = left;
    }
  });
  return best;
}

function normalizeAlign(align: number | undefined): number {
  if (align === undefined) return DEFAULT_ALIGN;
  return Number.isSafeInteger(align) && align > 0 ? align : 1;
}
