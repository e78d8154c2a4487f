import type { FailureKind } from '../shared/types';

export class DownloadError extends Error {
  constructor(
    readonly kind: FailureKind,
    message: string,
    readonly retryable: boolean,
    readonly retryAfterMs: number | null = null,
    readonly status: number | null = null,
  ) {
    super(message);
    this.name = 'DownloadError';
  }
}

/** The remote file is not the one whose bytes are staged: start again rather than splice. */
export class FileChangedError extends DownloadError {
  constructor(detail: string) {
    super('changed', `The file changed on the server (${detail})`, false);
  }
}

/**
 * Whether `error` is a DOMException (or an Error) named `name`. Errors that crossed from the
 * copier worker arrive as plain Errors (comlink keeps name and message, not the class), so the
 * name is what is compared.
 */
export function isDomError(error: unknown, name: string): boolean {
  return (error instanceof Error || error instanceof DOMException) && error.name === name;
}

/** An abort: a signal fired, or the person closed a picker. Never a failure. */
export function isAbort(error: unknown): boolean {
  return isDomError(error, 'AbortError');
}

function isQuotaError(error: unknown): boolean {
  return isDomError(error, 'QuotaExceededError');
}

/**
 * A write the browser stopped partway, read as what it most likely is: no space. Chromium sends
 * a write's bytes through a pipe, and when the file refuses more (a full disk or quota) it closes
 * the pipe; the page is then told "Failed to write data to data pipe" (an AbortError), and the
 * browser's own reason is dropped, since file_system_underlying_sink.cc reports the pipe first.
 * Nothing of ours aborted it, and reading it as no space keeps the staged bytes and offers Resume.
 */
export function asRefusedWrite(error: unknown): unknown {
  if (!isAbort(error) || !(error instanceof Error || error instanceof DOMException)) return error;
  if (!/data pipe/i.test(error.message)) return error;
  return new DOMException(`The browser stopped a write to the file (${error.message})`, 'QuotaExceededError');
}

export function isPermissionError(error: unknown): boolean {
  return isDomError(error, 'NotAllowedError') || isDomError(error, 'SecurityError');
}

/** Turns anything thrown while downloading into a DownloadError with a readable message. */
export function toDownloadError(error: unknown): DownloadError {
  if (error instanceof DownloadError) return error;
  if (isQuotaError(error)) {
    return new DownloadError('quota', 'Not enough space to store this download. Free some space, then Resume.', false);
  }
  if (isPermissionError(error)) {
    return new DownloadError('permission', 'Permission to save the file was denied', false);
  }
  if (error instanceof TypeError) {
    return new DownloadError('network', `The connection failed (${error.message})`, true);
  }
  const message = error instanceof Error ? error.message : String(error);
  return new DownloadError('storage', `Unexpected error: ${message}`, false);
}

/** Statuses that, once a job has bytes, mean its link stopped working rather than a bad request. */
const GONE_STATUSES = new Set([401, 403, 404, 410]);

/** Whether `failure` is an answer a link gives once it stopped working (see GONE_STATUSES). */
export function isGoneAnswer(failure: DownloadError): boolean {
  return failure.kind === 'http' && failure.status !== null && GONE_STATUSES.has(failure.status);
}

/** The failure as an expired link, when it is one; null otherwise. */
export function asExpiredLink(failure: DownloadError): DownloadError | null {
  if (!isGoneAnswer(failure)) return null;
  const detail = failure.message.replace(/^The server answered /, '');
  return new DownloadError('expired', `The link no longer works (the server answered ${detail}). Paste a fresh link with Change URL to carry on.`, false, null, failure.status);
}

/**
 * A refusal a server gives when it has too many connections from us (nginx `limit_conn` answers
 * 503; others 429), or an error answer we could not read, which may be one of those.
 */
export function mayBeBusy(failure: DownloadError): boolean {
  if (failure.kind === 'unreadable') return true;
  return failure.kind === 'http' && (failure.status === 503 || failure.status === 429);
}

/**
 * The failure in a few words for "Retrying (3 of 8): …": its first sentence without its
 * parenthesised details, starting lower-case unless it starts with an abbreviation (CORS, HTTP).
 */
export function retryReason(failure: DownloadError): string {
  const first = failure.message.split(/\.\s/, 1)[0] ?? failure.message;
  const short = first.replace(/\s*\([^)]*\)/g, '').replace(/\.$/, '').trim();
  const lowered = /^[A-Z][a-z]/.test(short) ? `${short.charAt(0).toLowerCase()}${short.slice(1)}` : short;
  return lowered === '' ? failure.kind : lowered;
}
