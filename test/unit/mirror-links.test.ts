import { describe, expect, it } from 'vitest';
import { MAX_SERVERS, mergeMirrors, readMirrorLine, serversOf } from '../../src/shared/mirror-links';
import type { UrlEntry } from '../../src/shared/types';
import { parseUrlInput, parseUrlLine } from '../../src/shared/url-input';

const HASH = 'ab'.repeat(32);

describe('serversOf', () => {
  it('puts the link first, keeps each http(s) mirror once, and drops the rest', () => {
    expect(serversOf('https://a.example/f', ['https://b.example/f', 'https://a.example/f', 'ftp://c.example/f', 'nonsense', 'https://b.example/f'])).toEqual([
      'https://a.example/f',
      'https://b.example/f',
    ]);
    expect(serversOf('https://a.example/f', undefined)).toEqual(['https://a.example/f']);
  });

  it('stops at MAX_SERVERS', () => {
    const many = Array.from({ length: 40 }, (_, i) => `https://m${i}.example/f`);
    expect(serversOf('https://a.example/f', many)).toHaveLength(MAX_SERVERS);
  });
});

describe('readMirrorLine', () => {
  it('reads TAB-separated links as one entry with mirrors, and a checksum after any of them', () => {
    expect(readMirrorLine(`https://a.example/f\thttps://b.example/f sha256=${HASH.toUpperCase()}`, 1, parseUrlLine)).toEqual({
      url: 'https://a.example/f',
      sha256: HASH,
      mirrors: ['https://b.example/f'],
    });
  });

  it('refuses two different checksums, a bad link, and too many mirrors, naming the line', () => {
    expect(readMirrorLine(`https://a.example/f sha256=${HASH}\thttps://b.example/f sha256=${'cd'.repeat(32)}`, 3, parseUrlLine)).toBe(
      'Line 3: the mirrors of one file were given different sha256 checksums.',
    );
    expect(readMirrorLine('https://a.example/f\tb.example/f', 2, parseUrlLine)).toMatch(/^Line 2: "b.example\/f" is not a complete link/);
    const many = Array.from({ length: MAX_SERVERS + 1 }, (_, i) => `https://m${i}.example/f`).join('\t');
    expect(readMirrorLine(many, 4, parseUrlLine)).toBe(`Line 4: at most ${MAX_SERVERS} mirrors of one file can be given (got ${MAX_SERVERS + 1}).`);
  });

  it('a link given twice on the line is one server', () => {
    expect(readMirrorLine('https://a.example/f\thttps://a.example/f', 1, parseUrlLine)).toEqual({ url: 'https://a.example/f' });
  });
});

describe('pasting mirrors', () => {
  it('a pasted line with TABs between links is one download with mirrors', () => {
    const parsed = parseUrlInput('https://a.example/f\thttps://b.example/f\nhttps://c.example/g');
    expect(parsed.errors).toEqual([]);
    expect(parsed.entries).toEqual([{ url: 'https://a.example/f', mirrors: ['https://b.example/f'] }, { url: 'https://c.example/g' }]);
  });

  it('two spaces between links are still two links on one line, which is refused', () => {
    expect(parseUrlInput('https://a.example/f  https://b.example/f').errors[0]).toMatch(/put each link on its own line/);
  });

  it('the same link on two lines gathers the mirrors of both', () => {
    const into: UrlEntry = { url: 'https://a.example/f', mirrors: ['https://b.example/f'] };
    mergeMirrors(into, { url: 'https://a.example/f', mirrors: ['https://c.example/f', 'https://b.example/f'] });
    expect(into.mirrors).toEqual(['https://b.example/f', 'https://c.example/f']);
    expect(parseUrlInput('https://a.example/f\thttps://b.example/f\nhttps://a.example/f\thttps://c.example/f').entries).toEqual([
      { url: 'https://a.example/f', mirrors: ['https://b.example/f', 'https://c.example/f'] },
    ]);
  });
});

describe('a job with mirrors seen from another tab', () => {
  it('passes its servers, and refuses a list a row could not draw', async () => {
    const { parseTabMessage } = await import('../../src/worker/tabs/tab-message');
    const { jobView } = await import('./job-view-fixture');
    const mirrors = [
      { url: 'https://a.example/f', given: 10, dropped: null },
      { url: 'https://b.example/f', given: 0, dropped: 'it serves a different file (its size is different)' },
    ];
    const view = { ...jobView({ status: 'downloading' }), mirrors };
    expect(parseTabMessage({ type: 'views', jobs: [view] })).toEqual({ type: 'views', jobs: [view] });
    for (const bad of [[{ url: 'https://a.example/f', given: -1, dropped: null }], [{ url: 7, given: 0, dropped: null }], 'a.example']) {
      expect(parseTabMessage({ type: 'views', jobs: [{ ...view, mirrors: bad }] })).toBeNull();
    }
  });
});
