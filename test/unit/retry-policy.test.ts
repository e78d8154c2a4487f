import { describe, expect, it } from 'vitest';
import {
  DEFAULT_RETRY_POLICY,
  isRetryableStatus,
  nextRetryDelay,
  parseRetryAfter,
  shouldGiveUp,
  type RetryPolicy,
} from '../../src/shared/retry-policy';

const NOW = Date.UTC(2025, 0, 15, 12, 0, 0);
const HOUR = 3_600_000;

describe('isRetryableStatus', () => {
  it.each([408, 425, 429, 500, 502, 503, 504, 520, 522, 599])('retries %i', (status) => {
    expect(isRetryableStatus(status)).toBe(true);
  });

  it.each([200, 206, 301, 400, 401, 403, 404, 410, 416, 501, 505, 507, 511, 600])('does not retry %i', (status) => {
    expect(isRetryableStatus(status)).toBe(false);
  });
});

describe('parseRetryAfter', () => {
  it('reads delta-seconds', () => {
    expect(parseRetryAfter('120', NOW)).toBe(120_000);
    expect(parseRetryAfter(' 0 ', NOW)).toBe(0);
  });

  it('treats a negative delay as now and caps at one hour', () => {
    expect(parseRetryAfter('-5', NOW)).toBe(0);
    expect(parseRetryAfter('86400', NOW)).toBe(HOUR);
    expect(parseRetryAfter('99999999999999999999999', NOW)).toBe(HOUR);
  });

  it('reads all three HTTP-date formats', () => {
    expect(parseRetryAfter('Wed, 15 Jan 2025 12:00:30 GMT', NOW)).toBe(30_000);
    expect(parseRetryAfter('Wednesday, 15-Jan-25 12:01:00 GMT', NOW)).toBe(60_000);
    expect(parseRetryAfter('Wed Jan 15 12:00:05 2025', NOW)).toBe(5_000);
    expect(parseRetryAfter('Wed Jan  5 12:00:05 2025', NOW)).toBe(0);
  });

  it('gives 0 for a date in the past and caps a far one', () => {
    expect(parseRetryAfter('Sun, 06 Nov 1994 08:49:37 GMT', NOW)).toBe(0);
    expect(parseRetryAfter('Thu, 01 Jan 2026 00:00:00 GMT', NOW)).toBe(HOUR);
  });

  it('puts a two-digit year more than 50 years ahead in the past century', () => {
    expect(parseRetryAfter('Sunday, 06-Nov-94 08:49:37 GMT', NOW)).toBe(0);
  });

  it.each([null, '', 'soon', '1.5', '12 s', 'Wed, 15 Foo 2025 12:00:30 GMT', 'Wed, 15 Jan 2025 25:00:00 GMT', '2025-01-15T12:00:30Z'])(
    'returns null for %j',
    (header) => {
      expect(parseRetryAfter(header, NOW)).toBeNull();
    },
  );
});

describe('nextRetryDelay', () => {
  const policy: RetryPolicy = { maxAttempts: 8, maxElapsedMs: 300_000, baseDelayMs: 500, maxDelayMs: 30_000 };

  it('grows exponentially up to maxDelayMs at the top of the jitter range', () => {
    const top = () => 0.999999;
    const delays = [1, 2, 3, 4, 5, 6, 7, 8, 100].map((a) => nextRetryDelay(a, policy, top, null));
    expect(delays).toEqual([499, 999, 1999, 3999, 7999, 15999, 29999, 29999, 29999]);
  });

  it('draws uniformly below the ceiling (full jitter)', () => {
    expect(nextRetryDelay(3, policy, () => 0, null)).toBe(0);
    expect(nextRetryDelay(3, policy, () => 0.5, null)).toBe(1000);
  });

  it('never goes below the server Retry-After', () => {
    expect(nextRetryDelay(1, policy, () => 0.5, 10_000)).toBe(10_000);
    expect(nextRetryDelay(7, policy, () => 0.9, 1_000)).toBe(27_000);
  });

  it('tolerates out-of-range inputs', () => {
    expect(nextRetryDelay(0, policy, () => 1.5, null)).toBe(500);
    expect(nextRetryDelay(5000, policy, () => 0.5, null)).toBe(15_000);
  });
});

describe('shouldGiveUp', () => {
  it('stops after maxAttempts failures', () => {
    expect(shouldGiveUp(7, NOW, NOW + 1000, DEFAULT_RETRY_POLICY)).toBe(false);
    expect(shouldGiveUp(8, NOW, NOW + 1000, DEFAULT_RETRY_POLICY)).toBe(true);
  });

  it('stops once maxElapsedMs has passed since the first failure', () => {
    expect(shouldGiveUp(1, NOW, NOW + 299_999, DEFAULT_RETRY_POLICY)).toBe(false);
    expect(shouldGiveUp(1, NOW, NOW + 300_000, DEFAULT_RETRY_POLICY)).toBe(true);
  });

  /** Failures until the defaults give up on a server that fails every time, and the time it took. */
  function runUntilGiveUp(random: () => number, retryAfterMs: number | null): { tries: number; elapsedMs: number } {
    let now = NOW;
    for (let tries = 1; ; tries++) {
      if (shouldGiveUp(tries, NOW, now, DEFAULT_RETRY_POLICY)) return { tries, elapsedMs: now - NOW };
      now += nextRetryDelay(tries, DEFAULT_RETRY_POLICY, random, retryAfterMs);
    }
  }

  it('by default gives up on a fast-failing server after 8 tries and about a minute at most', () => {
    // The try count, not the time limit, ends it, even with the longest draws of the jitter.
    expect(runUntilGiveUp(() => 0, null)).toEqual({ tries: 8, elapsedMs: 0 });
    const slowest = runUntilGiveUp(() => 0.999999, null);
    expect(slowest.tries).toBe(8);
    expect(slowest.elapsedMs).toBeGreaterThan(30_000);
    expect(slowest.elapsedMs).toBeLessThan(90_000);
  });

  it('by default gives up after five minutes on a server that keeps asking for a minute', () => {
    expect(runUntilGiveUp(() => 0.5, 60_000)).toEqual({ tries: 6, elapsedMs: 300_000 });
  });
});
