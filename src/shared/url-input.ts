import { isSha256Hex } from './hex';
import type { UrlEntry } from './types';

export interface ParsedInput {
  entries: UrlEntry[];
  errors: string[];
}

/** More than this many problems is a wall of text; the rest are summarised in one line. */
const MAX_REPORTED_ERRORS = 5;
const QUOTE_LIMIT = 60;

// "example.com", "www.example.com:8080/path", "localhost:3000": a host someone typed without a
// scheme. Such text either fails to parse or parses as a bogus scheme ("localhost:").
const BARE_HOST = /^(localhost|[a-z0-9-]+(\.[a-z0-9-]+)*\.[a-z][a-z0-9-]*|\[[0-9a-f:.]+\]|\d{1,3}(\.\d{1,3}){3})(:\d{1,5})?([/?#]\S*)?$/i;
const CHECKSUM = /^(.*?)\s+sha256=(\S*)$/is;

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
    const result = parseLine(line, index + 1);
    if (typeof result === 'string') {
      errors.push(result);
      return;
    }
    const earlier = byUrl.get(result.url);
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

/** One trimmed, non-empty line: an entry, or the sentence explaining what is wrong with it. */
function parseLine(line: string, lineNumber: number): UrlEntry | string {
  const prefix = `Line ${lineNumber}:`;
  let urlText = line;
  let sha256: string | undefined;
  const checksum = CHECKSUM.exec(line);
  if (checksum) {
    urlText = checksum[1] ?? '';
    const digest = checksum[2] ?? '';
    if (!isSha256Hex(digest)) {
      return `${prefix} a sha256 checksum must be 64 hexadecimal digits (got ${quote(digest)}).`;
    }
    sha256 = digest.toLowerCase();
  } else if (/^sha256=/i.test(line)) {
    return `${prefix} the sha256 checksum must follow a link on the same line.`;
  }
  // Two links on one line are a likelier mistake than a URL with a literal space in it.
  if (/\s/.test(urlText) && /\s\S*:\/\//.test(urlText)) {
    return `${prefix} put each link on its own line (got ${quote(urlText)}).`;
  }

  const suggestion = suggestScheme(urlText);
  if (suggestion !== null) {
    return `${prefix} ${quote(urlText)} is not a complete link. Did you mean ${truncate(suggestion)}?`;
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

/** "https://…" when `text` is a host (and maybe path) typed without a scheme, else null. */
function suggestScheme(text: string): string | null {
  if (text.startsWith('//')) return `https:${text}`;
  if (text.includes('://')) return null;
  // BARE_HOST needs a dot, "localhost" or an IP, so "mailto:x" still gets the scheme error.
  return BARE_HOST.test(text) ? `https://${text}` : null;
}

function quote(text: string): string {
  return `"${truncate(text)}"`;
}

function truncate(text: string): string {
  if (text.length <= QUOTE_LIMIT) return text;
  // Cut between code points so an emoji is not split into a lone surrogate.
  return `${Array.from(text).slice(0, QUOTE_LIMIT - 1).join('')}…`;
}
