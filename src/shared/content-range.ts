import { formatBytes } from './format';

/** A parsed Content-Range response header (RFC 9110 §14.4); `end` is inclusive as on the wire. */
export type ContentRange =
  | { kind: 'range'; start: number; end: number; total: number | null }
  | { kind: 'unsatisfied'; total: number };

/** 128 TiB. Anything larger is a broken or hostile server, not a real file a browser could stage. */
export const MAX_FILE_SIZE = 2 ** 47;

// Only space and tab count as whitespace in HTTP; \s would also admit Unicode spaces.
const RANGE_RESP = /^bytes[ \t]+([0-9]+)-([0-9]+)\/([0-9]+|\*)$/i;
const UNSATISFIED = /^bytes[ \t]+\*\/([0-9]+)$/i;

/**
 * Parses `bytes 0-99/1000`, `bytes 0-99/*` or `bytes *\/1000`. Returns null for anything else,
 * including ranges that contradict themselves (end before start, end past the total) and
 * numbers that a double cannot hold exactly, because acting on them would corrupt the file.
 */
export function parseContentRange(header: string | null): ContentRange | null {
  if (header === null) return null;
  const text = trimHttpWhitespace(header);
  const unsatisfied = UNSATISFIED.exec(text);
  if (unsatisfied) {
    const total = parseDigits(unsatisfied[1]);
    return total === null ? null : { kind: 'unsatisfied', total };
  }
  const match = RANGE_RESP.exec(text);
  if (!match) return null;
  const start = parseDigits(match[1]);
  const end = parseDigits(match[2]);
  if (start === null || end === null || end < start) return null;
  if (match[3] === '*') return { kind: 'range', start, end, total: null };
  const total = parseDigits(match[3]);
  if (total === null || end >= total) return null;
  return { kind: 'range', start, end, total };
}

/**
 * Parses Content-Length. A list of identical values ("5, 5") is accepted because RFC 9110 §8.6
 * allows a recipient to treat it as one value (proxies sometimes merge duplicates); differing
 * values mean the body length is unknowable, so null.
 */
export function parseContentLength(header: string | null): number | null {
  if (header === null) return null;
  let value: number | null = null;
  for (const part of header.split(',')) {
    const n = parseDigits(trimHttpWhitespace(part));
    if (n === null || (value !== null && n !== value)) return null;
    value = n;
  }
  return value;
}

/** A sentence explaining why a reported size cannot be right, or null when it is plausible. */
export function checkSize(n: number): string | null {
  if (n > MAX_FILE_SIZE) {
    return `The server reported a size of ${formatBytes(n)}, more than the ${formatBytes(MAX_FILE_SIZE)} this app can handle, so the answer is probably broken.`;
  }
  if (!Number.isSafeInteger(n) || n < 0) return `The server reported an impossible file size (${String(n)}).`;
  return null;
}

function parseDigits(text: string | undefined): number | null {
  if (text === undefined || !/^[0-9]+$/.test(text)) return null;
  const n = Number(text);
  return Number.isSafeInteger(n) ? n : null;
}

function trimHttpWhitespace(s: string): string {
  return s.replace(/^[ \t]+|[ \t]+$/g, '');
}
