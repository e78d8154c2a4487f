import { describe, expect, it } from 'vitest';
import { lagsBehind, MEASURE_MS, type SourcePace } from '../../src/shared/source-pace';

const pace = (rate: number, connections: number, measuredMs = 5000): SourcePace => ({ rate, connections, measuredMs });

describe('lagsBehind', () => {
  it('a server far slower per connection than the fastest waits', () => {
    const fast = pace(6_000_000, 6);
    const slow = pace(600_000, 6);
    expect(lagsBehind(slow, [fast, slow])).toBe(true);
    expect(lagsBehind(fast, [fast, slow])).toBe(false);
  });

  it('speed is compared per connection: fewer connections are not slowness', () => {
    const many = pace(6_000_000, 6);
    const one = pace(900_000, 1);
    expect(lagsBehind(one, [many, one])).toBe(false);
  });

  it('a server still being measured takes ranges', () => {
    const fast = pace(6_000_000, 6);
    const fresh = pace(0, 1, MEASURE_MS - 1);
    expect(lagsBehind(fresh, [fast, fresh])).toBe(false);
  });

  it('within a factor of four, or with nothing measured, nobody waits', () => {
    expect(lagsBehind(pace(2_000_000, 6), [pace(6_000_000, 6), pace(2_000_000, 6)])).toBe(false);
    expect(lagsBehind(pace(0, 0), [pace(0, 0), pace(0, 0)])).toBe(false);
  });

  it('the fastest never waits for itself', () => {
    const only = pace(1, 1);
    expect(lagsBehind(only, [only])).toBe(false);
  });
});
