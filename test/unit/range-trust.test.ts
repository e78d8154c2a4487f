import { describe, expect, it } from 'vitest';
import { OVERLAP_BYTES, RangeTrust, TRUST_AFTER } from '../../src/shared/range-trust';

describe('RangeTrust', () => {
  it('asks for an overlap before each range until enough of them matched', () => {
    const trust = new RangeTrust();
    for (let i = 0; i < TRUST_AFTER; i++) {
      expect(trust.overlapFor(1 << 20)).toBe(OVERLAP_BYTES);
      trust.overlapMatched();
    }
    expect(trust.overlapFor(1 << 20)).toBe(0);
    expect(trust.earned).toBe(true);
  });

  it('asks for none where there are not OVERLAP_BYTES before the range', () => {
    const trust = new RangeTrust();
    expect(trust.overlapFor(0)).toBe(0);
    expect(trust.overlapFor(OVERLAP_BYTES)).toBe(0);
    expect(trust.overlapFor(OVERLAP_BYTES + 1)).toBe(OVERLAP_BYTES);
  });

  it('needs no overlap while answers show their Content-Range, and again once one does not', () => {
    const trust = new RangeTrust();
    trust.sawContentRange(true);
    expect(trust.overlapFor(1 << 20)).toBe(0);
    trust.sawContentRange(false);
    expect(trust.overlapFor(1 << 20)).toBe(OVERLAP_BYTES);
  });

  it('accepts an answer only when something shows which bytes it carries', () => {
    const trust = new RangeTrust();
    const far = 1 << 20;
    expect(trust.accepts({ contentRangeShown: true, overlap: 0, pos: far })).toBe(true);
    expect(trust.accepts({ contentRangeShown: false, overlap: OVERLAP_BYTES, pos: far })).toBe(true);
    expect(trust.accepts({ contentRangeShown: false, overlap: 0, pos: far })).toBe(false);
    expect(trust.accepts({ contentRangeShown: false, overlap: 0, pos: 100 }), 'nothing before it to compare').toBe(true);
    for (let i = 0; i < TRUST_AFTER; i++) trust.overlapMatched();
    expect(trust.accepts({ contentRangeShown: false, overlap: 0, pos: far })).toBe(true);
  });
});
