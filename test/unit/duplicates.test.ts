import { describe, expect, it } from 'vitest';
import { en } from '../../src/ui/i18n/en';
import { describeDuplicates, findDuplicates } from '../../src/ui/duplicates';

const a = { url: 'https://example.com/a.iso' };
const b = { url: 'https://example.com/b.iso', sha256: 'ab'.repeat(32) };
const c = { url: 'https://example.com/c.iso' };

describe('findDuplicates', () => {
  it('finds the entries whose link is in the list', () => {
    expect(findDuplicates([a, b, c], new Set([a.url, c.url]))).toEqual([a, c]);
  });

  it('finds none once the job that held the link is gone, so the question goes with it', () => {
    const entries = [a];
    expect(findDuplicates(entries, new Set([a.url]))).toEqual([a]);
    expect(findDuplicates(entries, new Set())).toEqual([]);
  });
});

describe('describeDuplicates', () => {
  it('names one link, counts several', () => {
    expect(describeDuplicates([a], en)).toBe('https://example.com/a.iso is already in your downloads.');
    expect(describeDuplicates([a, b], en)).toBe('2 of these links are already in your downloads.');
  });
});
