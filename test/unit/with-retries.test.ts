import { describe, expect, it } from 'vitest';
import type { RetryPolicy } from '../../src/shared/retry-policy';
import { DownloadError, FileChangedError, asExpiredLink } from '../../src/worker/download-error';
import { Attempt } from '../../src/worker/net/attempt';
import { RetryTracker, type RetryClock } from '../../src/worker/net/retry-tracker';
import { withRetries, type Lease, type RetryLoop } from '../../src/worker/net/with-retries';

const policy: RetryPolicy = { maxAttempts: 4, maxElapsedMs: 60_000, baseDelayMs: 500, maxDelayMs: 30_000 };

/** Leases that count how many are open, and a clock that records the waits between tries. */
function harness(signal = new AbortController().signal): RetryLoop & { open: () => number; leases: number; limited: boolean; openDuringWaits: number[] } {
  let open = 0;
  const openDuringWaits: number[] = [];
  const clock: RetryClock = { now: () => 0, random: () => 0, wait: async () => void openDuringWaits.push(open) };
  const state = {
    signal,
    leases: 0,
    /** What the slot answers when its request is refused: whether the server showed a limit. */
    limited: false,
    openDuringWaits,
    open: () => open,
    retries: new RetryTracker(() => policy, signal, null, clock),
    classify: (failure: DownloadError) => asExpiredLink(failure) ?? failure,
    lease: async (s: AbortSignal): Promise<Lease> => {
      open++;
      state.leases++;
      const attempt = new Attempt(s, 60_000);
      let ended = false;
      return {
        slot: { release: () => undefined, shouldYield: () => false, delivered: () => undefined, refused: () => state.limited },
        attempt,
        end: () => {
          if (ended) return;
          ended = true;
          open--;
          attempt.end();
        },
      };
    },
  };
  return state;
}

const transient = (): DownloadError => new DownloadError('http', 'The server answered 503', true, null, 503);

describe('withRetries', () => {
  it('tries again after transient failures, with the slot free while it waits, until the work succeeds', async () => {
    const loop = harness();
    let tries = 0;
    const { value } = await withRetries(loop, async () => {
      tries++;
      if (tries < 3) throw transient();
      return 'bytes';
    });
    expect(value).toBe('bytes');
    expect(tries).toBe(3);
    expect(loop.openDuringWaits).toEqual([0, 0]);
    expect(loop.open(), 'the last lease is ended too').toBe(0);
  });

  it('gives up after the configured tries with the last failure', async () => {
    const loop = harness();
    await expect(withRetries(loop, async () => Promise.reject(transient()))).rejects.toThrow('The server answered 503 (gave up after 4 tries)');
    expect(loop.leases).toBe(4);
  });

  it('passes a changed file and an abort on at once, without another try', async () => {
    const changed = harness();
    await expect(withRetries(changed, async () => Promise.reject(new FileChangedError('its ETag is different')))).rejects.toBeInstanceOf(FileChangedError);
    expect(changed.leases).toBe(1);
    const stop = new AbortController();
    const stopped = harness(stop.signal);
    const run = withRetries(stopped, async () => {
      stop.abort(new DOMException('paused', 'AbortError'));
      throw transient();
    });
    await expect(run).rejects.toThrow(transient().message);
    expect(stopped.leases).toBe(1);
  });

  it('turns a failure into what it means for the job before deciding on a retry', async () => {
    const loop = harness();
    const gone = new DownloadError('http', 'The server answered 404 Not Found', false, null, 404);
    await expect(withRetries(loop, async () => Promise.reject(gone))).rejects.toMatchObject({ kind: 'expired' });
  });

  it('uses a lease already open for the first try, and keeps the lease of a value that holds it', async () => {
    const loop = harness();
    const first = await loop.lease(loop.signal);
    const seen: Lease[] = [];
    const { lease } = await withRetries(loop, async (l) => void seen.push(l), { first, keep: true });
    expect(seen).toEqual([first]);
    expect(lease).toBe(first);
    expect(loop.open(), 'kept open for the response').toBe(1);
  });

  it('does not count refusals that show the server limits connections, and gives up on those that do not', async () => {
    const limited = harness();
    limited.limited = true;
    let tries = 0;
    // More refusals than the policy's 4 tries allow: none of them counts while others deliver.
    const { value } = await withRetries(limited, async () => {
      tries++;
      if (tries <= 6) throw transient();
      return 'bytes';
    });
    expect(value).toBe('bytes');
    expect(limited.openDuringWaits, 'the slot is free while the refused request waits').toEqual([0, 0, 0, 0, 0, 0]);
    const alone = harness();
    await expect(withRetries(alone, async () => Promise.reject(transient()))).rejects.toThrow('gave up after 4 tries');
  });

  it('asks the slot about a limit only for refusals a busy server gives', async () => {
    const loop = harness();
    loop.limited = true;
    const notFound = new DownloadError('http', 'The server answered 500', true, null, 500);
    await expect(withRetries(loop, async () => Promise.reject(notFound))).rejects.toThrow('gave up after 4 tries');
    const unreadable = new DownloadError('unreadable', 'The server sent an error the browser would not let this page read', true);
    let tries = 0;
    await withRetries(loop, async () => {
      if (++tries <= 5) throw unreadable;
    });
    expect(tries).toBe(6);
  });
});
