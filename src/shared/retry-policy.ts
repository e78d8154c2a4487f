export interface RetryPolicy {
  /** Failed attempts in a row (without progress in between) after which to stop. */
  maxAttempts: number;
  /** Time since the first of those failures after which to stop. */
  maxElapsedMs: number;
  baseDelayMs: number;
  maxDelayMs: number;
}

/** Rides out a restarting server or a few minutes of flaky Wi-Fi without hammering anyone. */
export const DEFAULT_RETRY_POLICY: RetryPolicy = {
  maxAttempts: 8,
  maxElapsedMs: 5 * 60_000,
  baseDelayMs: 500,
  maxDelayMs: 30_000,
};

/** Servers ask for minutes at most in practice; a longer wait is better shown as a failure. */
const MAX_RETRY_AFTER_MS = 60 * 60_000;

/**
 * 5xx statuses that describe a permanent property of the server or the request; asking again
 * gets the same answer. 501 Not Implemented, 505 HTTP Version Not Supported, 506 Variant Also
 * Negotiates, 507 Insufficient Storage, 508 Loop Detected, 510 Not Extended, 511 Network
 * Authentication Required (a captive portal the person must log in to first).
 */
const PERMANENT_SERVER_ERRORS = new Set([501, 505, 506, 507, 508, 510, 511]);

/**
 * Whether a response status is worth retrying: 408 Request Timeout, 425 Too Early, 429 Too Many
 * Requests, and every 5xx except the permanent ones above. Unlisted 5xx count as transient
 * because CDNs use them for origin trouble (Cloudflare's 520–524, 598/599 from proxies), and the
 * retry budget bounds the cost of being wrong. Other 4xx are the request's fault and final.
 */
export function isRetryableStatus(status: number): boolean {
  if (status === 408 || status === 425 || status === 429) return true;
  return status >= 500 && status <= 599 && !PERMANENT_SERVER_ERRORS.has(status);
}

const MONTHS = ['jan', 'feb', 'mar', 'apr', 'may', 'jun', 'jul', 'aug', 'sep', 'oct', 'nov', 'dec'];
// RFC 9110 §5.6.7: recipients must accept IMF-fixdate and the two obsolete formats.
const IMF_FIXDATE = /^[a-z]{3}, (\d{2}) ([a-z]{3}) (\d{4}) (\d{2}):(\d{2}):(\d{2}) gmt$/i;
const RFC850_DATE = /^[a-z]+, (\d{2})-([a-z]{3})-(\d{2}) (\d{2}):(\d{2}):(\d{2}) gmt$/i;
const ASCTIME_DATE = /^[a-z]{3} ([a-z]{3}) ([ \d]\d) (\d{2}):(\d{2}):(\d{2}) (\d{4})$/i;

/**
 * The wait a Retry-After header asks for, in ms from `nowMs`: delta-seconds or an HTTP-date.
 * Null when absent or unreadable; a time already past gives 0; capped at one hour.
 */
export function parseRetryAfter(header: string | null, nowMs: number): number | null {
  if (header === null) return null;
  const text = header.trim();
  let delay: number | null = null;
  if (/^-?\d+$/.test(text)) {
    delay = Number(text) * 1000;
  } else {
    const at = parseHttpDate(text, nowMs);
    if (at !== null) delay = at - nowMs;
  }
  if (delay === null || Number.isNaN(delay)) return null;
  return Math.min(Math.max(delay, 0), MAX_RETRY_AFTER_MS);
}

/**
 * Delay before retry number `attempt` (1 for the first): "full jitter" backoff, a uniform pick in
 * [0, min(maxDelayMs, baseDelayMs × 2^(attempt−1))), so connections that failed together do not
 * come back together. A server's Retry-After is a floor, never shortened by the jitter.
 */
export function nextRetryDelay(
  attempt: number,
  policy: RetryPolicy,
  random: () => number,
  retryAfterMs: number | null,
): number {
  const exponent = Math.max(0, Math.floor(attempt) - 1);
  const ceiling = Math.min(policy.maxDelayMs, policy.baseDelayMs * 2 ** exponent);
  const fraction = Math.min(Math.max(random(), 0), 1);
  const jittered = Math.floor(ceiling * fraction);
  return retryAfterMs === null ? jittered : Math.max(retryAfterMs, jittered);
}

/** True when `attempt` failures in a row, or the time since the first of them, exhaust the policy. */
export function shouldGiveUp(attempt: number, firstFailureAtMs: number, nowMs: number, policy: RetryPolicy): boolean {
  return attempt >= policy.maxAttempts || nowMs - firstFailureAtMs >= policy.maxElapsedMs;
}

/** Milliseconds since the epoch for an HTTP-date, or null when it is not one. */
function parseHttpDate(text: string, nowMs: number): number | null {
  let parts: { day?: string; month?: string; year: number; clock: (string | undefined)[] };
  let m = IMF_FIXDATE.exec(text);
  if (m) {
    parts = { day: m[1], month: m[2], year: Number(m[3]), clock: [m[4], m[5], m[6]] };
  } else if ((m = RFC850_DATE.exec(text))) {
    parts = { day: m[1], month: m[2], year: expandTwoDigitYear(Number(m[3]), nowMs), clock: [m[4], m[5], m[6]] };
  } else if ((m = ASCTIME_DATE.exec(text))) {
    parts = { day: m[2], month: m[1], year: Number(m[6]), clock: [m[3], m[4], m[5]] };
  } else {
    return null;
  }
  const month = MONTHS.indexOf((parts.month ?? '').toLowerCase());
  const day = Number((parts.day ?? '').trim());
  const [h, min, s] = parts.clock.map(Number);
  if (month < 0 || h === undefined || min === undefined || s === undefined) return null;
  if (day < 1 || day > 31 || h > 23 || min > 59 || s > 60) return null;
  return Date.UTC(parts.year, month, day, h, min, s);
}

/** RFC 9110: a two-digit year that would be over 50 years ahead belongs to the previous century. */
function expandTwoDigitYear(yy: number, nowMs: number): number {
  const current = new Date(nowMs).getUTCFullYear();
  const year = current - (current % 100) + yy;
  return year > current + 50 ? year - 100 : year;
}
