import { describe, expect, it } from 'vitest';
import { parseUrlInput } from '../../src/shared/url-input';

const HASH = 'E3B0C44298FC1C149AFBF4C8996FB92427AE41E4649B934CA495991B7852B855';

describe('parseUrlInput', () => {
  it('parses one link per line, trimming and skipping blank lines', () => {
    const result = parseUrlInput('  https://example.com/a.iso  \r\n\n\t\nhttp://example.org/b.zip\n');
    expect(result.errors).toEqual([]);
    expect(result.entries).toEqual([{ url: 'https://example.com/a.iso' }, { url: 'http://example.org/b.zip' }]);
  });

  it('normalizes and drops the fragment', () => {
    const result = parseUrlInput('HTTPS://Example.COM:443/a/../b.iso?x=1#part');
    expect(result.entries).toEqual([{ url: 'https://example.com/b.iso?x=1' }]);
  });

  it('reads an optional sha256 and stores it lowercase', () => {
    const result = parseUrlInput(`https://example.com/a.iso   SHA256=${HASH}`);
    expect(result.errors).toEqual([]);
    expect(result.entries).toEqual([{ url: 'https://example.com/a.iso', sha256: HASH.toLowerCase() }]);
  });

  it('keeps duplicates once, taking a checksum from any of them', () => {
    const text = `https://example.com/a\nhttps://example.com/a#x\nhttps://example.com/a sha256=${HASH}`;
    const result = parseUrlInput(text);
    expect(result.errors).toEqual([]);
    expect(result.entries).toEqual([{ url: 'https://example.com/a', sha256: HASH.toLowerCase() }]);
  });

  it('reports duplicates that disagree about the checksum', () => {
    const other = 'a'.repeat(64);
    const result = parseUrlInput(`https://example.com/a sha256=${HASH}\nhttps://example.com/a sha256=${other}`);
    expect(result.errors).toEqual(['Line 2: this link is also on line 1, with a different sha256.']);
  });

  it('asks for input when there is none', () => {
    expect(parseUrlInput('')).toEqual({ entries: [], errors: ['Paste at least one link.'] });
    expect(parseUrlInput(' \n\t\r\n ')).toEqual({ entries: [], errors: ['Paste at least one link.'] });
  });

  it('rejects text that is not a link, naming the line', () => {
    const result = parseUrlInput('https://example.com/ok\n\nfoo');
    expect(result.errors).toEqual(['Line 3: "foo" is not a valid link.']);
    expect(result.entries).toEqual([{ url: 'https://example.com/ok' }]);
  });

  it('suggests https:// for a bare host', () => {
    expect(parseUrlInput('example.com').errors).toEqual([
      'Line 1: "example.com" is not a complete link. Did you mean https://example.com?',
    ]);
    expect(parseUrlInput('www.example.com:8080/file.zip').errors[0]).toContain('Did you mean https://www.example.com:8080/file.zip?');
    expect(parseUrlInput('localhost:3000/x').errors[0]).toContain('Did you mean https://localhost:3000/x?');
    expect(parseUrlInput('//cdn.example.com/x').errors[0]).toContain('Did you mean https://cdn.example.com/x?');
  });

  it('refuses schemes other than http and https', () => {
    expect(parseUrlInput('https://example.com/\nftp://example.com/file').errors).toEqual([
      'Line 2: only http and https links can be downloaded (got ftp:).',
    ]);
    expect(parseUrlInput('javascript:alert(1)').errors[0]).toContain('(got javascript:)');
    expect(parseUrlInput('file:///etc/passwd').errors[0]).toContain('(got file:)');
    expect(parseUrlInput('mailto:someone@example.com').errors[0]).toContain('(got mailto:)');
  });

  it('refuses credentials without repeating them', () => {
    const result = parseUrlInput('https://user:hunter2@example.com/file');
    expect(result.entries).toEqual([]);
    expect(result.errors).toHaveLength(1);
    expect(result.errors[0]).toMatch(/^Line 1: .*user name or password/);
    expect(result.errors[0]).not.toContain('hunter2');
    expect(parseUrlInput('https://user@example.com/file').errors).toHaveLength(1);
  });

  it('never shows a password when it quotes what was pasted', () => {
    const errorsOf = (text: string): string[] => parseUrlInput(text).errors;
    expect(errorsOf('//user:hunter2@cdn.example.com/x')).toEqual([
      'Line 1: "//user:***@cdn.example.com/x" is not a complete link. Did you mean https://user:***@cdn.example.com/x?',
    ]);
    expect(errorsOf('https://user:hunter2@a.example/x https://b.example/y')).toEqual([
      'Line 1: put each link on its own line (got "https://user:***@a.example/x https://b.example/y").',
    ]);
    expect(errorsOf('https://user:hunter2@exa mple.com/')).toEqual(['Line 1: "https://user:***@exa mple.com/" is not a valid link.']);
    expect(errorsOf('https://x.example/ sha256=user:hunter2@h')).toEqual([
      'Line 1: a sha256 checksum must be 64 hexadecimal digits (got "user:***@h").',
    ]);
    // A password longer than the quote is hidden before the quote is cut, so no part of it shows.
    const [long] = errorsOf(`https://user:${'p'.repeat(100)}@exa mple.com/`);
    expect(long).toBe('Line 1: "https://user:***@exa mple.com/" is not a valid link.');
  });

  it('rejects a malformed checksum', () => {
    expect(parseUrlInput('https://example.com/a sha256=abc').errors).toEqual([
      'Line 1: a sha256 checksum must be 64 hexadecimal digits (got "abc").',
    ]);
    expect(parseUrlInput(`https://example.com/a sha256=${HASH.slice(1)}g`).errors).toHaveLength(1);
    expect(parseUrlInput(`sha256=${HASH}`).errors[0]).toMatch(/must follow a link/);
  });

  it('rejects two links on one line', () => {
    expect(parseUrlInput('https://a.example/x https://b.example/y').errors[0]).toMatch(/^Line 1: put each link on its own line/);
  });

  it('accepts a space inside a path', () => {
    expect(parseUrlInput('https://example.com/my file.pdf').entries).toEqual([{ url: 'https://example.com/my%20file.pdf' }]);
  });

  it('truncates long quoted text', () => {
    const junk = `x${'y'.repeat(500)}`;
    const [error] = parseUrlInput(junk).errors;
    expect(error).toBeDefined();
    expect(error?.length).toBeLessThan(120);
    expect(error).toContain('…"');
  });

  it('reports at most five errors and counts the rest', () => {
    const text = Array.from({ length: 9 }, (_, i) => `bad${i}`).join('\n');
    const { errors } = parseUrlInput(text);
    expect(errors).toHaveLength(6);
    expect(errors[4]).toBe('Line 5: "bad4" is not a valid link.');
    expect(errors[5]).toBe('…and 4 more problems.');
    expect(parseUrlInput('a\nb\nc\nd\ne\nf').errors[5]).toBe('…and 1 more problem.');
  });

  it('refuses too many links at once, counting only non-blank lines', () => {
    const ok = Array.from({ length: 3 }, (_, i) => `https://example.com/${i}`).join('\n\n');
    expect(parseUrlInput(ok, 3).errors).toEqual([]);
    expect(parseUrlInput(`${ok}\nhttps://example.com/x`, 3)).toEqual({
      entries: [],
      errors: ['That is 4 links; at most 3 can be added at once.'],
    });
  });

  it('counts 100,000 lines before parsing any of them', () => {
    // Every line is invalid: had any been parsed, its error would be in the result too.
    const text = Array.from({ length: 100_000 }, (_, i) => `not a link ${i}`).join('\n');
    expect(parseUrlInput(text)).toEqual({ entries: [], errors: ['That is 100000 links; at most 1000 can be added at once.'] });
  });

  it('parses the maximum number of links', () => {
    const text = Array.from({ length: 1000 }, (_, i) => `https://example.com/file-${i}.bin`).join('\n');
    const result = parseUrlInput(text);
    expect(result.errors).toEqual([]);
    expect(result.entries).toHaveLength(1000);
  });

  it('refuses a link longer than servers accept, in one sentence', () => {
    const longest = `https://example.com/${'a'.repeat(8192 - 20)}`;
    expect(parseUrlInput(longest).entries).toEqual([{ url: longest }]);
    expect(parseUrlInput(`${longest}   sha256=${HASH}`).entries).toEqual([{ url: longest, sha256: HASH.toLowerCase() }]);
    expect(parseUrlInput(`${longest}b`).errors).toEqual([
      'Line 1: this link is 8,193 characters long; most servers refuse links longer than 8,192 characters.',
    ]);
    expect(parseUrlInput(`https://example.com/\n${longest}bbbbbbbbbb sha256=${HASH}`).errors).toEqual([
      'Line 2: this link is 8,202 characters long; most servers refuse links longer than 8,192 characters.',
    ]);
  });

  it('answers a 1 MB line and a line of 80,000 spaces with that sentence', () => {
    const megabyte = `https://example.com/${'a'.repeat(1_000_000)}`;
    expect(parseUrlInput(megabyte).errors).toEqual([
      'Line 1: this link is 1,000,020 characters long; most servers refuse links longer than 8,192 characters.',
    ]);
    // Backtracking over the spaces took about 5 s here.
    expect(parseUrlInput(`https://example.com/a${' '.repeat(80_000)}b`).errors).toEqual([
      'Line 1: this link is 80,022 characters long; most servers refuse links longer than 8,192 characters.',
    ]);
  });

  it('applies the same limit to the single link of "Change URL"', () => {
    const result = parseUrlInput(`https://example.com/${'a'.repeat(1_000_000)}`, 1);
    expect(result.entries).toEqual([]);
    expect(result.errors[0]).toMatch(/^Line 1: this link is 1,000,020 characters long; most servers refuse/);
  });

  it('does work linear in the line, for pathological lines of growing size', () => {
    // Each shape made some regular expression of the parser backtrack quadratically. The largest
    // size is ten times the one below it and must finish within the default test timeout too.
    const shapes: Array<[shape: (n: number) => string, underLimit: (line: string) => string]> = [
      [(n) => `a${' '.repeat(n)}b`, (line) => `Line 1: "${line.slice(0, 59)}…" is not a valid link.`],
      [(n) => `https://x${' '.repeat(n)}sha256=`, () => 'Line 1: a sha256 checksum must be 64 hexadecimal digits (got "").'],
      [(n) => `${'a.'.repeat(n / 2)}!`, (line) => `Line 1: "${line.slice(0, 59)}…" is not a valid link.`],
      [(n) => `x${' a:/'.repeat(n / 4)}`, (line) => `Line 1: "${line.slice(0, 59)}…" is not a valid link.`],
      [(n) => `x${' a://'.repeat(n / 5)}`, (line) => `Line 1: put each link on its own line (got "${line.slice(0, 59)}…").`],
    ];
    for (const [shape, underLimit] of shapes) {
      for (const n of [800, 8_000, 80_000]) {
        const line = shape(n);
        const want = line.length <= 8192 ? underLimit(line) : `Line 1: this link is ${line.length.toLocaleString('en-US')} characters long; most servers refuse links longer than 8,192 characters.`;
        expect(parseUrlInput(line).errors).toEqual([want]);
      }
    }
  });
});
