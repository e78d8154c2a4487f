import { parseContentLength, parseContentRange } from '../shared/content-range';
import { isRetryableStatus, parseRetryAfter } from '../shared/retry-policy';
import { DownloadError, FileChangedError, isAbort } from './download-error';

export interface Validators {
  etag: string | null;
  lastModified: string | null;
}

export interface ProbeResult extends Validators {
  /** Body not yet read: bytes from offset 0, to be used as the first segment's stream. */
  response: Response;
  rangeSupported: boolean;
  size: number | null;
  /** The raw Content-Disposition header, when the server exposes it. */
  disposition: string | null;
}

const CORS_MESSAGE = 'This server does not allow downloads from other sites (CORS)';

/**
 * fetch() rejects with a bare TypeError both when the network fails and when CORS refuses the
 * read. An opaque no-cors request to the same URL tells them apart: it succeeds when the server
 * answered at all.
 */
async function explainFetchFailure(url: string, error: unknown, signal: AbortSignal): Promise<unknown> {
  if (isAbort(error) || !(error instanceof TypeError)) return error;
  try {
    await fetch(url, { mode: 'no-cors', method: 'GET', cache: 'no-store', signal, headers: { Range: 'bytes=0-0' } });
  } catch (second) {
    if (isAbort(second)) return second;
    return new DownloadError('network', 'Could not reach the server', true);
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
export function discard(response: Response): void {
  response.body?.cancel().catch(() => undefined);
}

function readValidators(response: Response): Validators {
  return { etag: response.headers.get('ETag'), lastModified: response.headers.get('Last-Modified') };
}

/**
 * One open-ended safelisted range request does the work of a HEAD and the first segment at once:
 * a 206 proves ranges work, and its Content-Length (always readable) is the total size because
 * the range starts at 0; Content-Range, when exposed, is cross-checked.
 */
export async function probe(url: string, signal: AbortSignal): Promise<ProbeResult> {
  let response = await fetchOrExplain(url, { headers: { Range: 'bytes=0-' }, signal });
  if (response.status === 416) {
    // An empty file has no byte 0 to ask for; a plain GET tells its (zero) length.
    discard(response);
    response = await fetchOrExplain(url, { signal });
  }
  if (response.status !== 200 && response.status !== 206) {
    discard(response);
    throw statusError(response);
  }
  const length = parseContentLength(response.headers.get('Content-Length'));
  let size = length;
  if (response.status === 206) {
    const contentRange = parseContentRange(response.headers.get('Content-Range'));
    if (contentRange?.kind === 'range') {
      if (contentRange.start !== 0 || (length !== null && contentRange.end + 1 !== length)) {
        discard(response);
        throw new DownloadError('bad-response', 'The server sent a different range than the one asked for', true);
      }
      size = contentRange.total ?? length;
    } else if (response.headers.has('Content-Range')) {
      discard(response);
      throw new DownloadError('bad-response', 'The server sent an unreadable Content-Range header', true);
    }
  }
  return {
    response,
    rangeSupported: response.status === 206 && size !== null,
    size,
    disposition: response.headers.get('Content-Disposition'),
    ...readValidators(response),
  };
}

/** If-Range takes a strong ETag or a date; a weak ETag would make every answer a full 200. */
function ifRangeValue(validators: Validators): string | null {
  if (validators.etag && !validators.etag.startsWith('W/')) return validators.etag;
  return validators.lastModified;
}

export interface RangeRequest {
  url: string;
  start: number;
  /** Exclusive end. */
  end: number;
  size: number;
  validators: Validators;
  /** If-Range is not safelisted: servers that refuse the preflight are asked without it. */
  useIfRange: boolean;
  signal: AbortSignal;
}

/**
 * Asks for [start, end) and checks the answer before any byte is used: the range and total must
 * be the ones asked, and a full 200 (or a different validator) means the file changed.
 */
export async function requestRange(request: RangeRequest): Promise<Response> {
  const { url, start, end, size, validators, signal } = request;
  const headers: Record<string, string> = { Range: `bytes=${start}-${end - 1}` };
  const ifRange = request.useIfRange ? ifRangeValue(validators) : null;
  if (ifRange) headers['If-Range'] = ifRange;
  const response = await fetchOrExplain(url, { headers, signal });
  if (response.status === 200) {
    discard(response);
    throw new FileChangedError('it answered with the whole file');
  }
  if (response.status !== 206) {
    discard(response);
    throw statusError(response);
  }
  const now = readValidators(response);
  if (validators.etag && now.etag && now.etag !== validators.etag) {
    discard(response);
    throw new FileChangedError('its ETag is different');
  }
  if (validators.lastModified && now.lastModified && now.lastModified !== validators.lastModified) {
    discard(response);
    throw new FileChangedError('its date is different');
  }
  const contentRange = parseContentRange(response.headers.get('Content-Range'));
  if (contentRange?.kind === 'range') {
    if (contentRange.total !== null && contentRange.total !== size) {
      discard(response);
      throw new FileChangedError('its size is different');
    }
    if (contentRange.start !== start || contentRange.end > end - 1) {
      discard(response);
      throw new DownloadError('bad-response', `The server sent bytes ${contentRange.start}–${contentRange.end} when ${start}–${end - 1} were asked for`, true);
    }
  }
  return response;
}
