/** Granularity of the meter: fine enough that the window slides smoothly at a few UI updates a second. */
const BUCKET_MS = 100;

/**
 * Transfer rate over a sliding window. Bytes go into a ring of fixed time buckets, so memory is
 * bounded however many chunks arrive and `add` (called per network chunk) is O(1); `rate` sums
 * the ring, O(window / 100 ms). Time comes from the caller, so tests drive it directly.
 */
export class SpeedMeter {
  private readonly bucketCount: number;
  /** Bucket number (floor(time / BUCKET_MS)) each slot currently holds; -Infinity when empty. */
  private readonly epochs: Float64Array;
  private readonly bytes: Float64Array;
  /** Time of the first add since construction or reset, so a fresh meter is not diluted by a window it did not see. */
  private startedAt: number | null = null;

  constructor(windowMs = 3000) {
    this.bucketCount = Math.max(1, Math.ceil(windowMs / BUCKET_MS));
    this.epochs = new Float64Array(this.bucketCount).fill(-Infinity);
    this.bytes = new Float64Array(this.bucketCount);
  }

  add(bytes: number, nowMs: number): void {
    if (!(bytes > 0) || !Number.isFinite(nowMs)) return;
    const epoch = Math.floor(nowMs / BUCKET_MS);
    const slot = modulo(epoch, this.bucketCount);
    const held = this.epochs[slot] ?? -Infinity;
    if (held > epoch) return; // a timestamp older than the window: its bucket is gone
    if (held < epoch) {
      this.epochs[slot] = epoch;
      this.bytes[slot] = 0;
    }
    this.bytes[slot] = (this.bytes[slot] ?? 0) + bytes;
    if (this.startedAt === null || nowMs < this.startedAt) this.startedAt = nowMs;
  }

  /** Bytes per second over the window ending at `nowMs`; 0 when nothing arrived within it. */
  rate(nowMs: number): number {
    if (this.startedAt === null || !Number.isFinite(nowMs)) return 0;
    const current = Math.floor(nowMs / BUCKET_MS);
    const oldest = current - this.bucketCount + 1;
    let sum = 0;
    for (let i = 0; i < this.bucketCount; i++) {
      const epoch = this.epochs[i] ?? -Infinity;
      if (epoch >= oldest && epoch <= current) sum += this.bytes[i] ?? 0;
    }
    if (sum === 0) return 0;
    // The buckets cover from the start of the oldest one to now; a meter younger than that
    // has only seen bytes since it started. One bucket minimum keeps a first chunk from
    // dividing by ~0.
    const windowStart = Math.max(oldest * BUCKET_MS, this.startedAt);
    const spanMs = Math.max(nowMs - windowStart, BUCKET_MS);
    return (sum * 1000) / spanMs;
  }

  reset(): void {
    this.epochs.fill(-Infinity);
    this.bytes.fill(0);
    this.startedAt = null;
  }
}

function modulo(n: number, m: number): number {
  return ((n % m) + m) % m;
}
