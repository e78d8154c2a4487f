import { describe, expect, it } from 'vitest';
import { readLinkInput } from '../../src/shared/link-input';

const HASH = 'e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855';

describe('readLinkInput', () => {
  it('reads plain links as parseUrlInput does', () => {
    const result = readLinkInput('https://example.com/a.iso\n\nhttps://example.com/b.iso');
    expect(result).toEqual({
      entries: [{ url: 'https://example.com/a.iso' }, { url: 'https://example.com/b.iso' }],
      errors: [],
      fromPatterns: 0,
      badLines: [],
    });
  });

  it('asks for a link when there is none', () => {
    expect(readLinkInput('  \n ').errors).toEqual(['Paste at least one link.']);
  });

  it('expands a pattern and counts its links', () => {
    const result = readLinkInput('https://h.example/p[1-3].bin');
    expect(result.errors).toEqual([]);
    expect(result.fromPatterns).toBe(3);
    expect(result.entries.map((e) => e.url)).toEqual(['https://h.example/p1.bin', 'https://h.example/p2.bin', 'https://h.example/p3.bin']);
  });

  it('keeps the order of the lines and drops duplicates', () => {
    const result = readLinkInput('https://h.example/p2.bin\nhttps://h.example/p[1-3].bin\nhttps://h.example/z.bin');
    expect(result.entries.map((e) => e.url)).toEqual([
      'https://h.example/p2.bin',
      'https://h.example/p1.bin',
      'https://h.example/p3.bin',
      'https://h.example/z.bin',
    ]);
    expect(result.fromPatterns).toBe(2);
  });

  it('names the line of a malformed pattern, among parseUrlInput errors in line order', () => {
    const result = readLinkInput('https://h.example/ok.bin\nnot a link\nhttps://h.example/[5-1].bin\nftp://h.example/x');
    expect(result.errors).toEqual([
      'Line 2: "not a link" is not a valid link.',
      'Line 3: [5-1] counts down; put the smaller number first ([1-5]).',
      'Line 4: only http and https links can be downloaded (got ftp:).',
    ]);
    expect(result.entries).toEqual([{ url: 'https://h.example/ok.bin' }]);
    expect(result.badLines).toEqual(['not a link', 'https://h.example/[5-1].bin', 'ftp://h.example/x']);
  });

  it('finds every bad line, also past the few that the messages name', () => {
    const text = Array.from({ length: 8 }, (_, i) => `bad line ${i}`).concat('https://h.example/ok', '  ftp://h.example/[1-2]  ').join('\n');
    const result = readLinkInput(text);
    expect(result.errors).toHaveLength(7); // five named, the summary, and the pattern's
    expect(result.badLines).toHaveLength(9);
    expect(result.badLines.at(-1)).toBe('ftp://h.example/[1-2]');
    expect(result.entries).toEqual([{ url: 'https://h.example/ok' }]);
  });

  it('reports a pattern whose links are not valid once, on its line', () => {
    const result = readLinkInput('https://h.example/a\nftp://h.example/[1-3]');
    expect(result.errors).toEqual(['Line 2: only http and https links can be downloaded (got ftp:).']);
    expect(result.entries).toEqual([{ url: 'https://h.example/a' }]);
  });

  it('refuses a pattern over the cap before building it', () => {
    const result = readLinkInput('https://h.example/[1-2500].bin');
    expect(result).toEqual({
      entries: [],
      errors: ['This pattern makes 2,500 links; at most 1,000 can be added at once.'],
      fromPatterns: 0,
      badLines: [],
    });
    const huge = readLinkInput('https://h.example/[1-999999999999999]/[1-999999999999999]/[1-999999999999999]');
    expect(huge.errors).toEqual(['This pattern makes more than 9,007,199,254,740,991 links; at most 1,000 can be added at once.']);
  });

  it('refuses more lines than links allowed as parseUrlInput does, before reading any', () => {
    const text = Array.from({ length: 100_000 }, (_, i) => `https://h.example/many-${i}.bin`).join('\n');
    const started = performance.now();
    const result = readLinkInput(text);
    expect(result).toEqual({ entries: [], errors: ['That is 100000 links; at most 1000 can be added at once.'], fromPatterns: 0, badLines: [] });
    expect(performance.now() - started).toBeLessThan(500);
  });

  it('leaves a line too long to be a link to parseUrlInput, unexpanded', () => {
    const result = readLinkInput(`https://h.example/[1-1000]/${'x'.repeat(10_000)}`);
    expect(result.entries).toEqual([]);
    expect(result.errors).toEqual([expect.stringMatching(/^Line 1: this link is 10,0\d\d characters long/)]);
  });

  it('counts plain lines and several patterns together against the cap', () => {
    const result = readLinkInput('https://h.example/a\nhttps://h.example/[1-500]\nhttps://h.example/[1-500]x');
    expect(result.errors).toEqual(['These lines make 1,001 links; at most 1,000 can be added at once.']);
    expect(readLinkInput('https://h.example/[1-500]\nhttps://h.example/[1-500]x').entries).toHaveLength(1000);
    expect(readLinkInput('https://h.example/[1-10]', 5).errors).toEqual(['This pattern makes 10 links; at most 5 can be added at once.']);
  });

  it('keeps a checksum after a pattern that makes one link, refuses it after one that makes several', () => {
    expect(readLinkInput(`https://h.example/{a} sha256=${HASH}`).entries).toEqual([{ url: 'https://h.example/a', sha256: HASH }]);
    expect(readLinkInput(`https://h.example/[1-2] sha256=${HASH}`).errors[0]).toMatch(/^Line 1: one sha256 checksum cannot check/);
  });

  it('leaves links with an IPv6 host or a [] query as they were', () => {
    const result = readLinkInput('http://[::1]:8080/x\nhttps://h.example/api?a[]=1');
    expect(result.errors).toEqual([]);
    expect(result.fromPatterns).toBe(0);
    expect(result.entries.map((e) => e.url)).toEqual(['http://[::1]:8080/x', 'https://h.example/api?a[]=1']);
  });

  it('reads CRLF text and trims lines around patterns', () => {
    const result = readLinkInput('  https://h.example/{a,b}  \r\nhttps://h.example/c');
    expect(result.entries.map((e) => e.url)).toEqual(['https://h.example/a', 'https://h.example/b', 'https://h.example/c']);
  });
});
