import { describe, expect, it } from 'vitest';
import { findLinks, readIncomingLinks } from '../../src/shared/incoming-links';
import { readLinkInput } from '../../src/shared/link-input';

const APP = 'https://app.example/rangefetch/';
const enc = encodeURIComponent;

/** What the page at APP receives when its share target is given these fields (form-encoded, as browsers send a GET). */
function shared(fields: Record<string, string>): string {
  const query = Object.entries(fields)
    .map(([key, value]) => `${key}=${enc(value).replace(/%20/g, '+')}`)
    .join('&');
  return `${APP}?${query}`;
}

function textOf(href: string): string | undefined {
  return readIncomingLinks(href)?.text;
}

describe('readIncomingLinks', () => {
  it('leaves an ordinary visit alone', () => {
    expect(readIncomingLinks(APP)).toBeNull();
    expect(readIncomingLinks(`${APP}?lang=zh-CN#top`)).toBeNull();
    expect(readIncomingLinks(`${APP}#address=x`)).toBeNull();
  });

  it('takes a shared URL and cleans the address of it, keeping other keys as written', () => {
    expect(readIncomingLinks(shared({ 'share-url': 'https://host.example/file.iso' }))).toEqual({
      text: 'https://host.example/file.iso',
      address: APP,
    });
    expect(readIncomingLinks(`${APP}?lang=zh%2DCN&share-url=${enc('https://h.example/a.iso')}&x=a+b#top`)).toEqual({
      text: 'https://h.example/a.iso',
      address: `${APP}?lang=zh%2DCN&x=a+b#top`,
    });
  });

  it('finds the link inside shared text, the way Android shares a page', () => {
    const href = shared({ 'share-title': 'Ubuntu 24.04 LTS', 'share-text': 'Look at this: https://releases.example.com/24.04/ubuntu.iso' });
    expect(textOf(href)).toBe('https://releases.example.com/24.04/ubuntu.iso');
  });

  it('leaves the sentence around a link out, and its punctuation', () => {
    expect(textOf(shared({ 'share-text': 'Get it here (https://h.example/a_(1).iso). Thanks!' }))).toBe('https://h.example/a_(1).iso');
    expect(textOf(shared({ 'share-text': '"https://h.example/q?x=1&y=2", he said.' }))).toBe('https://h.example/q?x=1&y=2');
    expect(textOf(shared({ 'share-text': 'Mirrors: https://a.example/x.iso, https://b.example/x.iso; or <https://c.example/x.iso>!' }))).toBe(
      'https://a.example/x.iso\nhttps://b.example/x.iso\nhttps://c.example/x.iso',
    );
  });

  it('ends a link where Chinese text is glued to it', () => {
    expect(textOf(shared({ 'share-text': '下载地址：https://pan.example.com/s/1abc，提取码：8k2d' }))).toBe('https://pan.example.com/s/1abc');
    expect(textOf(shared({ 'share-text': '链接 https://pan.example.com/s/2xyz 复制这段内容后打开' }))).toBe('https://pan.example.com/s/2xyz');
  });

  it('decodes encoded and double-encoded links, and no further than a link', () => {
    expect(textOf(shared({ 'share-text': enc('https://h.example/a%20b.iso') }))).toBe('https://h.example/a%20b.iso');
    expect(textOf(shared({ 'share-text': `see ${enc(enc('https://h.example/a%20b.iso'))} now` }))).toBe('https://h.example/a%20b.iso');
    expect(textOf(shared({ 'share-url': enc('https://h.example/?u=https%3A%2F%2Fother.example%2F') }))).toBe(
      'https://h.example/?u=https%3A%2F%2Fother.example%2F',
    );
    // A whole encoded sentence: the link ends where the sentence goes on.
    expect(textOf(shared({ 'share-text': enc('grab https://h.example/x.iso tonight.') }))).toBe('https://h.example/x.iso');
  });

  it('dedupes a link shared as the URL and again in the text, keeping order', () => {
    const href = shared({ 'share-url': 'https://h.example/b', 'share-text': 'https://h.example/a and https://h.example/b' });
    expect(textOf(href)).toBe('https://h.example/b\nhttps://h.example/a');
  });

  it('reads a web+rangefetch: link, whether what follows the scheme is encoded or not', () => {
    const plain = 'web+rangefetch:https://h.example/file.iso';
    expect(readIncomingLinks(`${APP}?link=${enc(plain)}`)).toEqual({ text: 'https://h.example/file.iso', address: APP });
    expect(textOf(`${APP}?link=${enc(`web+rangefetch:${enc('https://h.example/a%20b.iso')}`)}`)).toBe('https://h.example/a%20b.iso');
    expect(textOf(`${APP}?link=${enc(enc(plain))}`)).toBe('https://h.example/file.iso');
    // Typed by hand without encoding: the + reads as a space.
    expect(textOf(`${APP}?link=WEB+RANGEFETCH:https://h.example/file.iso`)).toBe('https://h.example/file.iso');
    expect(textOf(`${APP}?link=${enc(`web+rangefetch:${enc('https://h.example/1\nhttps://h.example/2')}`)}`)).toBe(
      'https://h.example/1\nhttps://h.example/2',
    );
  });

  it('reads the bookmarklet fragment, one link per line, with a checksum kept on its line', () => {
    const sum = 'a'.repeat(64);
    const href = `${APP}?lang=en#add=${enc(`https://h.example/1.iso\nhttps://h.example/2.iso sha256=${sum}`)}`;
    expect(readIncomingLinks(href)).toEqual({ text: `https://h.example/1.iso\nhttps://h.example/2.iso sha256=${sum}`, address: `${APP}?lang=en` });
    // A fragment written by hand is taken as it is: its %20 stays a part of the link.
    expect(textOf(`${APP}#add=https://h.example/a%20b.iso`)).toBe('https://h.example/a%20b.iso');
  });

  it('keeps what is meant as a link but is not http(s), so the form says why', () => {
    const ftp = textOf(shared({ 'share-url': 'ftp://h.example/x.iso' }));
    expect(ftp).toBe('ftp://h.example/x.iso');
    expect(readLinkInput(ftp ?? '').errors).toEqual(['Line 1: only http and https links can be downloaded (got ftp:).']);

    const script = textOf(`${APP}#add=${enc('javascript:alert(1)\nhttps://h.example/ok.iso')}`);
    expect(script).toBe('javascript:alert(1)\nhttps://h.example/ok.iso');
    const read = readLinkInput(script ?? '');
    expect(read.errors).toEqual(['Line 1: only http and https links can be downloaded (got javascript:).']);
    expect(read.entries).toEqual([{ url: 'https://h.example/ok.iso' }]);
  });

  it('puts shared text without a link in the field, for the form to refuse plainly', () => {
    const text = textOf(shared({ 'share-title': 'A title', 'share-text': 'Just some words' }));
    expect(text).toBe('Just some words');
    expect(readLinkInput(text ?? '').errors).toEqual(['Line 1: "Just some words" is not a valid link.']);
    expect(textOf(shared({ 'share-title': 'Only a title' }))).toBe('Only a title');
  });

  it('survives junk: empty keys, malformed escapes, a scheme with nothing after it', () => {
    expect(readIncomingLinks(`${APP}?share-url=&share-text=&share-title=`)).toEqual({ text: '', address: APP });
    expect(readIncomingLinks(`${APP}?share-text`)).toEqual({ text: '', address: APP });
    expect(textOf(`${APP}?share-text=%E4%ZZ%2 https%3A%2F%2Fh.example%2Fx%E4.iso`)).toBe('https://h.example/x%E4.iso');
    expect(textOf(`${APP}?share-text=${enc('see https:// and http://.')}`)).toBe('see https:// and http://.');
    expect(textOf(`${APP}#add=`)).toBe('');
  });
});

describe('findLinks', () => {
  it('finds nothing in text without a link', () => {
    expect(findLinks('')).toEqual([]);
    expect(findLinks('http ftp://x.example mailto:a@b.example')).toEqual([]);
  });

  it('keeps brackets a link opened, drops those it did not', () => {
    expect(findLinks('[https://h.example/f[1-3].bin]')).toEqual(['https://h.example/f[1-3].bin']);
    expect(findLinks('(see https://en.wikipedia.org/wiki/Foo_(bar))')).toEqual(['https://en.wikipedia.org/wiki/Foo_(bar)']);
  });

  it('reads a long text in one pass', () => {
    const links = Array.from({ length: 1000 }, (_, i) => `https://h.example/file-${i}.bin`);
    expect(findLinks(links.join(' and then ').repeat(1))).toEqual(links);
  });
});
