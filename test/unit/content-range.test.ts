import { describe, expect, it } from 'vitest';
import { checkSize, MAX_FILE_SIZE, parseContentLength, parseContentRange } from '../../src/shared/content-range';

describe('parseContentRange', () => {
  it('parses a satisfied range with and without a known total', () => {
    expect(parseContentRange('bytes 0-99/1000')).toEqual({ kind: 'range', start: 0, end: 99, total: 1000 });
    expect(parseContentRange('bytes 500-999/*')).toEqual({ kind: 'range', start: 500, end: 999, total: null });
    expect(parseContentRange('bytes 999-999/1000')).toEqual({ kind: 'range', start: 999, end: 999, total: 1000 });
  });

  it('parses an unsatisfied range', () => {
    expect(parseContentRange('bytes */1000')).toEqual({ kind: 'unsatisfied', total: 1000 });
    expect(parseContentRange('bytes */0')).toEqual({ kind: 'unsatisfied', total: 0 });
  });

  it('accepts any case for the unit and surrounding whitespace', () => {
    expect(parseContentRange('  BYTES 0-0/1 \t')).toEqual({ kind: 'range', start: 0, end: 0, total: 1 });
    expect(parseContentRange('Bytes */5')).toEqual({ kind: 'unsatisfied', total: 5 });
  });

  it('accepts the largest safe integer but nothing beyond', () => {
    const max = Number.MAX_SAFE_INTEGER;
    expect(parseContentRange(`bytes 0-${max - 1}/${max}`)).toEqual({ kind: 'range', start: 0, end: max - 1, total: max });
    expect(parseContentRange(`bytes 0-1/${max + 1}`)).toBeNull();
    expect(parseContentRange('bytes 0-1/99999999999999999999')).toBeNull();
  });

  it.each([
    null,
    '',
    'bytes',
    'bytes 0-99',
    'bytes 0-99/',
    'bytes -1-99/100',
    'bytes 0--99/100',
    'bytes 10-5/100',
    'bytes 0-100/100',
    'bytes 0-99/50',
    'bytes 0x10-99/100',
    'bytes 1e2-200/300',
    'bytes 0.5-99/100',
    'bytes 0-99/-100',
    'bytes */*',
    'bytes */',
    'items 0-99/1000',
    'bytes=0-99/1000',
    'bytes0-99/1000',
    'bytes 0-99/1000, bytes 100-199/1000',
    'bytes ０-99/1000',
  ])('rejects %j', (header) => {
    expect(parseContentRange(header)).toBeNull();
  });
});

describe('parseContentLength', () => {
  it('parses plain digits', () => {
    expect(parseContentLength('0')).toBe(0);
    expect(parseContentLength(' 12345 ')).toBe(12345);
    expect(parseContentLength(String(Number.MAX_SAFE_INTEGER))).toBe(Number.MAX_SAFE_INTEGER);
  });

  it('accepts identical duplicates but not differing ones', () => {
    expect(parseContentLength('5, 5')).toBe(5);
    expect(parseContentLength('5,5,5')).toBe(5);
    expect(parseContentLength('5, 6')).toBeNull();
  });

  it.each([null, '', ' ', '-1', '+5', '1.5', '1e3', '0x10', 'abc', '5,', ',5', '5 5', String(2 ** 53)])(
    'rejects %j',
    (header) => {
      expect(parseContentLength(header)).toBeNull();
    },
  );
});

describe('checkSize', () => {
  it('accepts sizes up to 128 TiB, and refuses one byte more', () => {
    const tebibyte = 2 ** 40;
    expect(checkSize(0)).toBeNull();
    expect(checkSize(5 * 2 ** 30)).toBeNull();
    expect(checkSize(128 * tebibyte)).toBeNull();
    expect(checkSize(128 * tebibyte + 1)).toMatch(/more than the 128 TiB this app can handle/);
  });

  it('accepts MAX_FILE_SIZE itself and refuses anything over it', () => {
    expect(checkSize(MAX_FILE_SIZE)).toBeNull();
    expect(checkSize(MAX_FILE_SIZE + 1)).not.toBeNull();
  });

  it('explains absurd or impossible sizes', () => {
    expect(checkSize(MAX_FILE_SIZE + 1)).toMatch(/128 TiB/);
    expect(checkSize(2 ** 52)).toMatch(/more than/);
    expect(checkSize(-1)).toMatch(/impossible/);
    expect(checkSize(1.5)).toMatch(/impossible/);
    expect(checkSize(Number.NaN)).toMatch(/impossible/);
  });
});
