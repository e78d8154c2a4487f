import { describe, expect, it } from 'vitest';
import { looksLikeMetalink, parseMetalink } from '../../src/shared/metalink';

const HASH = 'e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855';

const META4 = `<?xml version="1.0" encoding="UTF-8"?>
<!-- a comment -->
<metalink xmlns="urn:ietf:params:xml:ns:metalink">
  <published>2026-01-01T00:00:00Z</published>
  <file name="example.iso">
    <size>14471447</size>
    <hash type="sha-1">a97fcf6ba9358f8a6f62beee4421863d3e52b080</hash>
    <hash type="sha-256">${HASH.toUpperCase()}</hash>
    <url location="de" priority="2">https://two.example/example.iso</url>
    <url location="us" priority="1">https://one.example/example.iso?a=1&amp;b=2</url>
    <url priority="3">ftp://ftp.example/example.iso</url>
    <metaurl mediatype="torrent" priority="1">https://one.example/example.iso.torrent</metaurl>
  </file>
  <file name="dir/second &amp; last.bin">
    <url>https://one.example/second.bin</url>
  </file>
</metalink>`;

describe('parseMetalink', () => {
  it('reads RFC 5854 files: links by priority (http and https only), name, sha-256', () => {
    expect(parseMetalink(META4)).toEqual({
      entries: [
        { url: 'https://one.example/example.iso?a=1&b=2', mirrors: ['https://two.example/example.iso'], name: 'example.iso', sha256: HASH },
        { url: 'https://one.example/second.bin', name: 'second & last.bin' },
      ],
      errors: [],
    });
  });

  it('reads the older 3.0 format: files, resources, preference, verification', () => {
    const v3 = `<?xml version="1.0"?><metalink version="3.0" xmlns="http://www.metalinker.org/"><files>
      <file name="old.tar.gz"><verification><hash type="sha256">${HASH}</hash></verification>
      <resources><url type="http" preference="10">http://slow.example/old.tar.gz</url><url type="http" preference="100">http://fast.example/old.tar.gz</url></resources></file>
    </files></metalink>`;
    expect(parseMetalink(v3).entries).toEqual([{ url: 'http://fast.example/old.tar.gz', mirrors: ['http://slow.example/old.tar.gz'], name: 'old.tar.gz', sha256: HASH }]);
  });

  it('accepts a namespace prefix and CDATA', () => {
    const text = `<m:metalink xmlns:m="urn:ietf:params:xml:ns:metalink"><m:file name="a.bin"><m:url><![CDATA[https://a.example/a.bin]]></m:url></m:file></m:metalink>`;
    expect(parseMetalink(text).entries).toEqual([{ url: 'https://a.example/a.bin', name: 'a.bin' }]);
  });

  it('skips a file with no usable link or a bad hash, keeping the others, and says why', () => {
    const text = `<metalink xmlns="urn:ietf:params:xml:ns:metalink">
      <file name="ftp-only.bin"><url>ftp://x.example/f</url></file>
      <file name="bad-hash.bin"><hash type="sha-256">xyz</hash><url>https://x.example/g</url></file>
      <file name="good.bin"><url>https://x.example/h</url></file></metalink>`;
    const parsed = parseMetalink(text);
    expect(parsed.entries).toEqual([{ url: 'https://x.example/h', name: 'good.bin' }]);
    expect(parsed.errors).toEqual(['“ftp-only.bin”: no http or https link to download it from.', '“bad-hash.bin”: its sha-256 hash is not 64 hexadecimal digits.']);
  });

  it('refuses what is not a Metalink, broken XML, and DOCTYPE (no entity expansion)', () => {
    const refused = { entries: [], errors: ['This is not a Metalink file.'] };
    expect(parseMetalink('https://a.example/f')).toEqual(refused);
    expect(parseMetalink('<metalink><file name="a"><url>https://a.example/</url></metalink>')).toEqual(refused);
    expect(parseMetalink('<?xml version="1.0"?><!DOCTYPE x [<!ENTITY a "aaaa">]><metalink><file name="a"><url>https://a.example/&a;</url></file></metalink>')).toEqual(refused);
    expect(parseMetalink('<html><body>hi</body></html>')).toEqual(refused);
    expect(parseMetalink('<metalink xmlns="urn:ietf:params:xml:ns:metalink"></metalink>').errors).toEqual(['This Metalink lists no files.']);
  });

  it('stays fast on hostile input', () => {
    const started = performance.now();
    parseMetalink(`<metalink>${'<file name="a'.repeat(100_000)}`);
    parseMetalink(`<metalink><file name="a">${'<url priority="1">https://a.example/</url>'.repeat(20_000)}</file></metalink>`);
    expect(performance.now() - started).toBeLessThan(2_000);
  });
});

describe('looksLikeMetalink', () => {
  it('by ending or by its first element', () => {
    expect(looksLikeMetalink('x.meta4', '')).toBe(true);
    expect(looksLikeMetalink('x.METALINK', '')).toBe(true);
    expect(looksLikeMetalink('list.txt', '<?xml version="1.0"?>\n<metalink xmlns="urn:ietf:params:xml:ns:metalink">')).toBe(true);
    expect(looksLikeMetalink('list.txt', 'https://a.example/f')).toBe(false);
  });
});
