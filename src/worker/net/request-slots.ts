import { retryPolicyOf, type Settings } from '../../shared/settings';
import { Attempt } from './attempt';
import type { Claimant, ConnectionBudget } from './connection-budget';
import { DownloadError, FileChangedError, isAbort, toDownloadError } from '../download-error';
import { discard } from './http-requests';
import { RetryTracker } from './retry-tracker';

/** A response already open (the probe's), with its connection slot and its attempt. */
export interface OpenedResponse {
  response: Response;
  release: () => void;
  attempt: Attempt;
}

export function closeOpened(opened: OpenedResponse): void {
  discard(opened.response);
  opened.attempt.end();
  opened.release();
}

/** How a run asks for a connection: one slot of the per-server budget, an attempt, retries. */
export class Slots {
  constructor(
    private readonly budget: ConnectionBudget,
    private readonly host: string,
    /** The job, and its place in line for a free slot. */
    private readonly claimant: Claimant,
    private readonly settings: () => Settings,
    private readonly signal: AbortSignal,
    /** Turns a failure into what it means for this job (an expired link, say). */
    private readonly classify: (failure: DownloadError) => DownloadError,
  ) {}

  acquire(signal: AbortSignal): Promise<() => void> {
    return this.budget.acquire(this.host, signal, this.claimant);
  }

  attempt(signal: AbortSignal): Attempt {
    return new Attempt(signal, this.settings().stallTimeoutSeconds * 1000);
  }

  retries(signal: AbortSignal): RetryTracker {
    return new RetryTracker(() => retryPolicyOf(this.settings()), signal);
  }

  /** Runs a small request to completion in a slot, with retries. */
  run<T>(work: (signal: AbortSignal) => Promise<T>): Promise<T> {
    return this.tryUntilDone(work, false).then(({ value }) => value);
  }

  /** Opens a response in a slot, with retries; the slot and attempt stay with the response. */
  async open<T extends { response: Response }>(work: (signal: AbortSignal) => Promise<T>): Promise<{ value: T; opened: OpenedResponse }> {
    const { value, release, attempt } = await this.tryUntilDone(work, true);
    return { value, opened: { response: value.response, release, attempt } };
  }

  private async tryUntilDone<T>(work: (signal: AbortSignal) => Promise<T>, keep: boolean): Promise<{ value: T; release: () => void; attempt: Attempt }> {
    const retries = this.retries(this.signal);
    for (;;) {
      const release = await this.acquire(this.signal);
      const attempt = this.attempt(this.signal);
      let failure: DownloadError;
      try {
        const value = await work(attempt.signal);
        if (!keep) {
          attempt.end();
          release();
        }
        return { value, release, attempt };
      } catch (error) {
        // The slot is free again while the retry waits.
        attempt.end();
        release();
        const explained = attempt.explain(error);
        if (this.signal.aborted || isAbort(explained) || explained instanceof FileChangedError) throw explained;
        failure = this.classify(toDownloadError(explained));
      }
      await retries.backoff(failure);
    }
  }
}
