import { judgeProbeAnswer, judgeRangeAnswer, type AnswerHeaders, type KnownFile } from '../../shared/answer-check';
import { isRetryableStatus, parseRetryAfter } from '../../shared/retry-policy';
import { DownloadError, FileChangedError, isAbort } from '../download-error';

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
}

const CORS_MESSAGE = 'This server does not allow downloads from other sites (CORS)';

/**
 * fetch() rejects with a bare TypeError both when the network fails and when CORS refuses the
 * read. An opaque no-cors request to the same URL tells them apart: it succeeds when the server
 * answered at all. It is a HEAD, and is ended once answered: no-cors drops the Range header, so
 * a GET would fetch the whole file into a body nobody reads, holding one of the browser's six
 * connections to the server until the stall timeout dropped the requests queued behind it.
 */
async function explainFetchFailure(url: string, error: unknown, signal: AbortSignal): Promise<unknown> {
  if (isAbort(error) || signal.aborted || !(error instanceof TypeError)) return error;
  const done = new AbortController();
  try {
    await fetch(url, { mode: 'no-cors', method: 'HEAD', cache: 'no-store', signal: AbortSignal.any([signal, done.signal]) });
  } catch (second) {
    if (isAbort(second) || signal.aborted) return second;
    return new DownloadError('network', 'Could not reach the server', true);
  } finally {
    done.abort();
  }
  return new DownloadError('cors', CORS_MESSAGE, false);
}

async function fetchOrExplain(url: string, init: RequestInit & { signal: AbortSignal }): Promise<Response> {
  try {
    return await fetch(url, { cache: 'no-store', ...init });
  } catch (error) {
    throw await explainFetchFailure(url, error, init.signal);
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

/**
 * One open-ended safelisted range request does the work of a HEAD and the first segment at once
 * (see judgeProbeAnswer for how the answer is read).
 */
export async function probe(url: string, signal: AbortSignal): Promise<ProbeResult> {
  let response = await fetchOrExplain(url, { headers: { Range: 'bytes=0-' }, signal });
  if (response.status === 416) {
    // An empty file has no byte 0 to ask for; a plain GET tells its (zero) length.
    discardBody(response);
    response = await fetchOrExplain(url, { signal });
  }
  const headers = headersOf(response);
  const verdict = judgeProbeAnswer(headers);
  if (verdict.kind !== 'ok') {
    discardBody(response);
    if (verdict.kind === 'status') throw statusError(response);
    throw new DownloadError('bad-response', verdict.message, verdict.kind === 'bad');
  }
  return {
    response,
    rangeSupported: verdict.rangeSupported,
    size: verdict.size,
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
  const response = await fetchOrExplain(url, { headers: { Range: `bytes=${start}-${end - 1}` }, signal });
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
