import type { Attempt } from './attempt';
import type { Slot } from './connection-budget';
import { DownloadError, FileChangedError, isAbort, mayBeBusy, toDownloadError } from '../download-error';
import type { RetryTracker } from './retry-tracker';

/** What one try holds: a connection slot of the host, and the attempt that watches for a stall. */
export interface Lease {
  readonly slot: Slot;
  readonly attempt: Attempt;
  /** Ends the attempt and frees the slot; calling it again does nothing. */
  end(): void;
}

export interface RetryLoop {
  /** Stops the loop: an abort is passed on as it is, never retried. */
  signal: AbortSignal;
  /** Waits for a slot and starts an attempt. */
  lease(signal: AbortSignal): Promise<Lease>;
  retries: RetryTracker;
  /** Turns a failure into what it means for this job (an expired link, say). */
  classify(failure: DownloadError): DownloadError;
}

export interface RetryOptions {
  /** A lease already open (the probe's, whose body becomes the first range) for the first try. */
  first?: Lease | null;
  /** The value keeps the lease (an open response): it is not ended after a successful try. */
  keep?: boolean;
}

/**
 * The one retry loop of every request: lease a slot → try → on failure explain it (a stall says
 * so), pass aborts and changed files on, classify the rest, and back off — with the slot free
 * while the retry waits — until the work succeeds or the tracker gives up (it then throws). A
 * refusal that shows the server's connection limit (Slot.refused) is no failure: the request waits
 * for a slot within the limit and goes on.
 */
export async function withRetries<T>(loop: RetryLoop, work: (lease: Lease) => Promise<T>, options: RetryOptions = {}): Promise<{ value: T; lease: Lease }> {
  let first = options.first ?? null;
  for (;;) {
    const lease = first ?? (await loop.lease(loop.signal));
    first = null;
    let failure: DownloadError;
    let limited = false;
    try {
      const value = await work(lease);
      if (!options.keep) lease.end();
      return { value, lease };
    } catch (error) {
      const explained = lease.attempt.explain(error);
      if (loop.signal.aborted || isAbort(explained) || explained instanceof FileChangedError) {
        lease.end();
        throw explained;
      }
      failure = loop.classify(toDownloadError(explained));
      // Asked while the slot is still held, so "the others" are the other connections.
      limited = mayBeBusy(failure) && lease.slot.refused();
      lease.end();
    }
    if (limited) await loop.retries.pause(failure);
    else await loop.retries.backoff(failure);
  }
}
