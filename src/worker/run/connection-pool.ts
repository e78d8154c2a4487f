import { isAbort } from '../download-error';
import { closeOpened, type OpenedResponse } from '../net/request-slots';
import type { LiveSegment } from './live-segments';
import type { RunParts } from './run-parts';
import type { PoolControl, SegmentFetcher } from './segment-fetch';

/** How a run's connections ended when no failure stopped them. */
export type PoolOutcome = 'done' | 'ranges-stopped' | 'wrong-bytes';

/**
 * The connections of one run: each takes a range, fetches it, and takes the next (in order, then
 * half of the largest one still running) until none is left.
 */
export class ConnectionPool {
  constructor(
    private readonly parts: RunParts,
    private readonly fetcher: SegmentFetcher,
  ) {}

  /**
   * Runs the connections until every range of a known size is fetched; the first may start on a
   * response already open from offset 0.
   */
  async run(opened: OpenedResponse | null): Promise<PoolOutcome> {
    for (let first = opened, again = false; ; first = null, again = true) {
      const before = this.parts.live.received();
      const outcome = await this.runOnce(first, again);
      // A range handed back once every connection that could take it had ended (a mirror dropped
      // on the last piece) would be a hole in a file called staged: its bytes are fetched now.
      if (outcome !== 'done' || this.parts.job.size === null || !this.parts.live.hasWorkLeft()) return outcome;
      if (this.parts.live.received() === before) throw new Error('Ranges of the file were left unfetched');
    }
  }

  private async runOnce(opened: OpenedResponse | null, again: boolean): Promise<PoolOutcome> {
    const { job, live, copy, signal, checks } = this.parts;
    copy.begin();
    const inner = new AbortController();
    let outcome: PoolOutcome = 'done';
    const control: PoolControl = {
      signal: inner.signal,
      stop: (why) => {
        if (outcome === 'done') outcome = why;
        // The other connections end as aborts, which are no failure.
        inner.abort(new DOMException(`The connections stopped (${why})`, 'AbortError'));
      },
    };
    const stop = (): void => inner.abort(signal.reason);
    signal.addEventListener('abort', stop, { once: true });
    // Idle connections split running ranges, so a short stored list still fans out; small files stay small.
    const count = job.rangeSupported ? this.parts.context.settings().connectionsPerServer : 1;
    const connections: Array<Promise<void>> = [];
    for (let i = 0; i < count; i++) {
      const first = i === 0 && opened ? live.claim(live.first) : this.takeWork();
      if (!first) break;
      connections.push(
        this.connection(first, i === 0 ? opened : null, control).catch((error: unknown) => {
          inner.abort(error);
          throw error;
        }),
      );
    }
    if (opened && connections.length === 0) closeOpened(opened);
    if (job.rangeSupported && job.size !== null) {
      for (const mirror of this.parts.mirrors?.start(control, this.fetcher, again) ?? []) {
        connections.push(
          mirror.catch((error: unknown) => {
            inner.abort(error);
            throw error;
          }),
        );
      }
    }
    const results = await Promise.allSettled(connections);
    signal.removeEventListener('abort', stop);
    signal.throwIfAborted();
    if (outcome !== 'done') return outcome;
    const failures: unknown[] = results.flatMap((r) => (r.status === 'rejected' ? [r.reason] : []));
    // The first real failure explains the others, which are only the aborts it caused.
    const cause = failures.find((f) => !isAbort(f)) ?? failures[0];
    if (cause !== undefined) throw cause;
    // Never call bytes staged that were not shown to be the ones asked for.
    if (!checks.settle() || live.unchecked().length > 0) return 'wrong-bytes';
    const last = live.last;
    if (job.size === null && last) {
      job.size = last.pos;
      last.end = last.pos;
    }
    return 'done';
  }

  private takeWork(): LiveSegment | null {
    return this.parts.live.takeWork(this.parts.job.rangeSupported === true);
  }

  private async connection(first: LiveSegment, opened: OpenedResponse | null, control: PoolControl): Promise<void> {
    let segment: LiveSegment | null = first;
    let response = opened;
    while (segment) {
      let outcome: Awaited<ReturnType<SegmentFetcher['fetch']>>;
      try {
        outcome = await this.fetcher.fetch(segment, response, control);
      } catch (error) {
        if (control.signal.aborted || !this.parts.mirrors?.takesOver(error)) throw error;
        // The mirrors carry on: every byte received stays, and the rest of the range is theirs.
        this.parts.live.handBack(segment);
        return;
      }
      response = null;
      if (outcome === 'ranges-stopped' || outcome === 'wrong-bytes') {
        control.stop(outcome);
        return;
      }
      // After a hand-back the range is idle again: this connection (or another) takes it up.
      await this.parts.mirrors?.waitTurn(null, control.signal);
      segment = this.takeWork();
    }
  }
}
