import { nextRetryDelay, shouldGiveUp, type RetryPolicy } from '../../shared/retry-policy';
import type { RetryState } from '../../shared/types';
import { DownloadError, retryReason } from '../download-error';
import { sleep } from '../sleep';

/** The retries of one run that are waiting right now, so its row can say "Retrying (3 of 8): …". */
export class RetryBoard {
  private readonly waiting = new Set<RetryState>();

  /** `changed` hears of every wait that begins or ends: the row says so at once. */
  constructor(private readonly changed: () => void = () => undefined) {}

  add(state: RetryState): void {
    this.waiting.add(state);
    this.changed();
  }

  remove(state: RetryState): void {
    if (this.waiting.delete(state)) this.changed();
  }

  /** The wait furthest along (the highest next try), or null when nothing waits. */
  current(): RetryState | null {
    let worst: RetryState | null = null;
    for (const state of this.waiting) if (worst === null || state.attempt > worst.attempt) worst = state;
    return worst;
  }
}

/** What a tracker needs from the world; replaced in tests. */
export interface RetryClock {
  now(): number;
  random(): number;
  wait(ms: number, signal: AbortSignal): Promise<void>;
}

/** Around a second between a limit's refusal and the next ask (see pause()). */
const BUSY_PAUSE_MS = 1000;

const realClock: RetryClock = { now: () => Date.now(), random: () => Math.random(), wait: sleep };

/**
 * Counts the failures of one piece of work in a row and waits between them as the policy says.
 * Bytes received in between start the count again: a link that keeps dropping but keeps
 * delivering is slow, not broken.
 */
export class RetryTracker {
  private failures = 0;
  private firstFailureAt = 0;

  constructor(
    private readonly policy: () => RetryPolicy,
    private readonly signal: AbortSignal,
    private readonly board: RetryBoard | null = null,
    private readonly clock: RetryClock = realClock,
  ) {}

  progressed(): void {
    this.failures = 0;
  }

  /**
   * Waits, without counting a failure, before asking a server again that refused the request for
   * having too many of our connections: at least its Retry-After, and a short jittered pause so
   * the request does not come straight back. The connection budget already holds it back until a
   * slot the server allows is free.
   */
  async pause(failure: DownloadError): Promise<void> {
    const delay = Math.max(failure.retryAfterMs ?? 0, BUSY_PAUSE_MS * (0.5 + this.clock.random()));
    await this.clock.wait(delay, this.signal);
  }

  /** Waits before the next try, or throws `failure` (with the tries it took) when there is none. */
  async backoff(failure: DownloadError): Promise<void> {
    if (!failure.retryable) throw failure;
    const now = this.clock.now();
    if (this.failures === 0) this.firstFailureAt = now;
    this.failures++;
    const policy = this.policy();
    const delay = nextRetryDelay(this.failures, policy, () => this.clock.random(), failure.retryAfterMs);
    // A wait the time budget cannot cover (a long Retry-After, say) is better said now.
    const overBudget = now + delay - this.firstFailureAt > policy.maxElapsedMs;
    if (shouldGiveUp(this.failures, this.firstFailureAt, now, policy) || overBudget) {
      const tries = this.failures === 1 ? '1 try' : `${this.failures} tries`;
      throw new DownloadError(failure.kind, withTries(failure.message, tries), false, null, failure.status);
    }
    const state: RetryState = { attempt: this.failures + 1, of: policy.maxAttempts, reason: retryReason(failure) };
    this.board?.add(state);
    try {
      await this.clock.wait(delay, this.signal);
    } finally {
      this.board?.remove(state);
    }
  }
}

/** "The server answered 503 (gave up after 9 tries)"; after the first sentence when there are more. */
function withTries(message: string, tries: string): string {
  const end = message.search(/\.\s/);
  if (end < 0) return `${message} (gave up after ${tries})`;
  return `${message.slice(0, end)} (gave up after ${tries})${message.slice(end)}`;
}
