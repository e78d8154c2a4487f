import { describe, expect, it } from 'vitest';
import { formatAria2List, listItemsOf, MAX_LIST_ENTRIES, parseAria2List, zipEntriesLeftOut, type ListItem } from '../../src/shared/aria2-list';
import { chooseFileName, sanitizeFileName } from '../../src/shared/file-name';
import { newJobRecord } from '../../src/worker/storage/job-record';
import { checkJobRecord } from '../../src/worker/storage/record-check';
import { jobView } from './job-view-fixture';

const HASH = 'E3B0C44298FC1C149AFBF4C8996FB92427AE41E4649B934CA495991B7852B855';
const hash = HASH.toLowerCase();
const OTHER = 'a'.repeat(64);

describe('formatAria2List', () => {
  it('writes one link line per download with its options indented below it', () => {
    const text = formatAria2List([
      { url: 'https://example.com/a.iso', name: 'My file.iso', sha256: HASH },
      { url: 'https://example.com/b.zip' },
      { url: 'https://example.com/c', name: 'c.bin' },
    ]);
    const lines = text.split('\n');
    expect(lines[0]).toMatch(/^# /);
    expect(lines.slice(1)).toEqual([
      'https://example.com/a.iso',
      '  out=My file.iso',
      `  checksum=sha-256=${hash}`,
      'https://example.com/b.zip',
      'https://example.com/c',
      '  out=c.bin',
      '',
    ]);
  });

  it('writes only the comment for an empty list, and reads back as no downloads', () => {
    const text = formatAria2List([]);
    expect(text.split('\n').filter((l) => l !== '' && !l.startsWith('#'))).toEqual([]);
    expect(parseAria2List(text)).toEqual({ entries: [], errors: [], skipped: 0 });
  });

  it('never lets a name break its option line', () => {
    const text = formatAria2List([{ url: 'https://example.com/a', name: 'a\nhttps://evil.example/x\tb' }]);
    expect(parseAria2List(text).entries).toEqual([{ url: 'https://example.com/a', name: 'a https___evil.example_x b' }]);
  });
});

describe('parseAria2List', () => {
  it('reads a plain list: one link per line, blank lines and # comments ignored', () => {
    const text = '# my list\n\nhttps://example.com/a.iso\r\n   \n#https://example.com/commented\nhttp://example.org/b.zip\n';
    expect(parseAria2List(text)).toEqual({
      entries: [{ url: 'https://example.com/a.iso' }, { url: 'http://example.org/b.zip' }],
      errors: [],
      skipped: 0,
    });
  });

  it('accepts the paste box’s `sha256=` after a link', () => {
    expect(parseAria2List(`https://example.com/a sha256=${HASH}`).entries).toEqual([{ url: 'https://example.com/a', sha256: hash }]);
  });

  it('reads out= and checksum=sha-256= options, with any white space before them', () => {
    const text = `https://example.com/a\n  out=Report 2024.pdf\n\tchecksum=sha-256=${HASH}\n https://example.com/b\n`;
    // The indented link is a link, not an option of the one above it.
    expect(parseAria2List(text).entries).toEqual([
      { url: 'https://example.com/a', name: 'Report 2024.pdf', sha256: hash },
      { url: 'https://example.com/b' },
    ]);
  });

  it('takes the sha-256 type and digest in any case and stores the digest lowercase', () => {
    expect(parseAria2List(`https://example.com/a\n checksum=SHA-256=${HASH}`).entries).toEqual([{ url: 'https://example.com/a', sha256: hash }]);
    expect(parseAria2List(`https://example.com/a\n checksum=sha-256=${hash}`).entries).toEqual([{ url: 'https://example.com/a', sha256: hash }]);
  });

  it('ignores checksums of other kinds, keeping the download', () => {
    const text = 'https://example.com/a\n checksum=md5=0123456789abcdef0123456789abcdef\n checksum=sha-1=0123456789abcdef0123456789abcdef01234567';
    expect(parseAria2List(text)).toEqual({ entries: [{ url: 'https://example.com/a' }], errors: [], skipped: 0 });
  });

  it('skips a download whose sha-256 is not 64 hex digits, and says which line', () => {
    const text = `https://example.com/a\n checksum=sha-256=xyz\nhttps://example.com/b\n checksum=sha-256=${HASH}00`;
    const result = parseAria2List(text);
    expect(result.entries).toEqual([]);
    expect(result.skipped).toBe(2);
    expect(result.errors[0]).toMatch(/^Line 2: a sha-256 checksum must be 64 hexadecimal digits \(got "xyz"\); the link on line 1 was skipped\.$/);
    expect(result.errors[1]).toMatch(/^Line 4:/);
  });

  it('skips a link given two different checksums', () => {
    const result = parseAria2List(`https://example.com/a sha256=${HASH}\n checksum=sha-256=${OTHER}\nhttps://example.com/b`);
    expect(result.entries).toEqual([{ url: 'https://example.com/b' }]);
    expect(result.errors).toEqual(['Line 2: the link on line 1 was given two different checksums; it was skipped.']);
  });

  it('ignores unknown options and option lines without a value', () => {
    const text = 'https://example.com/a\n  dir=/tmp/x\n  split=5\n  max-connection-per-server=4\n  header=Cookie: a=b\n  nonsense\n  =x\n  out=a.bin';
    expect(parseAria2List(text)).toEqual({ entries: [{ url: 'https://example.com/a', name: 'a.bin' }], errors: [], skipped: 0 });
  });

  it('reads TAB-separated links as one file: the first its link, the others its mirrors', () => {
    const text = 'https://one.example/f.iso\thttps://two.example/f.iso\thttps://three.example/f.iso\n  out=f.iso';
    expect(parseAria2List(text).entries).toEqual([
      { url: 'https://one.example/f.iso', name: 'f.iso', mirrors: ['https://two.example/f.iso', 'https://three.example/f.iso'] },
    ]);
  });

  it('writes a job’s mirrors after its link, separated by TABs, and reads them back', () => {
    const items: ListItem[] = [{ url: 'https://one.example/f.iso', mirrors: ['https://two.example/f.iso'], sha256: HASH }];
    const text = formatAria2List(items);
    expect(text).toContain('https://one.example/f.iso\thttps://two.example/f.iso\n');
    expect(parseAria2List(text).entries).toEqual([{ url: 'https://one.example/f.iso', mirrors: ['https://two.example/f.iso'], sha256: HASH.toLowerCase() }]);
  });

  it('skips a mirror line with a bad link, naming the line', () => {
    const parsed = parseAria2List('https://one.example/f.iso\tftp://two.example/f.iso\nhttps://ok.example/g');
    expect(parsed.entries).toEqual([{ url: 'https://ok.example/g' }]);
    expect(parsed.errors[0]).toMatch(/^Line 1: only http and https links/);
  });

  it('keeps only the file name of an out= path, sanitized', () => {
    const names = (out: string) => parseAria2List(`https://example.com/x\n  out=${out}`).entries[0]?.name;
    expect(names('sub/dir/file.bin')).toBe('file.bin');
    expect(names('C:\\Users\\me\\file.bin')).toBe('file.bin');
    expect(names('../../etc/passwd')).toBe('passwd');
    expect(names('  spaced name.txt  ')).toBe('spaced name.txt');
    expect(names('a<b>:c?.txt')).toBe('a_b__c_.txt');
    expect(names('CON.txt')).toBe(sanitizeFileName('CON.txt'));
    expect(names('Ünïcödé 文件 🎉.bin')).toBe('Ünïcödé 文件 🎉.bin');
    // Decomposed é becomes the composed one, as every other name does.
    expect(names('e\u0301.bin')).toBe('\u00e9.bin');
  });

  it('drops an out= that sanitizes to nothing, keeping the download under the server’s name', () => {
    expect(parseAria2List('https://example.com/x\n  out=..\n').entries).toEqual([{ url: 'https://example.com/x' }]);
    expect(parseAria2List('https://example.com/x\n  out=dir/\n').entries).toEqual([{ url: 'https://example.com/x' }]);
    // A later out= replaces an earlier one, as a later option does in aria2.
    expect(parseAria2List('https://example.com/x\n  out=a.bin\n  out=b.bin').entries).toEqual([{ url: 'https://example.com/x', name: 'b.bin' }]);
  });

  it('checks each link as a pasted one is, skipping bad lines and keeping the rest', () => {
    const text = [
      'https://example.com/ok1',
      'ftp://example.com/file',
      '  out=belongs-to-the-skipped-link.bin',
      'example.com/no-scheme',
      'https://user:secret@example.com/x',
      'not a link',
      'https://example.com/ok2',
      '  out=two.bin',
    ].join('\n');
    const result = parseAria2List(text);
    expect(result.entries).toEqual([{ url: 'https://example.com/ok1' }, { url: 'https://example.com/ok2', name: 'two.bin' }]);
    expect(result.skipped).toBe(4);
    expect(result.errors[0]).toBe('Line 2: only http and https links can be downloaded (got ftp:).');
    expect(result.errors[1]).toMatch(/^Line 4: "example.com\/no-scheme" is not a complete link/);
    expect(result.errors[2]).toMatch(/^Line 5: links with a user name or password/);
    expect(result.errors.join(' ')).not.toContain('secret');
    expect(result.errors[3]).toMatch(/^Line 6:/);
  });

  it('reports an option line above every link once per line', () => {
    const result = parseAria2List('  out=a.bin\n  checksum=sha-256=' + HASH + '\nhttps://example.com/a');
    expect(result.entries).toEqual([{ url: 'https://example.com/a' }]);
    expect(result.skipped).toBe(2);
    expect(result.errors[0]).toBe('Line 1: an option (a line starting with a space) must come below a link.');
  });

  it('shows the first five problems and counts the rest', () => {
    const text = Array.from({ length: 8 }, (_, i) => `bad link ${i}`).join('\n') + '\nhttps://example.com/ok';
    const result = parseAria2List(text);
    expect(result.entries).toHaveLength(1);
    expect(result.skipped).toBe(8);
    expect(result.errors).toHaveLength(6);
    expect(result.errors[5]).toBe('…and 3 more problems.');
  });

  it('keeps one download per link, filling in what a repeat adds, and refuses conflicting checksums', () => {
    const text = `https://example.com/a\nhttps://example.com/a#frag\n  out=a.bin\n  checksum=sha-256=${HASH}\nhttps://example.com/a\n  checksum=sha-256=${OTHER}`;
    const result = parseAria2List(text);
    expect(result.entries).toEqual([{ url: 'https://example.com/a', name: 'a.bin', sha256: hash }]);
    expect(result.errors).toEqual(['Line 5: this link is also on line 1, with a different checksum.']);
  });

  it('handles a byte-order mark, CR line ends and a missing final newline', () => {
    expect(parseAria2List('\uFEFFhttps://example.com/a\r  out=a.bin\rhttps://example.com/b').entries).toEqual([
      { url: 'https://example.com/a', name: 'a.bin' },
      { url: 'https://example.com/b' },
    ]);
  });

  it(`refuses more than ${MAX_LIST_ENTRIES} links, counting only link lines`, () => {
    const list = (n: number) => Array.from({ length: n }, (_, i) => `https://example.com/${i}\n  out=f${i}.bin\n# c`).join('\n');
    expect(parseAria2List(list(MAX_LIST_ENTRIES)).entries).toHaveLength(MAX_LIST_ENTRIES);
    const over = parseAria2List(list(MAX_LIST_ENTRIES + 1));
    expect(over.entries).toEqual([]);
    expect(over.errors).toEqual([`That list has ${MAX_LIST_ENTRIES + 1} links; at most ${MAX_LIST_ENTRIES} can be added at once.`]);
    expect(parseAria2List(list(3), 2).entries).toEqual([]);
  });

  it('stays linear on hostile input', () => {
    const started = performance.now();
    parseAria2List(`https://example.com/a\n  out=${'x'.repeat(2_000_000)}\n${' '.repeat(1_000_000)}\n${'\t'.repeat(1_000_000)}x`);
    parseAria2List(`${'https://example.com/'.repeat(10_000)}\n${'  checksum=sha-256='.repeat(50_000)}`);
    expect(performance.now() - started).toBeLessThan(2_000);
  });
});

describe('round trip', () => {
  it('reads back 50 downloads with names holding spaces and Unicode, and their checksums', () => {
    const names = ['plain.bin', 'with space.iso', 'Ünïcödé.txt', '日本語 ファイル.zip', 'emoji 🎉 party.tar.gz', 'a  b.c', 'Résumé (final).pdf'];
    const items: ListItem[] = Array.from({ length: 50 }, (_, i) => {
      const item: ListItem = { url: `https://files.example.com/d/${i}/${encodeURIComponent(`file ${i}.bin`)}?v=${i}` };
      const base = names[i % names.length] ?? 'x';
      if (i % 5 !== 4) item.name = sanitizeFileName(`${i} ${base}`) ?? '';
      if (i % 3 === 0) item.sha256 = (i % 2 === 0 ? HASH : hash).slice(0, 62) + i.toString(16).padStart(2, '0');
      return item;
    });
    const parsed = parseAria2List(formatAria2List(items));
    expect(parsed.errors).toEqual([]);
    expect(parsed.skipped).toBe(0);
    expect(parsed.entries).toEqual(items.map((item) => ({ ...item, ...(item.sha256 ? { sha256: item.sha256.toLowerCase() } : {}) })));
  });

  it('exports the unfinished jobs, or all, with the checksum the person gave over the computed one', () => {
    const jobs = [
      jobView({ id: '1', url: 'https://example.com/a', name: 'a b.bin', status: 'downloading' }),
      jobView({ id: '2', url: 'https://example.com/b', name: 'b.bin', status: 'completed', sha256: OTHER }),
      jobView({ id: '3', url: 'https://example.com/c', name: 'c.bin', status: 'failed', expectedSha256: hash, sha256: OTHER }),
      jobView({ id: '4', url: '', name: 'Damaged entry', status: 'damaged' }),
      jobView({ id: '5', url: 'https://example.com/e', name: 'e.bin', status: 'removing' }),
      jobView({ id: '6', url: 'https://example.com/f', name: 'f.bin', status: 'canceled' }),
      jobView({ id: '7', url: 'https://example.com/g.zip#rangefetch-bytes=100-199', name: 'in-zip.txt', status: 'queued' }),
    ];
    expect(listItemsOf(jobs, true)).toEqual([
      { url: 'https://example.com/a', name: 'a b.bin' },
      { url: 'https://example.com/c', name: 'c.bin', sha256: hash },
      { url: 'https://example.com/f', name: 'f.bin' },
    ]);
    expect(listItemsOf(jobs, false).map((item) => item.url)).toEqual([
      'https://example.com/a',
      'https://example.com/b',
      'https://example.com/c',
      'https://example.com/f',
    ]);
    expect(listItemsOf(jobs, false)[1]).toEqual({ url: 'https://example.com/b', name: 'b.bin', sha256: OTHER });
    expect(parseAria2List(formatAria2List(listItemsOf(jobs, false))).entries).toEqual(listItemsOf(jobs, false));
    // The file out of a ZIP is left out, and counted so the page can say so.
    expect(zipEntriesLeftOut(jobs, true)).toBe(1);
    expect(zipEntriesLeftOut(jobs.map((job) => (job.id === '7' ? { ...job, status: 'completed' as const } : job)), true)).toBe(0);
    expect(zipEntriesLeftOut(jobs.map((job) => (job.id === '7' ? { ...job, status: 'completed' as const } : job)), false)).toBe(1);
  });
});

describe('a name given with a link', () => {
  it('wins over the server’s and the URL’s, sanitized', () => {
    expect(chooseFileName('attachment; filename="server.bin"', 'https://example.com/url.bin', 'mine.bin')).toBe('mine.bin');
    expect(chooseFileName(null, 'https://example.com/url.bin', 'my<name>.bin')).toBe('my_name_.bin');
  });

  it('gives way to the server’s name when absent or unusable', () => {
    expect(chooseFileName('attachment; filename="server.bin"', 'https://example.com/url.bin', null)).toBe('server.bin');
    expect(chooseFileName('attachment; filename="server.bin"', 'https://example.com/url.bin', ' .. ')).toBe('server.bin');
    expect(chooseFileName(null, 'https://example.com/url.bin')).toBe('url.bin');
  });

  it('sanitizeFileName says null when nothing is left', () => {
    expect(sanitizeFileName('..')).toBeNull();
    expect(sanitizeFileName('a/b')).toBe('a_b');
  });
});

describe('a stored given name', () => {
  const record = () => newJobRecord('id-1', 'https://example.com/a.iso', 'a.iso', 1000);

  it('is optional, so records stored before it existed still read', () => {
    expect(checkJobRecord(record()).ok).toBe(true);
    expect(checkJobRecord({ ...record(), givenName: 'mine.iso' }).ok).toBe(true);
  });

  it('makes the record damaged when it is not a name', () => {
    expect(checkJobRecord({ ...record(), givenName: '' }).ok).toBe(false);
    expect(checkJobRecord({ ...record(), givenName: 5 }).ok).toBe(false);
  });
});
