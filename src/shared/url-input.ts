import { isSha256Hex } from './hex';
import { mergeMirrors, readMirrorLine } from './mirror-links';
import { redactCredentials } from './redact';
import type { UrlEntry } from './types';

export interface ParsedInput {
  entries: UrlEntry[];
  errors: string[];
}

/** More than this many problems is a wall of text; the rest are summarised in one line. */
const MAX_REPORTED_ERRORS = 5;
const QUOTE_LIMIT = 60;
/**
 * Most servers refuse a longer request target (nginx, Apache and IIS default to about 8 KiB,
 * CloudFront to 8,192 bytes), so a longer link cannot work; refusing it up front also bounds
 * the work per line.
 */
const MAX_URL_CHARS = 8192;
/** Room after a link for `sha256=` with its 64 hex digits and however much space before it. */
const MAX_LINE_CHARS = MAX_URL_CHARS + 1024;
const SHA256_PREFIX = /^sha256=/i;

// The regular expressions below are anchored and have no nested or adjacent unbounded
// quantifiers that can match the same text, so none can backtrack more than a constant per
// character: every function here is linear in its input.
const LABEL = /^[a-z0-9-]+$/i;
const TOP_LABEL = /^[a-z][a-z0-9-]*$/i;
const IPV4 = /^\d{1,3}(\.\d{1,3}){3}$/;
const IPV6_LITERAL = /^\[[0-9a-f:.]+\]$/i;
// What may follow a bare host: a port, then a path, query or fragment without spaces.
const AFTER_HOST = /^(:\d{1,5})?([/?#]\S*)?$/;

/**
 * Parses the links a person pasted, one per line, each optionally followed by
 * `sha256=<64 hex digits>`. Valid lines become entries (normalized, fragment dropped, duplicates
 * kept once) even when other lines have errors, so the caller can choose to add the good ones
 * or to show the errors and add nothing.
 */
export function parseUrlInput(text: string, maxUrls = 1000): ParsedInput {
  const lines = text.split(/\r\n|\n|\r/);
  // Counting before parsing keeps a pasted 100,000-line file from freezing the page.
  let count = 0;
  for (const line of lines) if (/\S/.test(line)) count++;
  if (count === 0) return { entries: [], errors: ['Paste at least one link.'] };
  if (count > maxUrls) {
    return { entries: [], errors: [`That is ${count} links; at most ${maxUrls} can be added at once.`] };
  }

  const byUrl = new Map<string, { entry: UrlEntry; line: number }>();
  const errors: string[] = [];
  lines.forEach((raw, index) => {
    const line = raw.trim();
    if (line === '') return;
    // Links separated by TABs are mirrors of one file, as in aria2's lists.
    const result = line.includes('\t') ? readMirrorLine(line, index + 1, parseUrlLine) : parseUrlLine(line, index + 1);
    if (typeof result === 'string') {
      errors.push(result);
      return;
    }
    const earlier = byUrl.get(result.url);
    if (earlier) mergeMirrors(earlier.entry, result);
    if (!earlier) {
      byUrl.set(result.url, { entry: result, line: index + 1 });
    } else if (result.sha256 !== undefined) {
      if (earlier.entry.sha256 === undefined) {
        earlier.entry.sha256 = result.sha256;
      } else if (earlier.entry.sha256 !== result.sha256) {
        errors.push(`Line ${index + 1}: this link is also on line ${earlier.line}, with a different sha256.`);
      }
    }
  });

  const shown = errors.slice(0, MAX_REPORTED_ERRORS);
  const hidden = errors.length - shown.length;
  if (hidden > 0) shown.push(`…and ${hidden} more ${hidden === 1 ? 'problem' : 'problems'}.`);
  return { entries: [...byUrl.values()].map((v) => v.entry), errors: shown };
}

/**
 * One trimmed, non-empty line: an entry, or the sentence explaining what is wrong with it.
 * Each step is one pass over the line or a call of the (linear) URL parser, and the line is
 * at most MAX_LINE_CHARS long before any of them runs. Lists read from a file (aria2-list.ts)
 * check their links with it too.
 */
export function parseUrlLine(line: string, lineNumber: number): UrlEntry | string {
  const prefix = `Line ${lineNumber}:`;
  if (line.length > MAX_LINE_CHARS) return `${prefix} ${tooLong(line.length)}`;
  const split = splitChecksum(line);
  if (split === null) return `${prefix} the sha256 checksum must follow a link on the same line.`;
  const { urlText, digest } = split;
  let sha256: string | undefined;
  if (digest !== undefined) {
    if (!isSha256Hex(digest)) {
      return `${prefix} a sha256 checksum must be 64 hexadecimal digits (got ${quote(digest)}).`;
    }
    sha256 = digest.toLowerCase();
  }
  if (urlText.length > MAX_URL_CHARS) return `${prefix} ${tooLong(urlText.length)}`;
  // Two links on one line are a likelier mistake than a URL with a literal space in it.
  if (hasSecondLink(urlText)) {
    return `${prefix} put each link on its own line (got ${quote(urlText)}).`;
  }

  const suggestion = suggestScheme(urlText);
  if (suggestion !== null) {
    return `${prefix} ${quote(urlText)} is not a complete link. Did you mean ${truncate(redactCredentials(suggestion))}?`;
  }
  let url: InstanceType<typeof URL>;
  try {
    url = new URL(urlText);
  } catch {
    return `${prefix} ${quote(urlText)} is not a valid link.`;
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') {
    return `${prefix} only http and https links can be downloaded (got ${truncate(url.protocol)}).`;
  }
  if (url.username !== '' || url.password !== '') {
    // Not quoted: echoing the line would put the password on screen again.
    return `${prefix} links with a user name or password in them (user:password@host) are not accepted; remove that part.`;
  }
  url.hash = '';
  return sha256 === undefined ? { url: url.href } : { url: url.href, sha256 };
}

function tooLong(length: number): string {
  return `this link is ${length.toLocaleString('en-US')} characters long; most servers refuse links longer than ${MAX_URL_CHARS.toLocaleString('en-US')} characters.`;
}

/**
 * Splits "LINK sha256=HEX" into the link and the digest: the checksum is the last word when it
 * starts with `sha256=` (any case). Null when a checksum comes first, with no link before it.
 */
function splitChecksum(line: string): { urlText: string; digest: string | undefined } | null {
  let wordStart = line.length;
  while (wordStart > 0 && !isSpace(line[wordStart - 1])) wordStart--;
  const lastWord = line.slice(wordStart);
  if (!SHA256_PREFIX.test(lastWord)) {
    return SHA256_PREFIX.test(line) ? null : { urlText: line, digest: undefined };
  }
  if (wordStart === 0) return null;
  let urlEnd = wordStart;
  while (urlEnd > 0 && isSpace(line[urlEnd - 1])) urlEnd--;
  return { urlText: line.slice(0, urlEnd), digest: lastWord.slice('sha256='.length) };
}

/** Whether a word after the first holds "://", as in "https://a/x https://b/y". */
function hasSecondLink(text: string): boolean {
  return text.split(/\s+/).some((word, index) => index > 0 && word.includes('://'));
}

/**
 * "https://…" when `text` is a host (and maybe port and path) typed without a scheme, else
 * null: "example.com", "localhost:3000/x". Such text either fails to parse or parses as a bogus
 * scheme ("localhost:").
 */
function suggestScheme(text: string): string | null {
  if (text.startsWith('//')) return `https:${text}`;
  if (text.includes('://')) return null;
  // A bracketed IPv6 literal holds colons, so its end is its closing bracket.
  const hostEnd = text.startsWith('[') ? text.indexOf(']') + 1 : firstIndexOf(text, ':/?#');
  if (hostEnd <= 0) return null;
  // Needing a dot, "localhost" or an IP keeps "mailto:x" on the scheme error.
  return isBareHost(text.slice(0, hostEnd)) && AFTER_HOST.test(text.slice(hostEnd)) ? `https://${text}` : null;
}

/** localhost, an IPv4 or bracketed IPv6 address, or a dotted name whose last label starts with a letter. */
function isBareHost(host: string): boolean {
  if (host.toLowerCase() === 'localhost' || IPV4.test(host) || IPV6_LITERAL.test(host)) return true;
  const labels = host.split('.');
  const top = labels[labels.length - 1] ?? '';
  return labels.length >= 2 && labels.every((label) => LABEL.test(label)) && TOP_LABEL.test(top);
}

/** The first index in `text` of any of `chars`, or text.length when there is none. */
function firstIndexOf(text: string, chars: string): number {
  for (let i = 0; i < text.length; i++) if (chars.includes(text[i] ?? '')) return i;
  return text.length;
}

function isSpace(ch: string | undefined): boolean {
  return ch !== undefined && /\s/.test(ch);
}

/** User text to show: passwords hidden first, so the cut cannot leave part of one visible. */
function quote(text: string): string {
  return `"${truncate(redactCredentials(text))}"`;
}

function truncate(text: string): string {
  if (text.length <= QUOTE_LIMIT) return text;
  // Cut between code points so an emoji is not split into a lone surrogate.
  return `${Array.from(text).slice(0, QUOTE_LIMIT - 1).join('')}…`;
}
