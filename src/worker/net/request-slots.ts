import { retryPolicyOf, type Settings } from '../../shared/settings';
import type { RetryState } from '../../shared/types';
import { Attempt } from './attempt';
import type { Claimant, ConnectionBudget } from './connection-budget';
import type { DownloadError } from '../download-error';
import { discardBody } from './http-requests';
import { RetryBoard, RetryTracker } from './retry-tracker';
import { withRetries, type Lease, type RetryLoop } from './with-retries';

/** A response already open (the probe's), with the lease it holds. */
export interface OpenedResponse {
  response: Response;
  lease: Lease;
}

export function closeOpened(opened: OpenedResponse): void {
  discardBody(opened.response);
  opened.lease.end();
}

/**
 * How a run asks for connections: a slot of the per-server budget, an attempt that watches for
 * a stall, and retries. Also what the run's row shows of them: how many are open, and the retry
 * a request waits for.
 */
export class RequestSlots {
  private openCount = 0;
  private readonly board: RetryBoard;

  constructor(
    private readonly budget: ConnectionBudget,
    private readonly host: string,
    /** The job, and its place in line for a free slot. */
    private readonly claimant: Claimant,
    private readonly settings: () => Settings,
    private readonly signal: AbortSignal,
    private readonly classify: (failure: DownloadError) => DownloadError,
    /** Something the row shows changed: a retry began or ended its wait. */
    changed: () => void = () => undefined,
  ) {
    this.board = new RetryBoard(changed);
  }

  /** Connections open now (a request sent or a body streaming). */
  get connections(): number {
    return this.openCount;
  }

  /** The most connections the server lets us have, when it showed a limit below the setting. */
  get serverLimit(): number | null {
    const limit = this.budget.limitOf(this.host);
    return limit < this.settings().connectionsPerServer ? limit : null;
  }

  retrying(): RetryState | null {
    return this.board.current();
  }

  async lease(signal: AbortSignal): Promise<Lease> {
    const slot = await this.budget.acquire(this.host, signal, this.claimant);
    const attempt = new Attempt(signal, this.settings().stallTimeoutSeconds * 1000);
    this.openCount++;
    let ended = false;
    return {
      slot,
      attempt,
      end: () => {
        if (ended) return;
        ended = true;
        this.openCount--;
        attempt.end();
        slot.release();
      },
    };
  }

  /** The retry loop of one piece of work stopped by `signal`. */
  loop(signal: AbortSignal): RetryLoop {
    return {
      signal,
      lease: (s) => this.lease(s),
      retries: new RetryTracker(() => retryPolicyOf(this.settings()), signal, this.board),
      classify: this.classify,
    };
  }

  /** Runs a small request to completion in a slot, with retries. */
  async run<T>(work: (signal: AbortSignal) => Promise<T>): Promise<T> {
    const { value } = await withRetries(this.loop(this.signal), (lease) => work(lease.attempt.signal));
    return value;
  }

  /** Opens a response in a slot, with retries; the lease stays with the response. */
  async open<T extends { response: Response }>(work: (signal: AbortSignal) => Promise<T>): Promise<{ value: T; opened: OpenedResponse }> {
    const { value, lease } = await withRetries(this.loop(this.signal), (l) => work(l.attempt.signal), { keep: true });
    return { value, opened: { response: value.response, lease } };
  }
}
