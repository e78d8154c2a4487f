import { describe, expect, it } from 'vitest';
import { expandPattern, hasPattern, parsePattern, pathStart, type UrlPattern } from '../../src/shared/url-patterns';

function patternOf(url: string): UrlPattern {
  const result = parsePattern(url);
  if (!result.ok) throw new Error(`expected ${url} to parse, got: ${result.reason}`);
  return result.pattern;
}

function expand(url: string, max = 1000): string[] {
  return expandPattern(patternOf(url), max);
}

function reasonFor(url: string): string {
  const result = parsePattern(url);
  if (result.ok) throw new Error(`expected ${url} to be refused`);
  return result.reason;
}

describe('pathStart', () => {
  it('is the first / ? or # after the host', () => {
    expect(pathStart('https://example.com/a')).toBe(19);
    expect(pathStart('https://example.com?q')).toBe(19);
    expect(pathStart('https://example.com#f')).toBe(19);
    expect(pathStart('https://example.com')).toBe(19);
  });

  it('skips an IPv6 literal and its port', () => {
    const url = 'http://[::1]:8080/x[1-2]';
    expect(url.slice(pathStart(url))).toBe('/x[1-2]');
  });

  it('reads a link without a scheme from its start', () => {
    expect(pathStart('example.com/a')).toBe(11);
  });
});

describe('hasPattern', () => {
  it('sees ranges and lists after the host', () => {
    expect(hasPattern('https://h/file[1-100].jpg')).toBe(true);
    expect(hasPattern('https://h/{a,b}.jpg')).toBe(true);
    expect(hasPattern('https://h/x?page=[1-3]')).toBe(true);
  });

  it('sees an unclosed bracket or brace (a pattern with a mistake)', () => {
    expect(hasPattern('https://h/file[1-3.jpg')).toBe(true);
    expect(hasPattern('https://h/file{a,b.jpg')).toBe(true);
  });

  it('does not see a plain link, an IPv6 host, or a bracket with no dash', () => {
    expect(hasPattern('https://example.com/file.iso')).toBe(false);
    expect(hasPattern('http://[::1]:8080/x')).toBe(false);
    expect(hasPattern('http://[2001:db8::1]/a-b')).toBe(false);
    expect(hasPattern('https://h/api?a[]=1&filter[name]=x')).toBe(false);
  });
});

describe('parsePattern and expandPattern', () => {
  it('expands a numbered range', () => {
    const pattern = patternOf('https://h/file[1-100].jpg');
    expect(pattern.count).toBe(100);
    const links = expandPattern(pattern, 1000);
    expect(links).toHaveLength(100);
    expect(links[0]).toBe('https://h/file1.jpg');
    expect(links[9]).toBe('https://h/file10.jpg');
    expect(links[99]).toBe('https://h/file100.jpg');
  });

  it('pads to the width of the first number', () => {
    const links = expand('https://h/[001-100].png');
    expect(links[0]).toBe('https://h/001.png');
    expect(links[41]).toBe('https://h/042.png');
    expect(links[99]).toBe('https://h/100.png');
    expect(expand('https://h/[08-11]')).toEqual(['https://h/08', 'https://h/09', 'https://h/10', 'https://h/11']);
    // Padding comes from the first number only, as in curl.
    expect(expand('https://h/[1-010]')).toHaveLength(10);
    expect(expand('https://h/[1-010]')[0]).toBe('https://h/1');
  });

  it('takes a step', () => {
    expect(expand('https://h/[0-100:10]')).toEqual([0, 10, 20, 30, 40, 50, 60, 70, 80, 90, 100].map((n) => `https://h/${n}`));
    // The end need not be reached exactly.
    expect(expand('https://h/[1-10:4]')).toEqual(['https://h/1', 'https://h/5', 'https://h/9']);
    expect(expand('https://h/[00-20:5]')).toEqual(['https://h/00', 'https://h/05', 'https://h/10', 'https://h/15', 'https://h/20']);
  });

  it('counts letters', () => {
    const links = expand('https://h/[a-z].txt');
    expect(links).toHaveLength(26);
    expect(links[0]).toBe('https://h/a.txt');
    expect(links[25]).toBe('https://h/z.txt');
    expect(expand('https://h/[A-C]')).toEqual(['https://h/A', 'https://h/B', 'https://h/C']);
    expect(expand('https://h/[a-e:2]')).toEqual(['https://h/a', 'https://h/c', 'https://h/e']);
  });

  it('expands a list, empty items included', () => {
    expect(expand('https://h/{alpha,beta,gamma}.iso')).toEqual(['https://h/alpha.iso', 'https://h/beta.iso', 'https://h/gamma.iso']);
    expect(expand('https://h/x{,-old}.iso')).toEqual(['https://h/x.iso', 'https://h/x-old.iso']);
    expect(expand('https://h/{only}')).toEqual(['https://h/only']);
  });

  it('a single-value range is one link', () => {
    expect(expand('https://h/[5-5]')).toEqual(['https://h/5']);
  });

  it('makes every combination of several groups, the last changing fastest (as curl does)', () => {
    const pattern = patternOf('https://h/{a,b}/[1-3]-[x-y].bin');
    expect(pattern.count).toBe(12);
    expect(expandPattern(pattern, 1000)).toEqual([
      'https://h/a/1-x.bin',
      'https://h/a/1-y.bin',
      'https://h/a/2-x.bin',
      'https://h/a/2-y.bin',
      'https://h/a/3-x.bin',
      'https://h/a/3-y.bin',
      'https://h/b/1-x.bin',
      'https://h/b/1-y.bin',
      'https://h/b/2-x.bin',
      'https://h/b/2-y.bin',
      'https://h/b/3-x.bin',
      'https://h/b/3-y.bin',
    ]);
  });

  it('expands the query too, and groups next to each other', () => {
    expect(expand('https://h/get?page=[1-2]&size={s,m}')).toEqual([
      'https://h/get?page=1&size=s',
      'https://h/get?page=1&size=m',
      'https://h/get?page=2&size=s',
      'https://h/get?page=2&size=m',
    ]);
    expect(expand('https://h/[1-2][a-b]')).toEqual(['https://h/1a', 'https://h/1b', 'https://h/2a', 'https://h/2b']);
  });

  it('leaves an IPv6 host alone and expands only the path', () => {
    expect(expand('http://[::1]:8080/x[1-2]')).toEqual(['http://[::1]:8080/x1', 'http://[::1]:8080/x2']);
    const plain = patternOf('http://[::1]:8080/x');
    expect(plain.count).toBe(1);
    expect(expandPattern(plain, 1)).toEqual(['http://[::1]:8080/x']);
  });

  it('does not expand the host', () => {
    expect(expand('https://mirror{1,2}.example.com/f{a,b}')).toEqual([
      'https://mirror{1,2}.example.com/fa',
      'https://mirror{1,2}.example.com/fb',
    ]);
  });

  it('keeps a bracket with no dash as written', () => {
    expect(expand('https://h/api?a[]=1&f[name]=x&p=[1-2]')).toEqual(['https://h/api?a[]=1&f[name]=x&p=1', 'https://h/api?a[]=1&f[name]=x&p=2']);
  });

  it('counts without building: a huge pattern is cheap to measure', () => {
    const pattern = patternOf('https://h/[1-1000000]/[1-1000000]/[a-z]');
    expect(pattern.count).toBe(1_000_000 * 1_000_000 * 26);
    expect(() => expandPattern(pattern, 1000)).toThrow(RangeError);
    const overflowing = patternOf(`https://h/${'[1-999999999999999]'.repeat(30)}`);
    expect(overflowing.count).toBe(Infinity);
    expect(() => expandPattern(overflowing, 1000)).toThrow(RangeError);
  });

  it('builds exactly as many links as the cap allows', () => {
    expect(expandPattern(patternOf('https://h/[1-1000]'), 1000)).toHaveLength(1000);
    expect(() => expandPattern(patternOf('https://h/[1-1001]'), 1000)).toThrow(RangeError);
  });
});

describe('malformed patterns', () => {
  it('refuses a range that counts down', () => {
    expect(reasonFor('https://h/[5-1]')).toBe('[5-1] counts down; put the smaller number first ([1-5]).');
    expect(reasonFor('https://h/[z-a]')).toContain('counts down');
  });

  it('refuses a range with a side missing', () => {
    expect(reasonFor('https://h/[1-]')).toBe('[1-] is not a range; write it as [1-10], [001-100], [a-z] or [0-100:10].');
    expect(reasonFor('https://h/[-5]')).toContain('is not a range');
    expect(reasonFor('https://h/[1-5:]')).toContain('is not a range');
    expect(reasonFor('https://h/[1-5:x]')).toContain('is not a range');
    expect(reasonFor('https://h/[1.5-3]')).toContain('is not a range');
    expect(reasonFor('https://h/[aa-zz]')).toContain('is not a range');
  });

  it('refuses a step of 0', () => {
    expect(reasonFor('https://h/[0-100:0]')).toBe('[0-100:0] has a step of 0; a step must be 1 or more.');
    expect(reasonFor('https://h/[0-100:000]')).toContain('step must be 1 or more');
  });

  it('refuses an unclosed group', () => {
    expect(reasonFor('https://h/file[1-3.jpg')).toBe('the "[" at character 15 is never closed with "]".');
    expect(reasonFor('https://h/{a,b')).toBe('the "{" at character 11 is never closed with "}".');
    expect(reasonFor('https://h/x[abc')).toContain('never closed');
  });

  it('refuses groups inside one another', () => {
    expect(reasonFor('https://h/{a[1-2],b}')).toContain('cannot be put inside one another');
    expect(reasonFor('https://h/[1{-}2]')).toContain('cannot be put inside one another');
  });

  it('refuses a mix of numbers and letters, or of cases', () => {
    expect(reasonFor('https://h/[1-z]')).toContain('mixes a number and a letter');
    expect(reasonFor('https://h/[a-Z]')).toContain('mixes lowercase and uppercase');
  });

  it('refuses numbers too long to count exactly', () => {
    expect(reasonFor(`https://h/[1-${'9'.repeat(16)}]`)).toContain('longer than 15 digits');
    expect(reasonFor(`https://h/[1-5:${'9'.repeat(16)}]`)).toContain('step');
  });
});
