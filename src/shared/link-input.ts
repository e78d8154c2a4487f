import type { UrlEntry } from './types';
import { parseUrlInput } from './url-input';
import { expandPattern, hasPattern, parsePattern, type UrlPattern } from './url-patterns';

/** The most links one paste may add (the same cap as parseUrlInput's). */
export const MAX_LINKS = 1000;
/** parseUrlInput's longest line: a link of 8 KiB and room for its checksum. */
const MAX_PATTERN_LINE_CHARS = 8192 + 1024;

export interface LinkInput {
  /** The valid links, each once, in the order they were written (patterns expanded). */
  entries: UrlEntry[];
  /** What is wrong, one sentence per problem, naming the line. Empty when every line is good. */
  errors: string[];
  /** How many of `entries` came from a numbered pattern: when above 0, the person sees them first. */
  fromPatterns: number;
  /** The lines with a problem, as written: what is left to fix once the valid ones are added. */
  badLines: string[];
}

/**
 * What the URL field holds, with numbered patterns (`file[1-100].jpg`, see url-patterns.ts)
 * expanded before the links are read by parseUrlInput. Line numbers in messages are those of the
 * field. The number of links is counted before any pattern is expanded, so a pattern that would
 * make a million links costs as little as one that makes three.
 */
export function readLinkInput(text: string, maxLinks = MAX_LINKS): LinkInput {
  const lines = text.split(/\r\n|\n|\r/);
  // Every line makes at least one link: more lines than links allowed is refused at once, as
  // parseUrlInput refuses it, before any line is read (a pasted 100,000-line file stays cheap).
  let nonBlank = 0;
  for (const line of lines) if (/\S/.test(line)) nonBlank++;
  if (nonBlank > maxLinks) return { ...parseUrlInput(text, maxLinks), fromPatterns: 0, badLines: [] };
  const errors: { line: number; message: string }[] = [];
  const patterns: { line: number; pattern: UrlPattern; rest: string }[] = [];
  let plainCount = 0;
  let total = 0;
  // Pattern lines are blanked out of the text parseUrlInput reads, so its line numbers stay right.
  const plainLines = lines.map((raw, index) => {
    const line = raw.trim();
    if (line === '') return '';
    const { url } = splitFirstWord(line);
    // A line too long to be a link is left to parseUrlInput to refuse: expanded, it would be copied
    // up to a thousand times.
    if (line.length > MAX_PATTERN_LINE_CHARS || !hasPattern(url)) {
      plainCount++;
      total++;
      return raw;
    }
    const parsed = parsePatternLine(line);
    if (!parsed.ok) errors.push({ line: index + 1, message: parsed.reason });
    else {
      patterns.push({ line: index + 1, pattern: parsed.pattern, rest: parsed.rest });
      total += parsed.pattern.count;
    }
    return '';
  });

  if (patterns.length > 0 && total > maxLinks) {
    const what = patterns.length === 1 && plainCount === 0 ? 'This pattern makes' : 'These lines make';
    return { entries: [], errors: [`${what} ${formatCount(total)} links; at most ${formatCount(maxLinks)} can be added at once.`], fromPatterns: 0, badLines: [] };
  }

  const plain = plainCount > 0 ? parseUrlInput(plainLines.join('\n'), maxLinks) : { entries: [], errors: [] };
  if (plainCount === 0 && patterns.length === 0 && errors.length === 0) {
    return { entries: [], errors: ['Paste at least one link.'], fromPatterns: 0, badLines: [] };
  }

  // The links in the order they were written: each good pattern's links take its line's place.
  const combined = [...plainLines];
  for (const { line, pattern, rest } of patterns) {
    const made = expandPattern(pattern, maxLinks).map((url) => (rest === '' ? url : `${url} ${rest}`));
    const parsed = parseUrlInput(made.join('\n'), maxLinks);
    if (parsed.errors.length > 0) {
      // One sentence for the line, about the first link it made that is wrong.
      errors.push({ line, message: (parsed.errors[0] ?? '').replace(/^Line \d+: /, '') });
    } else {
      combined[line - 1] = made.join('\n');
    }
  }
  // Read once more as a whole, so a link written twice (on a line and by a pattern) is added once.
  const { entries } = parseUrlInput(combined.join('\n'), maxLinks);
  const plainUrls = new Set(plain.entries.map((entry) => entry.url));
  const fromPatterns = entries.filter((entry) => !plainUrls.has(entry.url)).length;

  const messages = [
    ...plain.errors.map((message) => ({ line: lineOf(message), message })),
    ...errors.map(({ line, message }) => ({ line, message: `Line ${line}: ${message}` })),
  ].sort((a, b) => a.line - b.line);
  // parseUrlInput names at most a few lines; each plain line is read alone to find them all.
  const bad = new Set(errors.map(({ line }) => line));
  if (plain.errors.length > 0) {
    plainLines.forEach((raw, index) => {
      if (raw.trim() !== '' && parseUrlInput(raw, 1).errors.length > 0) bad.add(index + 1);
    });
  }
  const badLines = lines.filter((_, index) => bad.has(index + 1)).map((line) => line.trim());
  return { entries, errors: messages.map((m) => m.message), fromPatterns, badLines };
}

/** The link of a line with a pattern, read; anything after it (a `sha256=`) is kept for each link. */
function parsePatternLine(line: string): { ok: true; pattern: UrlPattern; rest: string } | { ok: false; reason: string } {
  const { url, rest } = splitFirstWord(line);
  const parsed = parsePattern(url);
  if (!parsed.ok) return parsed;
  if (parsed.pattern.count > 1 && /^sha256=/i.test(rest)) {
    return { ok: false, reason: 'one sha256 checksum cannot check the several files a pattern makes; put each link on its own line with its own checksum.' };
  }
  return { ok: true, pattern: parsed.pattern, rest };
}

function splitFirstWord(line: string): { url: string; rest: string } {
  const match = /\s/.exec(line);
  if (match === null) return { url: line, rest: '' };
  return { url: line.slice(0, match.index), rest: line.slice(match.index).trim() };
}

/** The line a parseUrlInput message names; a summary ("…and 3 more problems") goes last. */
function lineOf(message: string): number {
  const match = /^Line (\d+):/.exec(message);
  return match === null ? Number.MAX_SAFE_INTEGER : Number(match[1]);
}

function formatCount(count: number): string {
  return Number.isSafeInteger(count) ? count.toLocaleString('en-US') : `more than ${Number.MAX_SAFE_INTEGER.toLocaleString('en-US')}`;
}
