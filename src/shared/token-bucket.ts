/**
 * The overall speed limit: one bucket shared by every connection of every job. Bytes already
 * received are taken at once, possibly into debt, and the caller waits until the debt is paid
 * before reading more; the socket's own flow control then slows the server down. A quarter
 * second of burst keeps the limit smooth without starving a connection of its first chunk.
 */
export class TokenBucket {
  private tokens = 0;
  private last: number | null = null;

  /** `bytesPerSecond` 0 means no limit. */
  constructor(private bytesPerSecond = 0) {}

  setRate(bytesPerSecond: number): void {
    this.bytesPerSecond = Math.max(0, bytesPerSecond);
    this.tokens = Math.min(this.tokens, this.burst());
  }

  get limited(): boolean {
    return this.bytesPerSecond > 0;
  }

  /** Takes `bytes` at time `nowMs`; returns how many ms to wait before reading on (0: none). */
  take(bytes: number, nowMs: number): number {
    if (!this.limited) return 0;
    if (this.last === null) {
      this.last = nowMs;
      this.tokens = this.burst();
    }
    const elapsed = Math.max(0, nowMs - this.last) / 1000;
    this.last = Math.max(this.last, nowMs);
    this.tokens = Math.min(this.burst(), this.tokens + elapsed * this.bytesPerSecond) - bytes;
    return this.tokens >= 0 ? 0 : (-this.tokens / this.bytesPerSecond) * 1000;
  }

  private burst(): number {
    return this.bytesPerSecond / 4;
  }
}
