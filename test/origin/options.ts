/**
 * Parsing of the `/files/:name` query string and of the Range header. Kept apart from the server
 * so the server reads as "what happens", this file as "what was asked for".
 */

/** What one `/files/:name?...` request asks for; see the switch list at the top of server.ts. */
export interface FileOptions {
  size: number;
  /** Undefined: derived from the name. */
  seed: number | undefined;
  norange: boolean;
  nolength: boolean;
  nocors: boolean;
  noexpose: boolean;
  rate: number | undefined;
  cut: number | undefined;
  cuts: number | undefined;
  stall: number | undefined;
  stalls: number | undefined;
  fail: number | undefined;
  fails: number;
  retryAfter: string | undefined;
  wrongrange: boolean;
  wrongranges: number | undefined;
  badcr: boolean;
  short: number | undefined;
  html: boolean;
  htmls: number | undefined;
  delay: number | undefined;
  /** Undefined: the default attachment header; null: no header at all. */
  disposition: string | null | undefined;
}

/** A malformed query: answered with 400 so a typo in a test URL fails loudly instead of silently. */
export class OptionError extends Error {}

export const DEFAULT_SIZE = 1 << 20;

function int(q: URLSearchParams, key: string, min: number, max = Number.MAX_SAFE_INTEGER): number | undefined {
  const raw = q.get(key);
  if (raw === null) return undefined;
  if (!/^-?\d+$/.test(raw)) throw new OptionError(`${key}=${raw}: not an integer`);
  const value = Number(raw);
  if (!Number.isSafeInteger(value) || value < min || value > max) {
    throw new OptionError(`${key}=${raw}: out of range [${min}, ${max}]`);
  }
  return value;
}

function flag(q: URLSearchParams, key: string): boolean {
  const raw = q.get(key);
  return raw !== null && raw !== '0' && raw !== 'false';
}

export function parseFileOptions(q: URLSearchParams): FileOptions {
  const disposition = q.get('disposition');
  const rate = int(q, 'rate', 1);
  return {
    size: int(q, 'size', 0) ?? DEFAULT_SIZE,
    seed: int(q, 'seed', Number.MIN_SAFE_INTEGER),
    norange: flag(q, 'norange'),
    nolength: flag(q, 'nolength'),
    nocors: flag(q, 'nocors'),
    noexpose: flag(q, 'noexpose'),
    rate,
    cut: int(q, 'cut', 0),
    cuts: int(q, 'cuts', 0),
    stall: int(q, 'stall', 0),
    stalls: int(q, 'stalls', 0),
    fail: int(q, 'fail', 200, 599),
    fails: int(q, 'fails', 0) ?? 1,
    retryAfter: q.get('retryafter') ?? undefined,
    wrongrange: flag(q, 'wrongrange'),
    wrongranges: int(q, 'wrongranges', 0),
    badcr: flag(q, 'badcr'),
    short: int(q, 'short', 0),
    html: flag(q, 'html'),
    htmls: int(q, 'htmls', 0),
    delay: int(q, 'delay', 0, 3_600_000),
    disposition: disposition === null ? undefined : disposition === 'none' ? null : disposition,
  };
}

export type RangeRequest =
  | { kind: 'none' }
  | { kind: 'unsatisfiable' }
  | { kind: 'range'; start: number; end: number /* inclusive */ };

/**
 * One `bytes=` range against a representation of `size` bytes (RFC 9110 §14.1.2). Anything the
 * origin does not support (several ranges, other units, malformed values) yields 'none', which
 * the caller answers with the full 200 as the RFC allows.
 */
export function parseRange(header: string | undefined, size: number): RangeRequest {
  if (header === undefined) return { kind: 'none' };
  const m = /^\s*bytes\s*=\s*(\d*)\s*-\s*(\d*)\s*$/i.exec(header);
  if (m === null) return { kind: 'none' };
  const first = m[1] ?? '';
  const last = m[2] ?? '';
  if (first === '' && last === '') return { kind: 'none' };
  if (first === '') {
    const suffix = Number(last);
    if (suffix === 0 || size === 0) return { kind: 'unsatisfiable' };
    return { kind: 'range', start: Math.max(0, size - suffix), end: size - 1 };
  }
  const start = Number(first);
  if (last !== '' && Number(last) < start) return { kind: 'none' };
  if (start >= size) return { kind: 'unsatisfiable' };
  const end = last === '' ? size - 1 : Math.min(Number(last), size - 1);
  return { kind: 'range', start, end };
}
