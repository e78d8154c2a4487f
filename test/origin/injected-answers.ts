/**
 * Answers that stand in for the file before it is even looked at: an injected status (`fail=`)
 * and a captive portal's HTML page (`html=`, `htmlafter=`, `html206=`). See the switch list in
 * serve-file.ts.
 */
import type { OutgoingHttpHeaders } from 'node:http';
import { parseRange, type FileOptions } from './options.ts';
import { HTML_PAGE, cors, corsFor, sendText } from './respond.ts';
import { countFault, recordStatus, takeFault, type NameState } from './name-store.ts';
import type { OriginResponse } from './exchange.ts';

/** `Retry-After` as retryafter= (verbatim) or retryafterdate= (an HTTP-date) asks, if either does. */
export function retryAfterHeader(o: FileOptions): OutgoingHttpHeaders {
  if (o.retryAfter !== undefined) return { 'Retry-After': o.retryAfter };
  if (o.retryAfterDate !== undefined) return { 'Retry-After': new Date(Date.now() + o.retryAfterDate * 1000).toUTCString() };
  return {};
}

/**
 * Answers with the injected status when this request is one of those `fail=` picks; `index` is
 * the request's number for its name. Returns whether it answered.
 */
export function answerInjectedStatus(res: OriginResponse, o: FileOptions, s: NameState, index: number): boolean {
  const failLimit = o.fails ?? (o.failAfter === undefined ? 1 : undefined);
  if (o.fail === undefined || index <= (o.failAfter ?? 0) || !takeFault(s, 'fails', failLimit)) return false;
  const status = o.fail[(s.used.fails - 1) % o.fail.length] ?? 500;
  recordStatus(s, status);
  countFault(s, 'status');
  sendText(res, status, `injected failure: ${status}\n`, { ...corsFor(o, status), ...retryAfterHeader(o) }, o.reason);
  return true;
}

/** Answers with the portal page when `html=` or `htmlafter=` picks this request; returns whether it did. */
export function answerPortalPage(
  res: OriginResponse,
  o: FileOptions,
  s: NameState,
  index: number,
  rangeHeader: string | undefined,
): boolean {
  if (!(o.html || o.htmlAfter !== undefined) || index <= (o.htmlAfter ?? 0) || !takeFault(s, 'htmls', o.htmls)) return false;
  const length = Buffer.byteLength(HTML_PAGE);
  const headers: OutgoingHttpHeaders = { ...cors(o), 'Content-Type': 'text/html; charset=utf-8', 'Cache-Control': 'no-store',
    'Content-Length': length };
  const asked = o.html206 ? parseRange(rangeHeader, o.size) : { kind: 'none' as const };
  let status = 200;
  if (asked.kind === 'range') {
    status = 206;
    headers['Content-Range'] = `bytes ${asked.start}-${asked.start + length - 1}/${o.size}`;
  }
  recordStatus(s, status);
  countFault(s, 'html');
  res.writeHead(status, headers);
  res.end(res.req.method === 'HEAD' ? undefined : HTML_PAGE);
  return true;
}
