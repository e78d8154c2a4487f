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
  | {
      kind: 'ok';
      rangeSupported: boolean;
      size: number | null;
      /**
       * Where the answer's body ends in the file: a 206 to a bounded first request may stop before
       * the end. Null for a body that runs to the end (a 200, or an open-ended request).
       */
      bodyEnd: number | null;
      /**
       * A 206 to `bytes=0-(asked-1)` that hides Content-Range and is exactly `asked` long: the file
       * is at least that long, and how much longer must be asked another way.
       */
      totalHidden: boolean;
    }
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

/**
 * Names whose file is a web page by nature: a server that answers one with HTML is sending the
 * file, not a sign-in page in its place. Server-side script extensions count too, because a link
 * to `report.php` names the page the script makes.
 */
const WEB_PAGE_NAME = /\.(?:html?|shtml?|xhtml?|xht|php[3-5]?|phtml|aspx?|jspx?|cfml?|cgi)$/i;

export function looksLikeWebPageName(name: string): boolean {
  return WEB_PAGE_NAME.test(name.trim());
}

/**
 * Whether the first answer is a web page where a file was expected — a link to `portal.iso`
 * answered with a sign-in page — and the person has not said to keep it anyway.
 */
export function isUnwantedWebPage(contentType: string | null, name: string, allowWebPage: boolean): boolean {
  return !allowWebPage && isWebPage(contentType) && !looksLikeWebPageName(name);
}

const WEB_PAGE_MESSAGE = 'The server sent a web page instead of the file (a login or error page?)';

/** What identifies a version of a remote file; null where unknown or not exposed by CORS. */
export interface FileIdentity {
  size: number | null;
  etag: string | null;
  lastModified: string | null;
}

/**
 * Why `answer` is not the version of the file `known` describes, or null when nothing says so.
 * The one rule for "same file" (range answers, a single stream asked again, a new link): a size,
 * ETag or date that both sides show must be equal. What one side does not show proves nothing
 * either way; the fingerprint or the overlap checks cover that case.
 */
export function sameFile(known: FileIdentity, answer: FileIdentity): string | null {
  if (known.size !== null && answer.size !== null && answer.size !== known.size) return 'its size is different';
  if (known.etag !== null && answer.etag !== null && answer.etag !== known.etag) return 'its ETag is different';
  if (known.lastModified !== null && answer.lastModified !== null && answer.lastModified !== known.lastModified) {
    return 'its date is different';
  }
  return null;
}

/** Judges the answer to `Range: bytes=start-(end-1)` for a file already partly staged. */
export function judgeRangeAnswer(answer: AnswerHeaders, ask: { start: number; end: number }, file: KnownFile): RangeVerdict {
  if (answer.status === 416) return { kind: 'changed', detail: 'it is shorter than before' };
  if (answer.status !== 200 && answer.status !== 206) return { kind: 'status' };
  if (turnedIntoWebPage(answer, file)) return { kind: 'bad', message: WEB_PAGE_MESSAGE };
  const range = answer.status === 206 && answer.contentRange !== null ? parseContentRange(answer.contentRange) : null;
  if (answer.status === 206 && answer.contentRange !== null && range?.kind !== 'range') {
    return { kind: 'bad', message: 'The server sent an unreadable Content-Range header' };
  }
  // A 200 is the whole file, so its length is the size; a 206 shows the size in Content-Range.
  const total = answer.status === 200 ? parseContentLength(answer.contentLength) : range?.kind === 'range' ? range.total : null;
  const changed = sameFile(file, { size: total, etag: answer.etag, lastModified: answer.lastModified });
  if (changed !== null) return { kind: 'changed', detail: changed };
  if (answer.status === 200) {
    const sameEtag = file.etag !== null && answer.etag === file.etag;
    const sameDate = file.lastModified !== null && answer.lastModified === file.lastModified;
    // Without a validator that still matches, the whole file may be another version.
    return sameEtag || sameDate ? { kind: 'whole' } : { kind: 'changed', detail: 'it answered with the whole file' };
  }
  if (range?.kind !== 'range') return { kind: 'ok' };
  if (range.start !== ask.start || range.end > ask.end - 1) {
    return { kind: 'bad', message: `The server sent bytes ${range.start}–${range.end} when ${ask.start}–${ask.end - 1} were asked for` };
  }
  return { kind: 'ok' };
}

/**
 * Judges the answer to the first request, `Range: bytes=0-` or, `asked` bytes long,
 * `bytes=0-(asked-1)`. A 206 proves ranges work. An exposed Content-Range gives the total and is
 * cross-checked; without it, the Content-Length (always readable) of an open-ended answer is the
 * total, and so is that of a bounded one shorter than asked (it stopped at the end of the file),
 * while one exactly as long as asked says only that the file is at least that long (totalHidden).
 * Lengths that are present but unreadable are refused outright: guessing at them would stage a
 * file of the wrong size.
 */
export function judgeProbeAnswer(answer: AnswerHeaders, asked: number | null = null): ProbeVerdict {
  if (answer.status !== 200 && answer.status !== 206) return { kind: 'status' };
  const length = parseContentLength(answer.contentLength);
  if (answer.contentLength !== null && length === null) {
    // Digits too many for a number are a size no file has: say so rather than "invalid".
    const huge = /^[ \t]*[0-9]+[ \t]*$/.test(answer.contentLength) ? checkSize(Number(answer.contentLength)) : null;
    return { kind: 'invalid', message: huge ?? `The server sent an invalid Content-Length (${quote(answer.contentLength)})` };
  }
  let size = length;
  let bodyEnd: number | null = null;
  let totalHidden = false;
  if (answer.status === 206 && answer.contentRange !== null) {
    const range = parseContentRange(answer.contentRange);
    if (range?.kind !== 'range') {
      return { kind: 'invalid', message: `The server sent an invalid Content-Range (${quote(answer.contentRange)})` };
    }
    if (range.start !== 0 || (length !== null && range.end + 1 !== length)) {
      return { kind: 'bad', message: 'The server sent a different range than the one asked for' };
    }
    if (range.total !== null) size = range.total;
    else if (asked === null) size = length;
    else if (range.end + 1 < asked) size = range.end + 1;
    else {
      size = null;
      totalHidden = true;
    }
    if (asked !== null) bodyEnd = range.end + 1;
  } else if (answer.status === 206 && asked !== null && length !== null) {
    bodyEnd = length;
    totalHidden = length === asked;
    if (totalHidden) size = null;
  }
  if (size !== null) {
    const problem = checkSize(size);
    if (problem !== null) return { kind: 'invalid', message: problem };
  }
  // A body that reaches the end of the file is no bounded first piece.
  if (bodyEnd !== null && size !== null && bodyEnd >= size) bodyEnd = null;
  return { kind: 'ok', rangeSupported: answer.status === 206 && (size !== null || totalHidden), size, bodyEnd, totalHidden };
}

function quote(value: string): string {
  const shown = value.length > 40 ? `${value.slice(0, 39)}…` : value;
  return `"${shown}"`;
}
