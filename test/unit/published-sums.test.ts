import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import {
  checksumFor,
  decodeBase64,
  digestOfHeaders,
  isChecksumSource,
  parseSums,
  planSidecars,
  sha256OfDigest,
  sha256OfReprDigest,
} from '../../src/shared/published-sums';

const A = 'a'.repeat(64);
const B = 'b'.repeat(64);
const HELLO = createHash('sha256').update('hello').digest();
const HELLO_HEX = HELLO.toString('hex');
const HELLO_B64 = HELLO.toString('base64');

describe('planSidecars', () => {
  it('looks in the link’s folder, without its query, and beside the file', () => {
    const plan = planSidecars('https://example.org:8443/pub/ubuntu%20x/disk%201.iso?token=abc#frag');
    expect(plan).toEqual({
      folder: 'https://example.org:8443/pub/ubuntu%20x/',
      host: 'example.org:8443',
      fileName: 'disk 1.iso',
      lists: [
        { url: 'https://example.org:8443/pub/ubuntu%20x/SHA256SUMS', name: 'SHA256SUMS', kind: 'list' },
        { url: 'https://example.org:8443/pub/ubuntu%20x/sha256sums.txt', name: 'sha256sums.txt', kind: 'list' },
      ],
      singles: [
        { url: 'https://example.org:8443/pub/ubuntu%20x/disk%201.iso.sha256', name: 'disk 1.iso.sha256', kind: 'single' },
        { url: 'https://example.org:8443/pub/ubuntu%20x/disk%201.iso.sha256sum', name: 'disk 1.iso.sha256sum', kind: 'single' },
      ],
    });
  });

  it('finds nothing to look for without a file name, or for a checksum file itself', () => {
    expect(planSidecars('https://example.org/pub/')).toBeNull();
    expect(planSidecars('https://example.org')).toBeNull();
    expect(planSidecars('https://example.org/pub/SHA256SUMS')).toBeNull();
    expect(planSidecars('https://example.org/pub/a.iso.SHA256')).toBeNull();
    expect(planSidecars('https://example.org/%E0%A4%A')).toBeNull();
    expect(planSidecars('not a link')).toBeNull();
  });
});

describe('parseSums', () => {
  it('reads GNU text and binary lines, BSD tagged lines and a bare checksum, and passes over the rest', () => {
    const text = [
      '# made by sha256sum',
      `${A.toUpperCase()}  ubuntu.iso`,
      `${B} *ubuntu.iso.zsync\r`,
      `SHA256 (other file.tar.gz) = ${A}`,
      `SHA-256 (dashed.tar.gz)= ${B}`,
      `SHA512 (skipped.tar.gz) = ${'c'.repeat(128)}`,
      `${'d'.repeat(40)}  sha1-line`,
      '-----BEGIN PGP SIGNATURE-----',
      '',
      B,
    ].join('\n');
    expect(parseSums(text)).toEqual([
      { name: 'ubuntu.iso', sha256: A },
      { name: 'ubuntu.iso.zsync', sha256: B },
      { name: 'other file.tar.gz', sha256: A },
      { name: 'dashed.tar.gz', sha256: B },
      { name: null, sha256: B },
    ]);
  });

  it('unescapes the names of GNU lines that start with a backslash', () => {
    expect(parseSums(`\\${A}  a\\\\b\\nc`)).toEqual([{ name: 'a\\b\nc', sha256: A }]);
  });

  it('keeps spaces inside names', () => {
    expect(parseSums(`${A}  my file .iso`)).toEqual([{ name: 'my file .iso', sha256: A }]);
  });
});

describe('checksumFor', () => {
  it('takes the entry that names the file, also as ./name, over one whose path only ends in it', () => {
    const list = `${A}  sub/x.iso\n${B}  ./x.iso\n${A}  y.iso\n`;
    expect(checksumFor(list, 'x.iso', 'list')).toBe(B);
    expect(checksumFor(list, 'y.iso', 'list')).toBe(A);
    expect(checksumFor(`${A}  sub/x.iso\n`, 'x.iso', 'list')).toBe(A);
  });

  it('finds nothing when the file is not named, or named with two different checksums', () => {
    expect(checksumFor(`${A}  other.iso`, 'x.iso', 'list')).toBeNull();
    expect(checksumFor(`${A}  a/x.iso\n${B}  b/x.iso`, 'x.iso', 'list')).toBeNull();
    expect(checksumFor(`${A}  x.iso\n${A}  x.iso`, 'x.iso', 'list')).toBe(A);
    expect(checksumFor('', 'x.iso', 'list')).toBeNull();
    expect(checksumFor('<html>Not found</html>', 'x.iso', 'list')).toBeNull();
  });

  it('takes a bare checksum only from the file’s own checksum file', () => {
    expect(checksumFor(`${A}\n`, 'x.iso', 'single')).toBe(A);
    expect(checksumFor(`${A}\n`, 'x.iso', 'list')).toBeNull();
    expect(checksumFor(`${A} *x.iso\n`, 'x.iso', 'single')).toBe(A);
    expect(checksumFor(`${A}  y.iso\n`, 'x.iso', 'single')).toBeNull();
  });
});

describe('digest headers', () => {
  it('reads base64 as Node writes it', () => {
    expect(Buffer.from(decodeBase64(HELLO_B64) ?? []).toString('hex')).toBe(HELLO_HEX);
    expect(Buffer.from(decodeBase64('YQ') ?? []).toString()).toBe('a');
    expect(decodeBase64('a')).toBeNull();
    expect(decodeBase64('ab$=')).toBeNull();
  });

  it('reads the sha-256 of a Repr-Digest among other algorithms and parameters', () => {
    expect(sha256OfReprDigest(`sha-256=:${HELLO_B64}:`)).toBe(HELLO_HEX);
    expect(sha256OfReprDigest(`sha-512=:${Buffer.alloc(64).toString('base64')}:, sha-256=:${HELLO_B64}:;x=1`)).toBe(HELLO_HEX);
    expect(sha256OfReprDigest('sha-512=:AAAA:')).toBeNull();
    // Structured-field keys are lowercase: SHA-256 is another key.
    expect(sha256OfReprDigest(`SHA-256=:${HELLO_B64}:`)).toBeNull();
    // Not 32 bytes, or not a byte sequence at all.
    expect(sha256OfReprDigest('sha-256=:AAAA:')).toBeNull();
    expect(sha256OfReprDigest(`sha-256=${HELLO_B64}`)).toBeNull();
    expect(sha256OfReprDigest(null)).toBeNull();
  });

  it('reads the SHA-256 of an RFC 3230 Digest in any case', () => {
    expect(sha256OfDigest(`MD5=abc==, SHA-256=${HELLO_B64}`)).toBe(HELLO_HEX);
    expect(sha256OfDigest(`sha-256=${HELLO_B64}`)).toBe(HELLO_HEX);
    expect(sha256OfDigest('SHA-256=AAAA')).toBeNull();
    expect(sha256OfDigest(null)).toBeNull();
  });

  it('prefers Repr-Digest to Digest and says which header it came from', () => {
    const headers = new Map([
      ['Repr-Digest', `sha-256=:${HELLO_B64}:`],
      ['Digest', `SHA-256=${Buffer.alloc(32).toString('base64')}`],
    ]);
    const get = (name: string) => headers.get(name) ?? null;
    expect(digestOfHeaders(get, 'example.org')).toEqual({ sha256: HELLO_HEX, source: { kind: 'header', name: 'Repr-Digest', host: 'example.org' } });
    headers.delete('Repr-Digest');
    expect(digestOfHeaders(get, 'example.org')?.source.name).toBe('Digest');
    headers.delete('Digest');
    expect(digestOfHeaders(get, 'example.org')).toBeNull();
  });
});

describe('isChecksumSource', () => {
  it('accepts what is stored and refuses anything else', () => {
    expect(isChecksumSource({ kind: 'file', name: 'SHA256SUMS', host: 'example.org' })).toBe(true);
    expect(isChecksumSource({ kind: 'header', name: 'Repr-Digest', host: 'example.org' })).toBe(true);
    expect(isChecksumSource({ kind: 'other', name: 'x', host: 'h' })).toBe(false);
    expect(isChecksumSource({ kind: 'file', name: '', host: 'h' })).toBe(false);
    expect(isChecksumSource(null)).toBe(false);
  });
});
