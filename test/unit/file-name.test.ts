import { describe, expect, it } from 'vitest';
import { chooseFileName, fallbackFileName, fileNameCandidates, fileNameFromUrl } from '../../src/shared/file-name';
import { chromiumAccepts } from './chromium-name-check';
import { createRandom, randomInt } from './seeded-random';

const bytes = (s: string): number => new TextEncoder().encode(s).length;

/** The name a download gets when the server names it `name` in `filename*` (and the URL has none). */
function clean(name: string): string {
  return chooseFileName(`attachment; filename*=UTF-8''${encodeURIComponent(name)}`, 'https://example.com/');
}

describe('chooseFileName, sanitizing', () => {
  it('keeps ordinary names as they are', () => {
    expect(clean('report 2024.pdf')).toBe('report 2024.pdf');
    expect(clean('日本語のファイル.txt')).toBe('日本語のファイル.txt');
    expect(clean('a.tar.gz')).toBe('a.tar.gz');
  });

  it('cannot be used to climb out of the folder', () => {
    expect(clean('../../etc/passwd')).toBe('_.._etc_passwd');
    expect(clean('..\\..\\windows\\system32')).toBe('_.._windows_system32');
    expect(clean('/etc/passwd')).toBe('_etc_passwd');
  });

  it('replaces characters Windows forbids', () => {
    expect(clean('a<b>c:d"e|f?g*h.txt')).toBe('a_b_c_d_e_f_g_h.txt');
  });

  it('never leaves names made only of dots or spaces', () => {
    for (const name of ['.', '..', '...', '. .', ' ', '', ' . . ', '\u200b', '\u0000']) {
      expect(clean(name)).toBe('download');
    }
  });

  it('strips leading and trailing dots and spaces', () => {
    expect(clean('..foo')).toBe('foo');
    expect(clean(' .hidden')).toBe('hidden');
    expect(clean('name. . ')).toBe('name');
    expect(clean('  a  b  ')).toBe('a b');
  });

  it('removes control characters and collapses whitespace', () => {
    expect(clean('a\u0000b\u001fc\u007fd\u0085e\u009ff.txt')).toBe('abcd ef.txt');
    expect(clean('line\r\nbreak\ttab.txt')).toBe('line break tab.txt');
    expect(clean('wide\u3000\u00a0 space')).toBe('wide space');
  });

  it('removes bidi overrides and invisible characters that disguise a name', () => {
    expect(clean('a\u202Egnp.exe')).toBe('agnp.exe');
    expect(clean('\ufeffinvoice\u200b.pdf\u2066')).toBe('invoice.pdf');
    expect(clean('x\u061cy\u200ez\u2069.txt')).toBe('xyz.txt');
  });

  it('prefixes Windows device names, with or without an extension', () => {
    expect(clean('CON')).toBe('_CON');
    expect(clean('CON.txt')).toBe('_CON.txt');
    expect(clean('con.tar.gz')).toBe('_con.tar.gz');
    expect(clean('nul')).toBe('_nul');
    expect(clean('Com1.log')).toBe('_Com1.log');
    expect(clean('LPT9')).toBe('_LPT9');
    expect(clean('aux .txt')).toBe('_aux .txt');
    expect(clean('COM¹')).toBe('_COM¹');
  });

  it('leaves names that merely start like device names', () => {
    expect(clean('console.log')).toBe('console.log');
    expect(clean('COM10')).toBe('COM10');
    expect(clean('auxiliary.txt')).toBe('auxiliary.txt');
  });

  it('bounds long names to 200 UTF-8 bytes, keeping the extension', () => {
    const long = clean(`${'a'.repeat(300)}.pdf`);
    expect(long).toBe(`${'a'.repeat(196)}.pdf`);
    const noExtension = clean('b'.repeat(300));
    expect(noExtension).toBe('b'.repeat(200));
    const longExtension = clean(`x.${'c'.repeat(300)}`);
    expect(bytes(longExtension)).toBe(200);
    expect(longExtension.startsWith('x.ccc')).toBe(true);
  });

  it('never splits a multi-byte character or surrogate pair when cutting', () => {
    const emoji = clean(`${'😀'.repeat(100)}.txt`);
    expect(bytes(emoji)).toBeLessThanOrEqual(200);
    expect(emoji).toBe(`${'😀'.repeat(49)}.txt`);
    expect(emoji).not.toMatch(/[\ud800-\udfff]/u);
    const mixed = clean(`a${'€'.repeat(100)}`);
    expect(mixed).toBe(`a${'€'.repeat(66)}`);
  });

  it('does not end a cut name with a dot or space', () => {
    const cut = clean(`${'a'.repeat(199)} bbbbbb`);
    expect(cut).toBe('a'.repeat(199));
  });

  it('drops lone surrogates', () => {
    // encodeURIComponent refuses lone surrogates; a raw `filename` carries them as they are.
    const raw = (name: string): string => chooseFileName(`attachment; filename="${name}"`, 'https://example.com/');
    expect(raw('a\ud800b.txt')).toBe('ab.txt');
    expect(raw('a\udc00.txt')).toBe('a.txt');
  });

  it('normalizes to NFC', () => {
    expect(clean('cafe\u0301.txt')).toBe('caf\u00e9.txt');
  });

  it('is idempotent', () => {
    for (const name of ['../../etc/passwd', 'CON.txt', 'a\u202Egnp.exe', `${'é'.repeat(150)}.jpeg`, ' .x. ']) {
      const once = clean(name);
      expect(clean(once)).toBe(once);
    }
  });
});

describe('chooseFileName, names Chromium refuses in a picked folder', () => {
  // Each rule of IsSafePathComponent, a name it refuses, and what the download is called instead.
  const cases: Array<[rule: string, refused: string, saved: string]> = [
    ['~ at the start', '~draft.txt', '_draft.txt'],
    ['~ at the end', 'notes.txt~', 'notes.txt_'],
    ['~ in a name that could be an 8.3 short name', 'PROGRA~1', 'PROGRA_1'],
    ['~ in an 8.3 name with an extension', 'DRAFT~2.TXT', 'DRAFT_2.TXT'],
    ['desktop.ini', 'desktop.ini', '_desktop.ini'],
    ['Thumbs.db, any case', 'Thumbs.db', '_Thumbs.db'],
    ['DESKTOP.INI, any case', 'DESKTOP.INI', '_DESKTOP.INI'],
    ['clock$', 'clock$', '_clock$'],
    ['clock$ with an extension', 'CLOCK$.txt', '_CLOCK$.txt'],
    ['.lnk', 'invoice.lnk', 'invoice_lnk'],
    ['.LNK, any case', 'Invoice.LNK', 'Invoice_LNK'],
    ['.url', 'site.url', 'site_url'],
    ['.local', 'app.exe.local', 'app.exe_local'],
    ['.scf', 'explorer.scf', 'explorer_scf'],
    ['a {CLSID} extension', 'x.{20D04FE0-3AEA-1069-A2D8-08002B30309D}', 'x_{20D04FE0-3AEA-1069-A2D8-08002B30309D}'],
    ['an empty {} extension', 'x.{}', 'x_{}'],
    ['U+00AD soft hyphen', 'inter\u00adaction.pdf', 'interaction.pdf'],
    ['U+2060 word joiner', 'a\u2060b.txt', 'ab.txt'],
    ['U+180E Mongolian vowel separator', 'a\u180eb.txt', 'ab.txt'],
    ['U+FEFF byte order mark', '\ufeffa.txt', 'a.txt'],
    ['U+200B-U+200F zero-width and direction marks', 'a\u200b\u200c\u200d\u200e\u200fb.txt', 'ab.txt'],
    ['U+202A-U+202E bidi embeddings and overrides', 'a\u202a\u202b\u202c\u202d\u202eb.txt', 'ab.txt'],
    ['U+2066-U+2069 bidi isolates', 'a\u2066\u2067\u2068\u2069b.txt', 'ab.txt'],
    ['other format characters: U+0600, U+FFF9, tags', 'a\u0600\ufff9\u{e0001}\u{e0067}b.txt', 'ab.txt'],
    ['a zero-width joiner inside an emoji', 'lab \u{1f469}\u200d\u{1f52c}.txt', 'lab \u{1f469}\u{1f52c}.txt'],
    ['noncharacters', 'a\ufdd0\ufffe\u{1ffff}b.txt', 'ab.txt'],
    ['a trailing dot', 'report.', 'report'],
    ['nothing left but a tilde', '~', 'download'],
    ['nothing left but format characters', '\u2060\u00ad\u200b', 'download'],
  ];

  it.each(cases)('%s: Chromium refuses %j', (_rule, refused) => {
    // Guards the check itself: a test against a check that accepts everything proves nothing.
    expect(chromiumAccepts(refused)).toBe(false);
  });

  it.each(cases)('%s: %j is saved as %j, which Chromium accepts', (_rule, refused, saved) => {
    expect(clean(refused)).toBe(saved);
    expect(chromiumAccepts(saved)).toBe(true);
  });

  it('treats names that would look blank as no name', () => {
    // Chromium takes these, but a row and a file with an invisible name help nobody.
    for (const name of ['\u3164', '\u2800.\u2800', '~ . ~', '\u115f\u1160\uffa0', '\u2060\u3164\u00ad']) {
      expect(clean(name)).toBe('download');
    }
    expect(clean('\u2800 x')).toBe('\u2800 x');
  });

  it('leaves names that only resemble the refused ones', () => {
    for (const name of ['a long name~2.txt', 'verylongname~1.txt', 'mythumbs.db', 'desktop.ini.txt', 'clock$s', 'x.lnk.txt', 'lnk', 'x.{', 'a~b c.txt']) {
      expect(clean(name)).toBe(name);
      expect(chromiumAccepts(name)).toBe(true);
    }
  });

  it('gives names Chromium accepts, and keeps them, for random hostile names', () => {
    const pieces = ['~', '.', ' ', 'con', 'CLOCK$', 'desktop', '.ini', 'thumbs.db', 'lnk', '.url', '{', '}', 'PROGRA', '1',
      '\u200d', '\u00ad', '\u202e', '\ufdd0', '\u3164', ':', '\t', 'a', 'é', '\u{1f600}', 'x'.repeat(90), '€'.repeat(30)];
    const random = createRandom(2026);
    for (let n = 0; n < 3000; n++) {
      const count = randomInt(random, 1, 8);
      const name = Array.from({ length: count }, () => pieces[randomInt(random, 0, pieces.length - 1)] ?? '').join('');
      const saved = clean(name);
      expect({ name, accepted: chromiumAccepts(saved) }).toEqual({ name, accepted: true });
      expect(clean(saved)).toBe(saved);
      expect(bytes(saved)).toBeLessThanOrEqual(200);
    }
  });

  it('does work linear in the length of the name', () => {
    // Trimming a run of dots by backtracking costs the square of the run: 100,000 dots took
    // 12 s, far over the test timeout, where a single pass takes a millisecond. Through the URL,
    // which (unlike a header) can carry a name of any length.
    for (const dots of [1_000, 10_000, 100_000]) {
      expect(chooseFileName(null, `https://example.com/a${'.'.repeat(dots)}b`)).toBe('a.b');
      expect(chooseFileName(null, `https://example.com/a${'. '.repeat(dots)}b`)).toBe('a. b');
    }
  });

  it('applies the folder rules after cutting a long name', () => {
    expect(clean(`a${'~'.repeat(300)}`)).toBe(`a${'~'.repeat(198)}_`);
    expect(clean(`${'a'.repeat(195)}.lnk.${'b'.repeat(20)}`)).toBe(`${'a'.repeat(195)}_lnk`);
  });
});

describe('fallbackFileName', () => {
  it('reduces a name to portable ASCII, keeping a plain extension', () => {
    expect(fallbackFileName('Résumé 2024.pdf')).toBe('Resume 2024.pdf');
    expect(fallbackFileName('日本語のファイル.txt')).toBe('download.txt');
    expect(fallbackFileName('report (final).tar.gz')).toBe('report _final_.tar.gz');
    expect(fallbackFileName(`${'x'.repeat(100)}.zip`)).toBe(`${'x'.repeat(64)}.zip`);
  });

  it('still refuses what the sanitizer refuses', () => {
    expect(fallbackFileName('CON.txt')).toBe('_CON.txt');
    expect(fallbackFileName('a.lnk')).toBe('a_lnk');
    expect(fallbackFileName('~report\u200b.pdf~')).toBe('report.pdf');
    expect(fallbackFileName('..')).toBe('download');
  });

  it('gives up more each time it is called on its own result, ending at "download"', () => {
    expect(fallbackFileName('report.pdf')).toBe('download.pdf');
    expect(fallbackFileName('download.pdf')).toBe('download');
    expect(fallbackFileName('download')).toBe('download');
  });

  it('reaches "download" within three calls, through names every folder takes', () => {
    for (const start of ['Résumé 2024.pdf', '日本語.txt', 'CON', 'a.lnk', '~x~', 'x.{abc}', 'ok.bin', `${'é'.repeat(150)}.jpeg`]) {
      const chain = [start];
      for (let k = 0; k < 3; k++) chain.push(fallbackFileName(chain[chain.length - 1] ?? ''));
      expect(chain[3]).toBe('download');
      for (const name of chain.slice(1)) {
        expect(name).toMatch(/^[A-Za-z0-9._ -]+$/);
        expect(chromiumAccepts(name)).toBe(true);
        expect(clean(name)).toBe(name);
      }
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

describe('fileNameCandidates', () => {
  it('starts with the name itself, then numbers it before the (compound) extension', () => {
    const candidates = fileNameCandidates('a.tar.gz');
    expect([candidates.next().value, candidates.next().value, candidates.next().value]).toEqual(['a.tar.gz', 'a (1).tar.gz', 'a (2).tar.gz']);
  });

  it('numbers names without an extension and dotfiles after the whole name', () => {
    const second = (name: string): string => {
      const candidates = fileNameCandidates(name);
      candidates.next();
      return candidates.next().value;
    };
    expect(second('a.bin')).toBe('a (1).bin');
    expect(second('README')).toBe('README (1)');
    expect(second('.env')).toBe('.env (1)');
  });
});
