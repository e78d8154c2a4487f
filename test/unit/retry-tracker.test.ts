import { describe, expect, it } from 'vitest';
import type { RetryPolicy } from '../../src/shared/retry-policy';
import { DownloadError, retryReason } from '../../src/worker/download-error';
import { RetryBoard, RetryTracker, type RetryClock } from '../../src/worker/net/retry-tracker';

const policy: RetryPolicy = { maxAttempts: 3, maxElapsedMs: 60_000, baseDelayMs: 500, maxDelayMs: 30_000 };
const never = new AbortController().signal;

/** A clock whose waits pass at once, advancing its time by what was asked; records the waits. */
function fakeClock(random = 0.5): RetryClock & { waits: number[]; advance(ms: number): void } {
  let now = 1_000_000;
  const waits: number[] = [];
  return {
    waits,
    now: () => now,
    random: () => random,
    wait: async (ms) => {
      waits.push(ms);
      now += ms;
    },
    advance: (ms) => (now += ms),
  };
}

const refused = (): DownloadError => new DownloadError('network', 'The connection failed (Failed to fetch)', true);

describe('RetryTracker', () => {
  it('gives up after the configured tries in a row, saying how many', async () => {
    const tracker = new RetryTracker(() => policy, never, null, fakeClock());
    await tracker.backoff(refused());
    await tracker.backoff(refused());
    await expect(tracker.backoff(refused())).rejects.toThrow('The connection failed (Failed to fetch) (gave up after 3 tries)');
  });

  it('starts counting again after progress', async () => {
    const tracker = new RetryTracker(() => policy, never, null, fakeClock());
    await tracker.backoff(refused());
    await tracker.backoff(refused());
    tracker.progressed();
    await tracker.backoff(refused());
    await tracker.backoff(refused());
    await expect(tracker.backoff(refused())).rejects.toThrow(/gave up after 3 tries/);
  });

  it('gives up once the failures in a row have lasted the configured time', async () => {
    const clock = fakeClock();
    const tracker = new RetryTracker(() => ({ ...policy, maxAttempts: 100, maxElapsedMs: 10_000 }), never, null, clock);
    await tracker.backoff(refused());
    clock.advance(10_000);
    await expect(tracker.backoff(refused())).rejects.toThrow(/gave up after 2 tries/);
  });

  it('waits at least as long as Retry-After asks, even when the jitter picks less', async () => {
    const clock = fakeClock(0);
    const tracker = new RetryTracker(() => policy, never, null, clock);
    await tracker.backoff(new DownloadError('http', 'The server answered 503', true, 5_000, 503));
    await tracker.backoff(refused());
    expect(clock.waits).toEqual([5_000, 0]);
  });

  it('gives up at once when Retry-After asks for longer than the time left', async () => {
    const tracker = new RetryTracker(() => policy, never, null, fakeClock());
    await expect(tracker.backoff(new DownloadError('http', 'The server answered 429', true, 120_000, 429))).rejects.toThrow(/gave up after 1 try/);
  });

  it('never retries a failure that is not retryable', async () => {
    const clock = fakeClock();
    const tracker = new RetryTracker(() => policy, never, null, clock);
    const final = new DownloadError('cors', 'This server does not allow downloads from other sites (CORS)', false);
    await expect(tracker.backoff(final)).rejects.toBe(final);
    expect(clock.waits).toEqual([]);
  });

  it('shows the wait on its board while it lasts: next try, of how many, and why', async () => {
    let changes = 0;
    const board = new RetryBoard(() => changes++);
    let release = (): void => undefined;
    const clock: RetryClock = { now: () => 0, random: () => 0, wait: () => new Promise<void>((resolve) => (release = resolve)) };
    const tracker = new RetryTracker(() => ({ ...policy, maxAttempts: 8 }), never, board, clock);
    expect(board.current()).toBeNull();
    const waiting = tracker.backoff(refused());
    expect(board.current()).toEqual({ attempt: 2, of: 8, reason: 'the connection failed' });
    expect(changes, 'the row hears the wait begin').toBe(1);
    release();
    await waiting;
    expect(board.current()).toBeNull();
    expect(changes, 'and end').toBe(2);
  });

  it('the board shows the wait furthest along when several wait', () => {
    const board = new RetryBoard();
    board.add({ attempt: 2, of: 8, reason: 'a' });
    board.add({ attempt: 5, of: 8, reason: 'b' });
    board.add({ attempt: 3, of: 8, reason: 'c' });
    expect(board.current()?.reason).toBe('b');
  });

  it('ends its wait when the job stops', async () => {
    const stop = new AbortController();
    const tracker = new RetryTracker(() => ({ ...policy, baseDelayMs: 60_000 }), stop.signal);
    const waiting = tracker.backoff(refused());
    stop.abort('pause');
    await expect(waiting).rejects.toBe('pause');
  });
});

describe('retryReason', () => {
  it('says a failure in a few words', () => {
    expect(retryReason(refused())).toBe('the connection failed');
    expect(retryReason(new DownloadError('http', 'The server answered 503 Service Unavailable', true))).toBe('the server answered 503 Service Unavailable');
    expect(retryReason(new DownloadError('network', 'No data for 20 s; the connection was dropped', true))).toBe('no data for 20 s; the connection was dropped');
    expect(retryReason(new DownloadError('cors', 'CORS refused.', false))).toBe('CORS refused');
    const unreadable = 'The server sent an error the browser would not let this page read (it sends no CORS headers with its errors). If the link has expired, paste a fresh one with Change URL.';
    expect(retryReason(new DownloadError('unreadable', unreadable, true)), 'the first sentence, without its details').toBe('the server sent an error the browser would not let this page read');
  });

  it('says how many tries it took after the first sentence of a longer message', async () => {
    const tracker = new RetryTracker(() => ({ ...policy, maxAttempts: 1 }), new AbortController().signal);
    const advice = 'The server sent an error (details). If the link has expired, use Change URL.';
    await expect(tracker.backoff(new DownloadError('unreadable', advice, true))).rejects.toThrow(
      'The server sent an error (details) (gave up after 1 try). If the link has expired, use Change URL.',
    );
  });
});
