import { nextRetryDelay, shouldGiveUp, type RetryPolicy } from '../../shared/retry-policy';
import { DownloadError } from '../download-error';

export const sleep = (ms: number, signal: AbortSignal): Promise<void> =>
  new Promise<void>((resolve, reject) => {
    if (signal.aborted) {
      reject(signal.reason);
      return;
    }
    const timer = setTimeout(() => {
      signal.removeEventListener('abort', onAbort);
      resolve();
    }, ms);
    const onAbort = (): void => {
      clearTimeout(timer);
      reject(signal.reason);
    };
    signal.addEventListener('abort', onAbort, { once: true });
  });

/**
 * Counts the failures of one piece of work in a row and waits between them as the policy says.
 * Bytes received in between start the count again: a link that keeps dropping but keeps
 * delivering is slow, not broken.
 */
export class RetryTracker {
  private attempt = 0;
  private firstFailureAt = 0;

  constructor(
    private readonly policy: () => RetryPolicy,
    private readonly signal: AbortSignal,
  ) {}

  progressed(): void {
    this.attempt = 0;
  }

  /** Waits before the next try, or throws `failure` (with the tries it took) when there is none. */
  async backoff(failure: DownloadError): Promise<void> {
    if (!failure.retryable) throw failure;
    const now = Date.now();
    if (this.attempt === 0) this.firstFailureAt = now;
    this.attempt++;
    const policy = this.policy();
    const delay = nextRetryDelay(this.attempt, policy, Math.random, failure.retryAfterMs);
    const overBudget = now + delay - this.firstFailureAt > policy.maxElapsedMs;
    if (shouldGiveUp(this.attempt, this.firstFailureAt, now, policy) || overBudget) {
      const tries = this.attempt === 1 ? '1 try' : `${this.attempt} tries`;
      throw new DownloadError(failure.kind, `${failure.message} (gave up after ${tries})`, false, null, failure.status);
    }
    await sleep(delay, this.signal);
  }
}
