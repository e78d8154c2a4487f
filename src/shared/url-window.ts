/**
 * A job that downloads one entry of a remote ZIP asks the archive's URL for a window of it: the
 * entry's compressed bytes. The window travels in the link's fragment (`#rangefetch-bytes=S-L`,
 * first and last byte), which fetch never sends, so everything that handles links — the record,
 * redirects, Change URL, another tab — carries it unchanged, and the engine sees a file of the
 * window's length: each request's Range is moved by the window's start and each answer's
 * Content-Range moved back (worker/zip/window-fetch.ts).
 */

export interface ByteWindow {
  start: number;
  length: number;
}

const FRAGMENT = /#rangefetch-bytes=(\d{1,16})-(\d{1,16})$/;

/** The window a link asks for, or null for a link to a whole file. */
export function windowOfUrl(url: string): ByteWindow | null {
  const m = FRAGMENT.exec(url);
  if (!m) return null;
  const start = Number(m[1]);
  const last = Number(m[2]);
  if (!Number.isSafeInteger(last) || last < start) return null;
  return { start, length: last - start + 1 };
}

/** `url` (its own fragment dropped) asking for `window` of what it serves; `length` must be at least 1. */
export function urlWithWindow(url: string, window: ByteWindow): string {
  const hash = url.indexOf('#');
  const base = hash < 0 ? url : url.slice(0, hash);
  return `${base}#rangefetch-bytes=${window.start}-${window.start + window.length - 1}`;
}

/** `to` with the window `from` asks for, when `to` has none of its own (a redirect's target). */
export function keepWindow(from: string, to: string): string {
  const window = windowOfUrl(from);
  return window === null || windowOfUrl(to) !== null ? to : urlWithWindow(to, window);
}

/**
 * The Range to send for a request that asked `asked` of the window (null: the whole of it):
 * `bytes=a-b` and `bytes=a-` move by the window's start and stop at its end. Null for a range
 * that starts past the window (the caller answers that itself, as a server would: 416).
 */
export function rangeInWindow(asked: string | null, window: ByteWindow): string | null {
  const last = window.start + window.length - 1;
  if (asked === null) return `bytes=${window.start}-${last}`;
  const m = /^bytes=(\d+)-(\d*)$/.exec(asked.trim());
  if (!m) return null;
  const first = Number(m[1]);
  if (first >= window.length) return null;
  const end = m[2] === '' ? window.length - 1 : Math.min(Number(m[2]), window.length - 1);
  return `bytes=${window.start + first}-${window.start + end}`;
}

/**
 * The answer's Content-Range as the window sees it (`bytes x-y/length`), or null when the bytes
 * it names are not inside the window.
 */
export function contentRangeInWindow(contentRange: string, window: ByteWindow): string | null {
  const m = /^\s*bytes\s+(\d+)-(\d+)\/(\d+|\*)\s*$/i.exec(contentRange);
  if (!m) return null;
  const first = Number(m[1]) - window.start;
  const last = Number(m[2]) - window.start;
  if (first < 0 || last < first || last >= window.length) return null;
  if (m[3] !== '*' && Number(m[3]) < window.start + window.length) return null;
  return `bytes ${first}-${last}/${window.length}`;
}
