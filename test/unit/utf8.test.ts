import { describe, expect, it } from 'vitest';
import { decodeUtf8, truncateUtf8, utf8ByteLength } from '../../src/shared/utf8';

describe('decodeUtf8', () => {
  it('decodes one- to four-byte sequences', () => {
    expect(decodeUtf8([0x61, 0xc3, 0xa9, 0xe2, 0x82, 0xac, 0xf0, 0x9f, 0x98, 0x80])).toBe('aé€😀');
    expect(decodeUtf8([])).toBe('');
  });

  it('rejects overlong forms, surrogates, out-of-range and truncated sequences', () => {
    expect(decodeUtf8([0xc0, 0xaf])).toBeNull(); // overlong "/"
    expect(decodeUtf8([0xe0, 0x80, 0xaf])).toBeNull(); // overlong "/"
    expect(decodeUtf8([0xed, 0xa0, 0x80])).toBeNull(); // U+D800
    expect(decodeUtf8([0xf4, 0x90, 0x80, 0x80])).toBeNull(); // U+110000
    expect(decodeUtf8([0xe2, 0x82])).toBeNull();
    expect(decodeUtf8([0xa9])).toBeNull();
    expect(decodeUtf8([0xc3, 0x28])).toBeNull();
  });
});

describe('utf8ByteLength and truncateUtf8', () => {
  it('counts bytes per code point', () => {
    expect(utf8ByteLength('aé€😀')).toBe(1 + 2 + 3 + 4);
  });

  it('never cuts inside a code point', () => {
    expect(truncateUtf8('a😀b', 4)).toBe('a');
    expect(truncateUtf8('a😀b', 5)).toBe('a😀');
    expect(truncateUtf8('€€', 5)).toBe('€');
    expect(truncateUtf8('abc', 10)).toBe('abc');
  });
});
