import { describe, expect, it } from 'vitest';
import { matchingEntries } from '../../src/ui/zip-filter';

describe("a ZIP chooser's filter", () => {
  const entries = ['docs/Readme.TXT', 'src/main.ts', 'src/readme.md', 'Müller.txt'].map((path) => ({ path }));

  it('keeps the entries whose path holds the text, in any case, in the archive’s order', () => {
    expect(matchingEntries(entries, 'readme')).toEqual([0, 2]);
    expect(matchingEntries(entries, ' SRC/ ')).toEqual([1, 2]);
    expect(matchingEntries(entries, 'müller')).toEqual([3]);
    expect(matchingEntries(entries, 'nothing')).toEqual([]);
  });

  it('keeps every entry while the filter is empty', () => {
    expect(matchingEntries(entries, '  ')).toEqual([0, 1, 2, 3]);
  });
});
