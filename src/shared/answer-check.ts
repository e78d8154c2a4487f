import { checkSize, parseContentLength, parseContentRange } from './content-range';

/**
 * Every answer is judged from its headers before a byte of its body is used. These are the
 * rules, as pure functions of the header values (null where absent or not exposed by CORS).
 */
export interface AnswerHeaders {
  status: number;
  contentType: string | null;
  contentLength: string | null;
  contentRange: string | null;
  etag: string | null;
  lastModified: string | null;
}

/** What we know of the file whose bytes are staged. */
export interface KnownFile {
  size: number;
  etag: string | null;
  lastModified: string | null;
  /** Media type of the first answer. */
  contentType: string | null;
}

export type RangeVerdict =
  /** A 206 for the range asked (or a prefix of it) of the same file: use the body. */
  | { kind: 'ok' }
  /** A 200 for the same file: the server stopped honouring ranges; the body is the whole file. */
  | { kind: 'whole' }
  /** Not the file whose bytes are staged: start again, never splice. */
  | { kind: 'changed'; detail: string }
  /** An error status; the body is an error page, never data. */
  | { kind: 'status' }
  /** A broken or lying answer; worth asking again. */
  | { kind: 'bad'; message: string };

export type ProbeVerdict =
  | { kind: 'ok'; rangeSupported: boolean; size: number | null }
  | { kind: 'status' }
  /** An answer no retry will fix (an impossible size, say). */
  | { kind: 'invalid'; message: string }
  | { kind: 'bad'; message: string };

const WEB_PAGE = /^\s*(text\/html|application\/xhtml\+xml)\s*(;|$)/i;

export function isWebPage(contentType: string | null): boolean {
  return contentType !== null && WEB_PAGE.test(contentType);
}

/** A login or error page where the file used to be (a captive portal, an expired session). */
function turnedIntoWebPage(answer: AnswerHeaders, file: KnownFile): boolean {
  return isWebPage(answer.contentType) && !isWebPage(file.contentType);
}

const WEB_PAGE_MESSAGE = 'The server sent a web page instead of the file (a login or error page?)';

/** Why the validators say this is a different file, or null when nothing says so. */
function validatorChange(answer: AnswerHeaders, file: KnownFile): string | null {
  if (file.etag !== null && answer.etag !== null && answer.etag !== file.etag) return 'its ETag is different';
  if (file.lastModified !== null && answer.lastModified !== null && answer.lastModified !== file.lastModified) {
    return 'its date is different';
  }
  return null;
}

/** Judges the answer to `Range: bytes=start-(end-1)` for a file already partly staged. */
export function judgeRangeAnswer(answer: AnswerHeaders, ask: { start: number; end: number }, file: KnownFile): RangeVerdict {
  if (answer.status === 416) return { kind: 'changed', detail: 'it is shorter than before' };
  if (answer.status !== 200 && answer.status !== 206) return { kind: 'status' };
  if (turnedIntoWebPage(answer, file)) return { kind: 'bad', message: WEB_PAGE_MESSAGE };
  const changed = validatorChange(answer, file);
  if (changed !== null) return { kind: 'changed', detail: changed };
  if (answer.status === 200) {
    const length = parseContentLength(answer.contentLength);
    if (length !== null && length !== file.size) return { kind: 'changed', detail: 'its size is different' };
    const sameEtag = file.etag !== null && answer.etag === file.etag;
    const sameDate = file.lastModified !== null && answer.lastModified === file.lastModified;
    // Without a validator that still matches, the whole file may be another version.
    return sameEtag || sameDate ? { kind: 'whole' } : { kind: 'changed', detail: 'it answered with the whole file' };
  }
  if (answer.contentRange === null) return { kind: 'ok' };
  const range = parseContentRange(answer.contentRange);
  if (range?.kind !== 'range') return { kind: 'bad', message: 'The server sent an unreadable Content-Range header' };
  if (range.total !== null && range.total !== file.size) return { kind: 'changed', detail: 'its size is different' };
  if (range.start !== ask.start || range.end > ask.end - 1) {
    return { kind: 'bad', message: `The server sent bytes ${range.start}–${range.end} when ${ask.start}–${ask.end - 1} were asked for` };
  }
  return { kind: 'ok' };
}

/**
 * Judges the answer to the first request, `Range: bytes=0-`. A 206 proves ranges work, and its
 * Content-Length (always readable) is the total size because the range starts at 0; an exposed
 * Content-Range is cross-checked. Lengths that are present but unreadable are refused outright:
 * guessing at them would stage a file of the wrong size.
 */
export function judgeProbeAnswer(answer: AnswerHeaders): ProbeVerdict {
  if (answer.status !== 200 && answer.status !== 206) return { kind: 'status' };
  const length = parseContentLength(answer.contentLength);
  if (answer.contentLength !== null && length === null) {
    // Digits too many for a number are a size no file has: say so rather than "invalid".
    const huge = /^[ \t]*[0-9]+[ \t]*$/.test(answer.contentLength) ? checkSize(Number(answer.contentLength)) : null;
    return { kind: 'invalid', message: huge ?? `The server sent an invalid Content-Length (${quote(answer.contentLength)})` };
  }
  let size = length;
  if (answer.status === 206 && answer.contentRange !== null) {
    const range = parseContentRange(answer.contentRange);
    if (range?.kind !== 'range') {
      return { kind: 'invalid', message: `The server sent an invalid Content-Range (${quote(answer.contentRange)})` };
    }
    if (range.start !== 0 || (length !== null && range.end + 1 !== length)) {
      return { kind: 'bad', message: 'The server sent a different range than the one asked for' };
    }
    size = range.total ?? length;
  }
  if (size !== null) {
    const problem = checkSize(size);
    if (problem !== null) return { kind: 'invalid', message: problem };
  }
  return { kind: 'ok', rangeSupported: answer.status === 206 && size !== null, size };
}

function quote(value: string): string {
  const shown = value.length > 40 ? `${value.slice(0, 39)}…` : value;
  return `"${shown}"`;
}
