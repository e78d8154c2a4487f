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
  /** Cut after this many body bytes; with `cutMax`, a pseudo-random count in [cut, cutMax]. */
  cut: number | undefined;
  cutMax: number | undefined;
  cuts: number | undefined;
  stall: number | undefined;
  stalls: number | undefined;
  /** Statuses to inject, used in turn (the k-th injected failure answers fail[k % length]). */
  fail: number[] | undefined;
  /** How many failures to inject; undefined: 1, or every request after `failAfter` when that is set. */
  fails: number | undefined;
  failAfter: number | undefined;
  retryAfter: string | undefined;
  /** Retry-After as an HTTP-date this many seconds after the answer. */
  retryAfterDate: number | undefined;
  wrongrange: boolean;
  wrongranges: number | undefined;
  badcr: boolean;
  badcrs: number | undefined;
  short: number | undefined;
  shorts: number | undefined;
  long: number | undefined;
  longs: number | undefined;
  html: boolean;
  htmls: number | undefined;
  htmlAfter: number | undefined;
  /** The HTML page answers a range with 206 and a Content-Range for the page's own length. */
  html206: boolean;
  norangeAfter: number | undefined;
  novalidators: boolean;
  lie: Lie | undefined;
  delay: number | undefined;
  delays: number | undefined;
  /** Reason phrase of injected failures (fail=), instead of Node's standard one. */
  reason: string | undefined;
  /** Undefined: the default attachment header; null: no header at all. */
  disposition: string | null | undefined;
}

/** Hostile headers the origin can send; see `lie=` in server.ts. */
export const LIES = ['petabytes', 'negative', 'nan', 'traversal', 'bidi'] as const;
export type Lie = (typeof LIES)[number];

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

/** `fail=503` or `fail=503,429,500`: each an HTTP status in [200, 599]. */
function statusList(q: URLSearchParams, key: string): number[] | undefined {
  const raw = q.get(key);
  if (raw === null) return undefined;
  const parts = raw.split(',');
  return parts.map((part) => {
    if (!/^\d{3}$/.test(part) || Number(part) < 200 || Number(part) > 599) {
      throw new OptionError(`${key}=${raw}: not a list of HTTP statuses in [200, 599]`);
    }
    return Number(part);
  });
}

/** `cut=N` or `cut=MIN-MAX`. */
function cutOption(q: URLSearchParams): { cut: number | undefined; cutMax: number | undefined } {
  const raw = q.get('cut');
  if (raw === null) return { cut: undefined, cutMax: undefined };
  const m = /^(\d+)-(\d+)$/.exec(raw);
  if (m === null) return { cut: int(q, 'cut', 0), cutMax: undefined };
  const min = Number(m[1]);
  const max = Number(m[2]);
  if (!Number.isSafeInteger(max) || min > max) throw new OptionError(`cut=${raw}: not a range MIN-MAX with MIN <= MAX`);
  return { cut: min, cutMax: max };
}

function lieOption(q: URLSearchParams): Lie | undefined {
  const raw = q.get('lie');
  if (raw === null) return undefined;
  const lie = LIES.find((l) => l === raw);
  if (lie === undefined) throw new OptionError(`lie=${raw}: expected one of ${LIES.join(', ')}`);
  return lie;
}

export function parseFileOptions(q: URLSearchParams): FileOptions {
  const disposition = q.get('disposition');
  const rate = int(q, 'rate', 1);
  if (q.has('retryafter') && q.has('retryafterdate')) {
    throw new OptionError('retryafter= and retryafterdate= cannot be combined');
  }
  return {
    size: int(q, 'size', 0) ?? DEFAULT_SIZE,
    seed: int(q, 'seed', Number.MIN_SAFE_INTEGER),
    norange: flag(q, 'norange'),
    nolength: flag(q, 'nolength'),
    nocors: flag(q, 'nocors'),
    noexpose: flag(q, 'noexpose'),
    rate,
    ...cutOption(q),
    cuts: int(q, 'cuts', 0),
    stall: int(q, 'stall', 0),
    stalls: int(q, 'stalls', 0),
    fail: statusList(q, 'fail'),
    fails: int(q, 'fails', 0),
    failAfter: int(q, 'failafter', 0),
    retryAfter: q.get('retryafter') ?? undefined,
    retryAfterDate: int(q, 'retryafterdate', 0, 86_400),
    wrongrange: flag(q, 'wrongrange'),
    wrongranges: int(q, 'wrongranges', 0),
    badcr: flag(q, 'badcr'),
    badcrs: int(q, 'badcrs', 0),
    short: int(q, 'short', 0),
    shorts: int(q, 'shorts', 0),
    long: int(q, 'long', 1),
    longs: int(q, 'longs', 0),
    html: flag(q, 'html'),
    htmls: int(q, 'htmls', 0),
    htmlAfter: int(q, 'htmlafter', 0),
    html206: flag(q, 'html206'),
    norangeAfter: int(q, 'norangeafter', 0),
    novalidators: flag(q, 'novalidators'),
    lie: lieOption(q),
    delay: int(q, 'delay', 0, 3_600_000),
    delays: int(q, 'delays', 0),
    reason: q.get('reason') ?? undefined,
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
