import { judgeProbeAnswer, judgeRangeAnswer, type AnswerHeaders, type KnownFile } from '../../shared/answer-check';
import { isBlockedMixedContent } from '../../shared/mixed-content';
import { isRetryableStatus, parseRetryAfter } from '../../shared/retry-policy';
import { DownloadError, FileChangedError, isAbort } from '../download-error';
import { fetchWindowed } from '../zip/window-fetch';

export interface Validators {
  etag: string | null;
  lastModified: string | null;
}

export interface ProbeResult extends Validators {
  /** Body not yet read: bytes from offset 0, to be used as the first segment's stream. */
  response: Response;
  rangeSupported: boolean;
  size: number | null;
  contentType: string | null;
  /** The raw Content-Disposition header, when the server exposes it. */
  disposition: string | null;
  /** Content-Range was readable (exposed by CORS) and checked. */
  contentRangeShown: boolean;
  /** Where the body ends, when the probe asked a bounded first piece and got one; null: to the end. */
  bodyEnd: number | null;
}

const CORS_MESSAGE = 'This server does not allow downloads from other sites (CORS)';
const MIXED_CONTENT_MESSAGE =
  'This page is served over https and the link is plain http, which the browser does not let the page read (mixed content). Use an https link if the server has one.';
const UNREADABLE_MESSAGE =
  'The server sent an error the browser would not let this page read (it sends no CORS headers with its errors). If the link has expired, paste a fresh one with Change URL.';

/** How long one check's verdict stands for every request to the URL that failed meanwhile. */
const CHECK_REUSE_MS = 3_000;
const answeredChecks = new Map<string, { at: number; answered: Promise<boolean> }>();

/**
 * Whether the server answers at all: an opaque no-cors request succeeds when it did, whatever the
 * status. It is a HEAD, ended once answered: no-cors drops the Range header, so a GET would fetch
 * the whole file into a body nobody reads, holding one of the browser's six connections to the
 * server. Connections that fail together share one check.
 */
function serverAnswers(url: string, signal: AbortSignal): Promise<boolean> {
  const now = performance.now();
  const recent = answeredChecks.get(url);
  if (recent !== undefined && now - recent.at < CHECK_REUSE_MS) return untilAborted(recent.answered, signal);
  for (const [key, check] of answeredChecks) if (now - check.at >= CHECK_REUSE_MS) answeredChecks.delete(key);
  // Not tied to one request's signal: other requests may wait for the verdict.
  const answered = fetch(url, { mode: 'no-cors', method: 'HEAD', cache: 'no-store', signal: AbortSignal.timeout(15_000) }).then(
    () => true,
    () => false,
  );
  answeredChecks.set(url, { at: now, answered });
  return untilAborted(answered, signal);
}

/** `promise`, or the abort reason as soon as `signal` fires: a stopped job does not wait for others' checks. */
function untilAborted<T>(promise: Promise<T>, signal: AbortSignal): Promise<T> {
  if (signal.aborted) return Promise.reject(signal.reason);
  return new Promise<T>((resolve, reject) => {
    const onAbort = (): void => reject(signal.reason);
    signal.addEventListener('abort', onAbort, { once: true });
    promise.then(resolve, reject).finally(() => signal.removeEventListener('abort', onAbort));
  });
}

/**
 * fetch() rejects with a bare TypeError both when the network fails and when the server's answer
 * may not be read (no CORS headers). Before the URL ever answered readably that is a server that
 * refuses other sites (final); after — `answeredBefore` — it is an error answer sent without CORS
 * headers, as nginx's `add_header` does by default: an expired link or a busy server, retried.
 */
async function explainFetchFailure(url: string, error: unknown, signal: AbortSignal, answeredBefore: boolean): Promise<unknown> {
  if (isAbort(error) || signal.aborted || !(error instanceof TypeError)) return error;
  let answered: boolean;
  try {
    answered = await serverAnswers(url, signal);
  } catch (stopped) {
    return stopped;
  }
  if (signal.aborted) return signal.reason;
  if (!answered) return new DownloadError('network', 'Could not reach the server', true);
  return answeredBefore ? new DownloadError('unreadable', UNREADABLE_MESSAGE, true) : new DownloadError('cors', CORS_MESSAGE, false);
}

async function fetchOrExplain(url: string, init: RequestInit & { signal: AbortSignal }, answeredBefore: boolean): Promise<Response> {
  try {
    return await fetchWindowed(url, { cache: 'no-store', ...init });
  } catch (error) {
    throw await explainFetchFailure(url, error, init.signal, answeredBefore);
  }
}

export function statusError(response: Response): DownloadError {
  const text = `${response.status}${response.statusText ? ` ${response.statusText}` : ''}`;
  const retryAfter = parseRetryAfter(response.headers.get('Retry-After'), Date.now());
  return new DownloadError('http', `The server answered ${text}`, isRetryableStatus(response.status), retryAfter, response.status);
}

/** Error bodies are never data: drop them without reading. */
export function discardBody(response: Response): void {
  response.body?.cancel().catch(() => undefined);
}

function headersOf(response: Response): AnswerHeaders {
  const h = response.headers;
  return {
    status: response.status,
    contentType: h.get('Content-Type'),
    contentLength: h.get('Content-Length'),
    contentRange: h.get('Content-Range'),
    etag: h.get('ETag'),
    lastModified: h.get('Last-Modified'),
  };
}

/** Whether a plain HEAD of `url` is answered in a way this page may read. */
async function readableHead(url: string, signal: AbortSignal): Promise<boolean> {
  try {
    return (await fetch(url, { method: 'HEAD', cache: 'no-store', signal })).ok;
  } catch {
    return false;
  }
}

/**
 * The total size by a plain HEAD (safelisted: no preflight, no body), for a bounded first answer
 * that hides Content-Range; null when the HEAD does not tell (a signed URL valid for GET only).
 */
async function sizeByHead(url: string, atLeast: number, signal: AbortSignal): Promise<number | null> {
  try {
    const head = await fetch(url, { method: 'HEAD', cache: 'no-store', signal });
    const verdict = head.ok ? judgeProbeAnswer(headersOf(head)) : null;
    const size = verdict?.kind === 'ok' ? verdict.size : null;
    return size !== null && size >= atLeast ? size : null;
  } catch (error) {
    if (signal.aborted) throw signal.reason;
    return null;
  }
}

/**
 * One safelisted range request does the work of a HEAD and the first piece at once (see
 * judgeProbeAnswer for how the answer is read). With `firstBytes` it asks only that many: an
 * open-ended answer runs on past the first piece, and when the piece is done and the stream is
 * cut, everything the server had already sent (its socket buffers, megabytes on a fast link) is
 * thrown away. Without it — and when a bounded answer hides the total and a HEAD does not tell —
 * it asks `bytes=0-`.
 */
export async function probe(url: string, signal: AbortSignal, answeredBefore = false, firstBytes: number | null = null): Promise<ProbeResult> {
  if (isBlockedMixedContent(self.location.href, url)) throw new DownloadError('mixed-content', MIXED_CONTENT_MESSAGE, false);
  const range = firstBytes === null ? 'bytes=0-' : `bytes=0-${firstBytes - 1}`;
  let response: Response;
  try {
    response = await fetchOrExplain(url, { headers: { Range: range }, signal }, answeredBefore);
  } catch (error) {
    // nginx answers the range of an empty file with a 416 whose Access-Control-Allow-Origin is
    // doubled, which the browser refuses to show: it reads as a CORS refusal. A HEAD (no preflight,
    // no body) tells: when the server lets the page read it, the file is asked for without a range.
    if (!(error instanceof DownloadError) || error.kind !== 'cors' || !(await readableHead(url, signal))) throw error;
    response = await fetchOrExplain(url, { signal }, true);
  }
  if (response.status === 416) {
    // An empty file has no byte 0 to ask for; a plain GET tells its (zero) length.
    discardBody(response);
    response = await fetchOrExplain(url, { signal }, true);
  }
  const headers = headersOf(response);
  const verdict = judgeProbeAnswer(headers, firstBytes);
  if (verdict.kind !== 'ok') {
    discardBody(response);
    if (verdict.kind === 'status') throw statusError(response);
    throw new DownloadError('bad-response', verdict.message, verdict.kind === 'bad');
  }
  let size = verdict.size;
  if (verdict.totalHidden) {
    size = await sizeByHead(url, verdict.bodyEnd ?? 0, signal);
    if (size === null) {
      discardBody(response);
      return probe(url, signal, true);
    }
  }
  return {
    response,
    rangeSupported: verdict.rangeSupported,
    size,
    bodyEnd: size !== null && verdict.bodyEnd !== null && verdict.bodyEnd < size ? verdict.bodyEnd : null,
    etag: headers.etag,
    lastModified: headers.lastModified,
    contentType: headers.contentType,
    disposition: response.headers.get('Content-Disposition'),
    contentRangeShown: headers.contentRange !== null,
  };
}

export interface RangeRequest {
  url: string;
  start: number;
  /** Exclusive end. */
  end: number;
  file: KnownFile;
  signal: AbortSignal;
}

export type RangeAnswer =
  /** `contentRangeShown`: Content-Range was readable and is the range asked; else nothing shows which bytes came. */
  | { kind: 'range'; response: Response; contentRangeShown: boolean }
  /** The same file, whole, from byte 0: the server no longer honours ranges. */
  | { kind: 'whole'; response: Response };

/**
 * Asks for [start, end) and checks the answer (judgeRangeAnswer) before any byte is used. The
 * request carries `Range` alone, which is CORS-safelisted: no preflight, so servers that do not
 * answer OPTIONS (nginx's usual one-line CORS setup answers 405) serve every range, and no round
 * trip is spent per piece. If-Range would buy nothing the answer's own validators, total size and
 * (without them) the fingerprint and overlap checks do not already tell before a byte is written.
 */
export async function requestRange(request: RangeRequest): Promise<RangeAnswer> {
  const { url, start, end, file, signal } = request;
  // Every range follows a probe that was read: a failure to read now is an error answer.
  const response = await fetchOrExplain(url, { headers: { Range: `bytes=${start}-${end - 1}` }, signal }, true);
  const answer = headersOf(response);
  const verdict = judgeRangeAnswer(answer, { start, end }, file);
  switch (verdict.kind) {
    case 'ok':
      return { kind: 'range', response, contentRangeShown: answer.contentRange !== null };
    case 'whole':
      return { kind: 'whole', response };
    case 'changed':
      discardBody(response);
      throw new FileChangedError(verdict.detail);
    case 'status':
      discardBody(response);
      throw statusError(response);
    case 'bad':
      discardBody(response);
      throw new DownloadError('bad-response', verdict.message, true);
  }
}
