import { describe, expect, it } from 'vitest';
import { parseContentDispositionFilename as parse } from '../../src/shared/content-disposition';
import { chooseFileName } from '../../src/shared/file-name';

/** What fetch hands over for a header sent as raw UTF-8: one char per byte. */
function asByteString(text: string): string {
  return String.fromCharCode(...new TextEncoder().encode(text));
}

describe('parseContentDispositionFilename', () => {
  it('handles the RFC 6266 appendix D examples', () => {
    expect(parse('Attachment; filename=example.html')).toBe('example.html');
    expect(parse('INLINE; FILENAME= "an example.html"')).toBe('an example.html');
    expect(parse("attachment; filename*= UTF-8''%e2%82%ac%20rates")).toBe('€ rates');
    expect(parse('attachment; filename="EURO rates"; filename*=utf-8\'\'%e2%82%ac%20rates')).toBe('€ rates');
  });

  it('prefers filename* regardless of parameter order', () => {
    expect(parse("attachment; filename*=UTF-8''%e2%82%ac%20rates.txt; filename=\"EURO rates.txt\"")).toBe('€ rates.txt');
  });

  it('reads filename as a token or a quoted string with escapes', () => {
    expect(parse('attachment; filename=foo.html')).toBe('foo.html');
    expect(parse('attachment; filename="foo.html"')).toBe('foo.html');
    expect(parse('attachment; filename="\\"quoting\\" tested.html"')).toBe('"quoting" tested.html');
    expect(parse('attachment; filename="f\\oo.html"')).toBe('foo.html');
    expect(parse('attachment; filename="Here\'s a semicolon;.html"')).toBe("Here's a semicolon;.html");
    expect(parse('attachment; foo="bar"; filename="foo.html"')).toBe('foo.html');
    expect(parse('attachment; foo="\\"\\\\";filename="foo.html"')).toBe('foo.html');
  });

  it('treats parameter names case-insensitively and tolerates whitespace', () => {
    expect(parse('attachment; FILENAME="foo.html"')).toBe('foo.html');
    expect(parse('attachment ;\tfilename = "foo.html" ')).toBe('foo.html');
    expect(parse("attachment; FILENAME*=UTF-8''foo.html")).toBe('foo.html');
  });

  it('accepts any disposition type, or none', () => {
    expect(parse('inline; filename="foo.pdf"')).toBe('foo.pdf');
    expect(parse('form-data; name="f"; filename="up.bin"')).toBe('up.bin');
    expect(parse('filename="foo.html"')).toBe('foo.html');
  });

  it('uses the first of duplicated parameters', () => {
    expect(parse('attachment; filename="foo.html"; filename="bar.html"')).toBe('foo.html');
  });

  it('does not percent-decode the plain filename', () => {
    expect(parse('attachment; filename="foo-%41.html"')).toBe('foo-%41.html');
  });

  it('decodes ISO-8859-1 and US-ASCII ext-values, with or without a language', () => {
    expect(parse("attachment; filename*=iso-8859-1'en'%A3%20rates")).toBe('£ rates');
    expect(parse("attachment; filename*=ISO-8859-1''foo-%E4.html")).toBe('foo-ä.html');
    expect(parse("attachment; filename*=UTF-8'de'foo-%c3%a4.html")).toBe('foo-ä.html');
    expect(parse("attachment; filename*=us-ascii'en-us'a%20b")).toBe('a b');
  });

  it('keeps percent signs that were themselves encoded', () => {
    expect(parse("attachment; filename*=UTF-8''A-%2541.html")).toBe('A-%41.html');
  });

  it('falls back to filename when filename* is broken', () => {
    expect(parse("attachment; filename*=UTF-8''foo-%c3.html; filename=plain.html")).toBe('plain.html');
    expect(parse("attachment; filename*=UTF-8''foo-%zz.html; filename=plain.html")).toBe('plain.html');
    expect(parse("attachment; filename*=UTF-8''foo-%4; filename=plain.html")).toBe('plain.html');
    expect(parse("attachment; filename*=shift_jis''%82%a0; filename=plain.html")).toBe('plain.html');
    expect(parse("attachment; filename*=''foo.html; filename=plain.html")).toBe('plain.html');
    expect(parse('attachment; filename*=foo.html; filename=plain.html')).toBe('plain.html');
    expect(parse("attachment; filename*=UTF-8''; filename=plain.html")).toBe('plain.html');
    expect(parse("attachment; filename*=us-ascii''%e4; filename=plain.html")).toBe('plain.html');
  });

  it('returns null when a broken filename* has no fallback', () => {
    expect(parse("attachment; filename*=UTF-8''foo-%c3.html")).toBeNull();
  });

  it('reads raw UTF-8 in filename that arrives as a ByteString', () => {
    expect(parse(asByteString('attachment; filename="café.txt"'))).toBe('café.txt');
    expect(parse(asByteString('attachment; filename=日本語.pdf'))).toBe('日本語.pdf');
  });

  it('keeps Latin-1 text that is not valid UTF-8', () => {
    expect(parse('attachment; filename="foo-\u00e4.html"')).toBe('foo-ä.html');
    expect(parse('attachment; filename="\u00c3"')).toBe('Ã');
  });

  it('returns null when there is no file name', () => {
    expect(parse(null)).toBeNull();
    expect(parse('')).toBeNull();
    expect(parse('attachment')).toBeNull();
    expect(parse('inline')).toBeNull();
    expect(parse('attachment; filename=')).toBeNull();
    expect(parse('attachment; filename=""')).toBeNull();
    expect(parse('attachment; name="foo.html"')).toBeNull();
  });

  it('returns the name unsanitized', () => {
    expect(parse('attachment; filename="../../etc/passwd"')).toBe('../../etc/passwd');
    expect(parse("attachment; filename*=UTF-8''%2e%2e%2fx")).toBe('../x');
  });

  it('takes an unterminated quoted string to the end', () => {
    expect(parse('attachment; filename="foo.html')).toBe('foo.html');
  });

  it('decodes a long filename* in every charset without throwing', () => {
    // 200,000 bytes: too many to spread into one String.fromCharCode call.
    const long = 'a'.repeat(200_000);
    expect(parse(`attachment; filename*=iso-8859-1''${long}`)).toBe(long);
    expect(parse(`attachment; filename*=us-ascii''${long}`)).toBe(long);
    expect(parse(`attachment; filename*=UTF-8''${long}`)).toBe(long);
    expect(parse(`attachment; filename*=iso-8859-1''${'%E9'.repeat(80_000)}`)).toBe('\u00e9'.repeat(80_000));
  });

  it('reads a header up to 256 KiB, the most Chromium accepts, and ignores a longer one', () => {
    const prefix = "attachment; filename*=iso-8859-1''";
    const atLimit = prefix + 'b'.repeat(256 * 1024 - prefix.length);
    expect(parse(atLimit)).toHaveLength(256 * 1024 - prefix.length);
    expect(parse(`${atLimit}b`)).toBeNull();
  });

  it('never throws on a multi-megabyte filename*, and the name comes from the URL instead', () => {
    for (const charset of ['iso-8859-1', 'UTF-8', 'us-ascii']) {
      const huge = `attachment; filename="fallback.bin"; filename*=${charset}''${'%41'.repeat(2_000_000)}`;
      expect(parse(huge)).toBeNull();
      expect(chooseFileName(huge, 'https://example.com/real.iso')).toBe('real.iso');
    }
  });
});
