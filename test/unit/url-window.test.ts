import { describe, expect, it } from 'vitest';
import { contentRangeInWindow, keepWindow, rangeInWindow, urlWithWindow, windowOfUrl } from '../../src/shared/url-window';

const w = { start: 5_000_000_000, length: 1000 };

describe('a window of a link', () => {
  it('travels in the fragment, replacing any other', () => {
    const url = urlWithWindow('https://h/a.zip?x=1#top', w);
    expect(url).toBe('https://h/a.zip?x=1#rangefetch-bytes=5000000000-5000000999');
    expect(windowOfUrl(url)).toEqual(w);
    expect(windowOfUrl('https://h/a.zip')).toBeNull();
    expect(windowOfUrl('https://h/a.zip#rangefetch-bytes=9-3')).toBeNull();
  });

  it('follows a redirect to a URL without one', () => {
    const from = urlWithWindow('https://h/a.zip', w);
    expect(windowOfUrl(keepWindow(from, 'https://cdn/a.zip?sig=1'))).toEqual(w);
    expect(keepWindow('https://h/a', 'https://cdn/b')).toBe('https://cdn/b');
  });

  it('moves the ranges asked by the window’s start and stops them at its end', () => {
    expect(rangeInWindow(null, w)).toBe('bytes=5000000000-5000000999');
    expect(rangeInWindow('bytes=0-', w)).toBe('bytes=5000000000-5000000999');
    expect(rangeInWindow('bytes=0-1048575', w)).toBe('bytes=5000000000-5000000999');
    expect(rangeInWindow('bytes=10-19', w)).toBe('bytes=5000000010-5000000019');
    expect(rangeInWindow('bytes=1000-', w)).toBeNull();
    expect(rangeInWindow('bytes=-5', w)).toBeNull();
  });

  it('moves the answer’s Content-Range back, and refuses bytes outside the window', () => {
    expect(contentRangeInWindow('bytes 5000000010-5000000019/6000000000', w)).toBe('bytes 10-19/1000');
    expect(contentRangeInWindow('bytes 4999999999-5000000019/6000000000', w)).toBeNull();
    expect(contentRangeInWindow('bytes 5000000010-5000001000/6000000000', w)).toBeNull();
    expect(contentRangeInWindow('bytes 5000000010-5000000019/5000000500', w)).toBeNull();
    expect(contentRangeInWindow('nonsense', w)).toBeNull();
  });
});
