import { DownloadError } from '../download-error';

/**
 * One try at a request: its own abort signal (tied to the job's), and a watch that drops it when
 * the server goes silent — no headers, or no body bytes, for `stallMs`. Without it a socket that
 * stays open and sends nothing would hold a job forever.
 */
export class Attempt {
  private readonly controller = new AbortController();
  private quietUntil: number;
  private stalled = false;
  private readonly timer: ReturnType<typeof setInterval>;
  private readonly onParentAbort = (): void => this.controller.abort(this.parent.reason);

  constructor(
    private readonly parent: AbortSignal,
    private readonly stallMs: number,
  ) {
    this.quietUntil = performance.now() + stallMs;
    if (parent.aborted) this.controller.abort(parent.reason);
    else parent.addEventListener('abort', this.onParentAbort, { once: true });
    this.timer = setInterval(() => this.check(), Math.max(50, Math.min(1000, stallMs / 4)));
  }

  get signal(): AbortSignal {
    return this.controller.signal;
  }

  /** Something arrived: the allowed silence starts again, plus `waitMs` we chose to spend idle. */
  alive(waitMs = 0): void {
    this.quietUntil = performance.now() + waitMs + this.stallMs;
  }

  /** The error to report for `error` thrown by this attempt: a stall says so, not "aborted". */
  explain(error: unknown): unknown {
    if (!this.stalled) return error;
    return new DownloadError('network', `No data for ${Math.round(this.stallMs / 1000)} s; the connection was dropped`, true);
  }

  end(): void {
    clearInterval(this.timer);
    this.parent.removeEventListener('abort', this.onParentAbort);
  }

  private check(): void {
    if (this.controller.signal.aborted || performance.now() <= this.quietUntil) return;
    this.stalled = true;
    this.controller.abort(new DOMException('The connection stalled', 'AbortError'));
    clearInterval(this.timer);
  }
}
