import { createHash, randomBytes } from 'node:crypto';
import { deflateSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import type { ListItem } from '../../src/shared/aria2-list';
import {
  fitsQrCode,
  fromBase64Url,
  LIST_FRAGMENT,
  MAX_SHARED_LIST_BYTES,
  QR_MAX_BYTES,
  readListFragment,
  shareLinkOf,
  shareListText,
  toBase64Url,
} from '../../src/shared/share-list';
import { decodeShareList, encodeShareList } from '../../src/ui/share-codec';

const APP = 'https://rangefetch.example/';
const sha = (text: string): string => createHash('sha256').update(text).digest('hex');

/** Files of a data set, as a research group would share them: one server, numbered names, each with its SHA-256. */
function dataSet(count: number, withChecksums = true): ListItem[] {
  return Array.from({ length: count }, (_, i) => {
    const name = `climate-model-run-${String(i + 1).padStart(3, '0')}.nc`;
    const item: ListItem = { url: `https://data.example.org/datasets/2026/ensemble/${name}`, name };
    if (withChecksums) item.sha256 = sha(name);
    return item;
  });
}

async function linkOf(items: readonly ListItem[]): Promise<string> {
  return shareLinkOf(APP, await encodeShareList(items));
}

describe('base64url', () => {
  it('writes what Node writes, without padding, and reads it back, for every length of a group', () => {
    for (let length = 0; length <= 10; length++) {
      const bytes = new Uint8Array(randomBytes(length));
      const text = toBase64Url(bytes);
      expect(text).toBe(Buffer.from(bytes).toString('base64url'));
      expect(fromBase64Url(text)).toEqual(bytes);
    }
    expect(fromBase64Url('-_8=')).toEqual(new Uint8Array([0xfb, 0xff]));
  });

  it('refuses a character outside the alphabet and a length no encoding gives', () => {
    expect(fromBase64Url('ab+/')).toBeNull();
    expect(fromBase64Url('ab%2F')).toBeNull();
    expect(fromBase64Url('abcde')).toBeNull();
  });
});

describe('the share link', () => {
  it('is the page address with no query or fragment, then #list=', () => {
    expect(shareLinkOf('https://a.example/app/?x=1#add=y', 'PAYLOAD')).toBe('https://a.example/app/#list=PAYLOAD');
    expect(shareLinkOf('http://127.0.0.1:5173/', 'P')).toBe('http://127.0.0.1:5173/#list=P');
  });

  it('is read back from an address, and punctuation a chat app put after it is left off', () => {
    expect(readListFragment('https://a.example/app/?q=1#list=abc_-9')).toEqual({ payload: 'abc_-9', address: 'https://a.example/app/?q=1' });
    expect(readListFragment('https://a.example/#list=abc).')?.payload).toBe('abc');
    expect(readListFragment('https://a.example/#add=https://x/y')).toBeNull();
    expect(readListFragment('https://a.example/list=abc')).toBeNull();
  });

  it('carries the aria2 list without its opening comment', () => {
    expect(shareListText([{ url: 'https://x.example/a b.iso', name: 'a b.iso', sha256: sha('a') }])).toBe(
      `https://x.example/a b.iso\n  out=a b.iso\n  checksum=sha-256=${sha('a')}\n`,
    );
  });

  it('knows what a QR code holds', () => {
    expect(fitsQrCode('h'.repeat(QR_MAX_BYTES))).toBe(true);
    expect(fitsQrCode('h'.repeat(QR_MAX_BYTES + 1))).toBe(false);
  });
});

describe('encodeShareList and decodeShareList', () => {
  it('bring back every link with its name and checksum, in order', async () => {
    const items: ListItem[] = [
      { url: 'https://example.com/a.iso', name: 'Ünïcödé café 日本語.iso', sha256: sha('x') },
      { url: 'https://example.com/b.zip?token=1&x=%20' },
      { url: 'http://example.net/c', name: 'c (1).bin' },
    ];
    const payload = await encodeShareList(items);
    expect(payload).toMatch(/^[A-Za-z0-9_-]+$/);
    expect(await decodeShareList(payload)).toEqual({ ok: true, entries: items, errors: [], skipped: 0 });
  });

  it('say a link cut short, changed, or not one of theirs is damaged', async () => {
    const payload = await encodeShareList(dataSet(5));
    for (const bad of [payload.slice(0, -1), payload.slice(0, -6), payload.slice(0, payload.length / 2), '', 'not*base64', 'AAAA']) {
      expect(await decodeShareList(bad), bad).toEqual({ ok: false, problem: 'damaged' });
    }
    // One character changed in the middle: the zlib checksum no longer matches (or the stream breaks).
    const at = Math.floor(payload.length / 2);
    const flipped = `${payload.slice(0, at)}${payload[at] === 'A' ? 'B' : 'A'}${payload.slice(at + 1)}`;
    expect(await decodeShareList(flipped)).toEqual({ ok: false, problem: 'damaged' });
    // Compressed bytes that are not UTF-8 text.
    expect(await decodeShareList(toBase64Url(deflateSync(Buffer.from([0xff, 0xfe, 0x00]))))).toEqual({ ok: false, problem: 'damaged' });
  });

  it('stop reading a small link that inflates past the bound', async () => {
    const bomb = deflateSync(Buffer.alloc(MAX_SHARED_LIST_BYTES + 1, 'a'), { level: 9 });
    expect(bomb.length).toBeLessThan(20_000);
    expect(await decodeShareList(toBase64Url(bomb))).toEqual({ ok: false, problem: 'too-big' });
  });

  it('say an empty list is empty, and report lines that are not links as Import list does', async () => {
    expect(await decodeShareList(toBase64Url(deflateSync('\n# nothing\n')))).toEqual({ ok: false, problem: 'empty' });
    const mixed = await decodeShareList(toBase64Url(deflateSync('ftp://x.example/a\nhttps://x.example/b\n')));
    expect(mixed).toEqual({ ok: true, entries: [{ url: 'https://x.example/b' }], errors: [expect.stringMatching(/^Line 1: only http and https/)], skipped: 1 });
  });
});

describe('share link lengths (the figures in the README)', () => {
  it('two links with names and checksums fit in a few hundred characters, and in a QR code', async () => {
    const link = await linkOf(dataSet(2));
    expect(link.length).toBeLessThan(320);
    expect(fitsQrCode(link)).toBe(true);
    expect(link.startsWith(`${APP}${LIST_FRAGMENT}`)).toBe(true);
  });

  it('a hundred links: under 6,000 characters with checksums, under 1,000 without', async () => {
    const full = await linkOf(dataSet(100));
    const bare = await linkOf(dataSet(100, false));
    // A checksum is 32 bytes no compression can shrink: 100 of them alone are 4,267 base64 characters.
    expect(full.length).toBeGreaterThan(4267);
    expect(full.length).toBeLessThan(6000);
    expect(fitsQrCode(full)).toBe(false);
    expect(bare.length).toBeLessThan(1000);
    expect(fitsQrCode(bare)).toBe(true);
    const back = await decodeShareList(full.slice(full.indexOf(LIST_FRAGMENT) + LIST_FRAGMENT.length));
    expect(back).toEqual({ ok: true, entries: dataSet(100), errors: [], skipped: 0 });
  });
});
