import { describe, expect, it } from 'vitest';
import { TokenBucket } from '../../src/shared/token-bucket';

describe('TokenBucket', () => {
  it('never waits without a limit', () => {
    const bucket = new TokenBucket(0);
    expect(bucket.take(1e9, 0)).toBe(0);
  });

  it('lets a quarter second of bytes through at once, then makes the reader wait for the rest', () => {
    const bucket = new TokenBucket(1_000_000);
    expect(bucket.take(250_000, 0)).toBe(0);
    expect(bucket.take(500_000, 0)).toBeCloseTo(500, 6);
  });

  it('holds the long-run rate to the limit whatever the chunk sizes', () => {
    const bucket = new TokenBucket(2_000_000);
    let now = 0;
    let bytes = 0;
    for (let i = 0; i < 1000; i++) {
      const chunk = 1000 + ((i * 7919) % 64_000);
      bytes += chunk;
      now += bucket.take(chunk, now);
    }
    // Everything after the initial burst took its time at 2 MB/s.
    expect(now).toBeCloseTo(((bytes - 500_000) / 2_000_000) * 1000, 0);
  });

  it('does not save up more than the burst while idle', () => {
    const bucket = new TokenBucket(1_000_000);
    bucket.take(0, 0);
    expect(bucket.take(1_250_000, 60_000)).toBeCloseTo(1000, 6);
  });

  it('applies a new rate to what follows', () => {
    const bucket = new TokenBucket(1_000_000);
    bucket.take(250_000, 0);
    bucket.setRate(0);
    expect(bucket.take(1e9, 0)).toBe(0);
    bucket.setRate(4_000_000);
    expect(bucket.take(4_000_000, 1000)).toBeGreaterThan(0);
  });
});
