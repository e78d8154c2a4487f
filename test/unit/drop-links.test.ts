import { describe, expect, it } from 'vitest';
import { en } from '../../src/ui/i18n/en';
import { appendLines, FROM_PAGE_TYPE, isAcceptedDrag, isTextFile, linksOfUriList, MAX_DROPPED_FILE_BYTES, readDroppedText } from '../../src/ui/drop-links';

const none = { files: [], uriList: '', plain: '' };

describe('drop-links helpers', () => {
  it('accepts files, links and text, and nothing else', () => {
    expect(isAcceptedDrag(['Files'])).toBe(true);
    expect(isAcceptedDrag(['text/uri-list', 'text/plain'])).toBe(true);
    expect(isAcceptedDrag(['text/plain'])).toBe(true);
    expect(isAcceptedDrag(['text/html'])).toBe(false);
    expect(isAcceptedDrag([])).toBe(false);
    // Dragged from the page itself: the bookmarklet on its way to the bookmarks bar.
    expect(isAcceptedDrag(['text/uri-list', 'text/plain', 'text/html', FROM_PAGE_TYPE])).toBe(false);
  });

  it('reads .txt names and text/plain types as text files', () => {
    expect(isTextFile({ name: 'links.TXT', type: '' })).toBe(true);
    expect(isTextFile({ name: 'links', type: 'text/plain' })).toBe(true);
    expect(isTextFile({ name: 'photo.png', type: 'image/png' })).toBe(false);
  });

  it('drops the comments of a uri-list', () => {
    expect(linksOfUriList('# from the browser\r\nhttps://a/x\r\n\r\nhttps://b/y\r\n')).toBe('https://a/x\nhttps://b/y');
  });

  it('appends on a new line without blank lines at the join', () => {
    expect(appendLines('', 'https://a/x\n')).toBe('https://a/x');
    expect(appendLines('https://a/x\n\n', '\nhttps://b/y')).toBe('https://a/x\nhttps://b/y');
    expect(appendLines('https://a/x', '   ')).toBe('https://a/x');
  });

  it('reads text files first, then a uri-list, then plain text', async () => {
    const file = new File(['https://a/1\nhttps://a/2\n'], 'links.txt', { type: '' });
    expect(await readDroppedText({ files: [file], uriList: 'file:///tmp/links.txt', plain: '' }, en)).toEqual({ text: 'https://a/1\nhttps://a/2' });
    expect(await readDroppedText({ ...none, uriList: '#c\nhttps://a/3', plain: 'https://a/3' }, en)).toEqual({ text: 'https://a/3' });
    expect(await readDroppedText({ ...none, plain: 'https://a/4' }, en)).toEqual({ text: 'https://a/4' });
  });

  it('reads a dropped Metalink as lines of TAB-separated mirrors with their checksum', async () => {
    const hash = 'ab'.repeat(32);
    const meta4 = `<metalink xmlns="urn:ietf:params:xml:ns:metalink"><file name="f.iso"><hash type="sha-256">${hash}</hash>
      <url priority="2">https://b.example/f.iso</url><url priority="1">https://a.example/f.iso</url></file></metalink>`;
    const file = new File([meta4], 'f.meta4', { type: '' });
    expect(isTextFile(file)).toBe(true);
    expect(await readDroppedText({ ...none, files: [file] }, en)).toEqual({ text: `https://a.example/f.iso\thttps://b.example/f.iso sha256=${hash}` });
    const empty = new File(['<metalink></metalink>'], 'empty.meta4');
    expect(await readDroppedText({ ...none, files: [empty] }, en)).toEqual({ problem: 'empty.meta4: This Metalink lists no files.' });
  });

  it('refuses a file that is not text, or too large', async () => {
    const image = new File([new Uint8Array(4)], 'photo.png', { type: 'image/png' });
    expect(await readDroppedText({ ...none, files: [image] }, en)).toEqual({ problem: 'Only a text file (.txt) with one link per line, or a Metalink (.meta4), can be dropped here.' });
    const big = new File([new Uint8Array(MAX_DROPPED_FILE_BYTES + 1)], 'big.txt');
    expect(await readDroppedText({ ...none, files: [big] }, en)).toEqual({ problem: 'big.txt is larger than 1 MiB; a list of links is much smaller.' });
  });
});
