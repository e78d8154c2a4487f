/**
 * The deterministic file content every origin test relies on: fillBytes against a naive
 * reference, its source text, and the whole-content hash.
 */
import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { contentBytes, fillBytes, fillBytesSource, sha256OfContent } from '../origin/bytes';
import { equalBytes } from '../origin/test-client';

/** The content definition written out naively, to pin the fast fill to it. */
function referenceByte(i: number, seed: number): number {
  const fmix = (x: number): number => {
    let h = x;
    h ^= h >>> 16;
    h = Math.imul(h, 0x85ebca6b);
    h ^= h >>> 13;
    h = Math.imul(h, 0xc2b2ae35);
    h ^= h >>> 16;
    return h;
  };
  const w = Math.floor(i / 4);
  const hi = Math.floor(w / 2 ** 32);
  let h = fmix((w >>> 0) ^ Math.imul(seed, 0x9e3779b1));
  if (hi !== 0) h = fmix(h ^ Math.imul(hi, 0xcc9e2d51));
  return (h >>> ((i % 4) * 8)) & 255;
}

describe('fillBytes', () => {
  const seed = 12345;

  it('matches the reference definition, below and above the 16 GiB word boundary', () => {
    for (const base of [0, 5, 2 ** 34 - 7, 64 * 2 ** 30 - 40]) {
      const got = contentBytes(base, base + 37, seed);
      const want = Uint8Array.from({ length: 37 }, (_, k) => referenceByte(base + k, seed));
      expect(Array.from(got)).toEqual(Array.from(want));
    }
  });

  it('gives the same bytes however the range is split and whatever the target alignment', () => {
    const whole = contentBytes(0, 200_003, seed);
    const backing = new Uint8Array(200_003 + 8);
    for (const misalign of [0, 1, 2, 3]) {
      const target = backing.subarray(misalign, misalign + whole.length);
      target.fill(0);
      const cuts = [0, 1, 2, 7, 4096, 4099, 65_537, 131_070, 199_999, whole.length];
      for (let k = 0; k + 1 < cuts.length; k++) {
        fillBytes(target.subarray(cuts[k], cuts[k + 1]), cuts[k] ?? 0, seed);
      }
      expect(equalBytes(target, whole)).toBe(true);
    }
  });

  it('detects shifted blocks and different seeds', () => {
    const a = contentBytes(4096, 8192, seed);
    expect(equalBytes(a, contentBytes(8192, 12288, seed))).toBe(false);
    expect(equalBytes(a, contentBytes(4100, 8196, seed))).toBe(false);
    expect(equalBytes(a, contentBytes(4096, 8192, seed + 1))).toBe(false);
    expect(equalBytes(contentBytes(0, 64, seed), contentBytes(2 ** 34, 2 ** 34 + 64, seed))).toBe(false);
  });

  it('is reproduced exactly by fillBytesSource', () => {
    // The same text is injected into browser pages; evaluate it independently of the module.
    const fromSource = new Function(`${fillBytesSource}; return fillBytes;`)() as typeof fillBytes;
    for (const [offset, length] of [[0, 100_000], [3, 1001], [2 ** 34 - 2, 64], [17, 0]] as const) {
      const a = new Uint8Array(length + 1).subarray(1);
      const b = new Uint8Array(length);
      fromSource(a, offset, 99);
      fillBytes(b, offset, 99);
      expect(equalBytes(a, b)).toBe(true);
    }
  });

  it('hashes the whole content', () => {
    const want = createHash('sha256').update(contentBytes(0, 3_000_001, 7)).digest('hex');
    expect(sha256OfContent(3_000_001, 7)).toBe(want);
    expect(sha256OfContent(0, 7)).toBe(createHash('sha256').digest('hex'));
  });
});
