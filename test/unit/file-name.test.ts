import { describe, expect, it } from 'vitest';
import { chooseFileName, fileNameCandidates, fileNameFromUrl, sanitizeFileName } from '../../src/shared/file-name';

const bytes = (s: string): number => new TextEncoder().encode(s).length;

describe('sanitizeFileName', () => {
  it('keeps ordinary names as they are', () => {
    expect(sanitizeFileName('report 2024.pdf')).toBe('report 2024.pdf');
    expect(sanitizeFileName('日本語のファイル.txt')).toBe('日本語のファイル.txt');
    expect(sanitizeFileName('a.tar.gz')).toBe('a.tar.gz');
  });

  it('cannot be used to climb out of the folder', () => {
    expect(sanitizeFileName('../../etc/passwd')).toBe('_.._etc_passwd');
    expect(sanitizeFileName('..\\..\\windows\\system32')).toBe('_.._windows_system32');
    expect(sanitizeFileName('/etc/passwd')).toBe('_etc_passwd');
  });

  it('replaces characters Windows forbids', () => {
    expect(sanitizeFileName('a<b>c:d"e|f?g*h.txt')).toBe('a_b_c_d_e_f_g_h.txt');
  });

  it('never leaves names made only of dots or spaces', () => {
    for (const name of ['.', '..', '...', '. .', ' ', '', ' . . ', '\u200b', '\u0000']) {
      expect(sanitizeFileName(name)).toBe('download');
    }
  });

  it('strips leading and trailing dots and spaces', () => {
    expect(sanitizeFileName('..foo')).toBe('foo');
    expect(sanitizeFileName(' .hidden')).toBe('hidden');
    expect(sanitizeFileName('name. . ')).toBe('name');
    expect(sanitizeFileName('  a  b  ')).toBe('a b');
  });

  it('removes control characters and collapses whitespace', () => {
    expect(sanitizeFileName('a\u0000b\u001fc\u007fd\u0085e\u009ff.txt')).toBe('abcd ef.txt');
    expect(sanitizeFileName('line\r\nbreak\ttab.txt')).toBe('line break tab.txt');
    expect(sanitizeFileName('wide\u3000\u00a0 space')).toBe('wide space');
  });

  it('removes bidi overrides and invisible characters that disguise a name', () => {
    expect(sanitizeFileName('a\u202Egnp.exe')).toBe('agnp.exe');
    expect(sanitizeFileName('\ufeffinvoice\u200b.pdf\u2066')).toBe('invoice.pdf');
    expect(sanitizeFileName('x\u061cy\u200ez\u2069.txt')).toBe('xyz.txt');
  });

  it('prefixes Windows device names, with or without an extension', () => {
    expect(sanitizeFileName('CON')).toBe('_CON');
    expect(sanitizeFileName('CON.txt')).toBe('_CON.txt');
    expect(sanitizeFileName('con.tar.gz')).toBe('_con.tar.gz');
    expect(sanitizeFileName('nul')).toBe('_nul');
    expect(sanitizeFileName('Com1.log')).toBe('_Com1.log');
    expect(sanitizeFileName('LPT9')).toBe('_LPT9');
    expect(sanitizeFileName('aux .txt')).toBe('_aux .txt');
    expect(sanitizeFileName('COM¹')).toBe('_COM¹');
  });

  it('leaves names that merely start like device names', () => {
    expect(sanitizeFileName('console.log')).toBe('console.log');
    expect(sanitizeFileName('COM10')).toBe('COM10');
    expect(sanitizeFileName('auxiliary.txt')).toBe('auxiliary.txt');
  });

  it('bounds long names to 200 UTF-8 bytes, keeping the extension', () => {
    const long = sanitizeFileName(`${'a'.repeat(300)}.pdf`);
    expect(long).toBe(`${'a'.repeat(196)}.pdf`);
    const noExtension = sanitizeFileName('b'.repeat(300));
    expect(noExtension).toBe('b'.repeat(200));
    const longExtension = sanitizeFileName(`x.${'c'.repeat(300)}`);
    expect(bytes(longExtension)).toBe(200);
    expect(longExtension.startsWith('x.ccc')).toBe(true);
  });

  it('never splits a multi-byte character or surrogate pair when cutting', () => {
    const emoji = sanitizeFileName(`${'😀'.repeat(100)}.txt`);
    expect(bytes(emoji)).toBeLessThanOrEqual(200);
    expect(emoji).toBe(`${'😀'.repeat(49)}.txt`);
    expect(emoji).not.toMatch(/[\ud800-\udfff]/u);
    const mixed = sanitizeFileName(`a${'€'.repeat(100)}`);
    expect(mixed).toBe(`a${'€'.repeat(66)}`);
  });

  it('does not end a cut name with a dot or space', () => {
    const cut = sanitizeFileName(`${'a'.repeat(199)} bbbbbb`);
    expect(cut).toBe('a'.repeat(199));
  });

  it('drops lone surrogates', () => {
    expect(sanitizeFileName('a\ud800b.txt')).toBe('ab.txt');
    expect(sanitizeFileName('a\udc00.txt')).toBe('a.txt');
  });

  it('normalizes to NFC', () => {
    expect(sanitizeFileName('cafe\u0301.txt')).toBe('caf\u00e9.txt');
  });

  it('is idempotent', () => {
    for (const name of ['../../etc/passwd', 'CON.txt', 'a\u202Egnp.exe', `${'é'.repeat(150)}.jpeg`, ' .x. ']) {
      const once = sanitizeFileName(name);
      expect(sanitizeFileName(once)).toBe(once);
    }
  });
});

describe('fileNameFromUrl', () => {
  it('takes the last non-empty path segment, percent-decoded', () => {
    expect(fileNameFromUrl('https://example.com/files/report.pdf?x=1#y')).toBe('report.pdf');
    expect(fileNameFromUrl('https://example.com/files/my%20report.pdf')).toBe('my report.pdf');
    expect(fileNameFromUrl('https://example.com/dir/sub/')).toBe('sub');
    expect(fileNameFromUrl('https://example.com/%E2%82%AC.txt')).toBe('€.txt');
  });

  it('keeps the raw segment when it is not valid percent-encoding', () => {
    expect(fileNameFromUrl('https://example.com/100%25%zz.txt')).toBe('100%25%zz.txt');
    expect(fileNameFromUrl('https://example.com/bad%E2%82.txt')).toBe('bad%E2%82.txt');
  });

  it('returns null when there is no segment', () => {
    expect(fileNameFromUrl('https://example.com/')).toBeNull();
    expect(fileNameFromUrl('https://example.com')).toBeNull();
    expect(fileNameFromUrl('https://example.com//')).toBeNull();
    expect(fileNameFromUrl('not a url')).toBeNull();
    expect(fileNameFromUrl('data:text/plain,hello')).toBeNull();
  });
});

describe('chooseFileName', () => {
  it('prefers the Content-Disposition name', () => {
    expect(chooseFileName('attachment; filename="real.zip"', 'https://example.com/download?id=3')).toBe('real.zip');
  });

  it('falls back to the URL, then to "download"', () => {
    expect(chooseFileName(null, 'https://example.com/a/b.iso')).toBe('b.iso');
    expect(chooseFileName('attachment', 'https://example.com/a/b.iso')).toBe('b.iso');
    expect(chooseFileName(null, 'https://example.com/')).toBe('download');
  });

  it('skips a disposition name that sanitizes to nothing', () => {
    expect(chooseFileName('attachment; filename=".."', 'https://example.com/b.iso')).toBe('b.iso');
  });

  it('always sanitizes', () => {
    expect(chooseFileName('attachment; filename="../../etc/passwd"', 'https://x/')).toBe('_.._etc_passwd');
    expect(chooseFileName(null, 'https://example.com/a%2F..%2Fb')).toBe('a_.._b');
    expect(chooseFileName(null, 'https://example.com/CON')).toBe('_CON');
  });
});

describe('fileNameCandidates, first free one', () => {
  const takenFrom = (names: string[]) => (candidate: string) => names.includes(candidate);
  // What the worker does against a folder: take the first candidate the folder does not hold.
  const uniqueFileName = (name: string, taken: (candidate: string) => boolean): string => {
    const candidates = fileNameCandidates(name);
    for (;;) {
      const candidate = candidates.next().value;
      if (!taken(candidate)) return candidate;
    }
  };

  it('returns the name when it is free', () => {
    expect(uniqueFileName('a.bin', takenFrom([]))).toBe('a.bin');
  });

  it('numbers before the extension', () => {
    expect(uniqueFileName('a.bin', takenFrom(['a.bin']))).toBe('a (1).bin');
    expect(uniqueFileName('a.bin', takenFrom(['a.bin', 'a (1).bin', 'a (2).bin']))).toBe('a (3).bin');
  });

  it('handles names without an extension, dotfiles and .tar archives', () => {
    expect(uniqueFileName('README', takenFrom(['README']))).toBe('README (1)');
    expect(uniqueFileName('.env', takenFrom(['.env']))).toBe('.env (1)');
    expect(uniqueFileName('x.tar.gz', takenFrom(['x.tar.gz']))).toBe('x (1).tar.gz');
  });
});

describe('fileNameCandidates', () => {
  it('starts with the name itself, then numbers it before the (compound) extension', () => {
    const candidates = fileNameCandidates('a.tar.gz');
    expect([candidates.next().value, candidates.next().value, candidates.next().value]).toEqual(['a.tar.gz', 'a (1).tar.gz', 'a (2).tar.gz']);
  });
});
