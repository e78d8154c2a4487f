/**
 * The `/files/:name` route: a generated file (bytes from ./bytes, never stored) with Range
 * support, and the query switches that make it misbehave the way real servers do.
 *
 * /files/:name query switches (every "K" counter is per name and cleared by reset()):
 *   size=N         file size in bytes (default 1 MiB; anything up to 2^53 works, 64 GiB included)
 *   seed=N         content seed (default: FNV-1a of the name); the bytes use seed + version*7919
 *   disposition=V  raw Content-Disposition value; `none` omits the header
 *   norange=1      ignore Range and If-Range: always 200 with the whole body, no Accept-Ranges
 *   norangeafter=N serve the first N requests normally, then ignore Range and If-Range: 200 with
 *                  the whole body and the same ETag/Last-Modified/Accept-Ranges (a server or CDN
 *                  that stops honouring ranges midway)
 *   nolength=1     no Content-Length: the body goes out chunked
 *   novalidators=1 no ETag and no Last-Modified; an If-Range can then never match (answered 200)
 *   nocors=1       no Access-Control-* header at all (browsers refuse to expose the response)
 *   noexpose=1     no Access-Control-Expose-Headers (Content-Range, ETag... unreadable cross-origin)
 *   rate=N         at most N body bytes per second for each response, in small evenly spaced slices
 *   cut=N          close the connection after N body bytes; cut=MIN-MAX: after a pseudo-random
 *                  count in [MIN, MAX], different for each cut response of a name (reproducible:
 *                  it depends only on the name and how many responses were cut before);
 *                  cuts=K: only the first K such responses. Responses shorter than the cut point
 *                  are sent whole and use up none of K.
 *   stall=N        stop sending after N body bytes but keep the connection open until the client
 *                  gives up or the origin closes; stalls=K: only the first K such responses
 *   fail=STATUS    answer STATUS with a text/plain body instead of the file. A list (fail=503,429)
 *                  is used in turn, one status per injected failure. fails=K: how many requests
 *                  fail; without it, 1 — or, when failafter is given, every request after N.
 *                  failafter=N: the first N requests of this name are served normally (so a job
 *                  already has bytes when e.g. 404 starts). retryafter=V adds `Retry-After: V`
 *                  verbatim; retryafterdate=S adds it as an HTTP-date S seconds after the answer
 *                  (the date has whole seconds, so the wait it asks for is between S-1 and S)
 *   wrongrange=1   a 206 body starts 4096 bytes after the asked start while Content-Range claims
 *                  the asked range (a lying server); wrongranges=K: only the first K 206 responses
 *   badcr=1        a 206 whose Content-Range claims start+4096 (start-4096 near the end of the file)
 *                  instead of the asked start, with the body matching that claim; badcrs=K: only
 *                  the first K 206 responses
 *   long=N         a 206 for a bounded range covers N bytes more than asked (up to the end of the
 *                  file), Content-Range and body both saying so; longs=K: only the first K. A
 *                  range that already reaches the end of the file cannot be longer: not counted
 *   short=N        send N bytes fewer than Content-Length announces, then end the response. Node
 *                  does not object (strictContentLength is off) but would then wait for the missing
 *                  bytes on a keep-alive connection, so these responses carry `Connection: close`
 *                  and the client sees the connection end early. With nolength the body is simply
 *                  N bytes shorter, which a client cannot detect. shorts=K: only the first K
 *   html=1         answer 200 text/html with a small error page instead of the file (a captive
 *                  portal); htmls=K: only the first K requests. htmlafter=N: the same, but only
 *                  after the first N requests were served normally (implies html=1). html206=1:
 *                  a Range request gets the page as a 206 whose Content-Range claims the page's
 *                  length from the asked start (bytes S-(S+L-1)/size): only the Content-Type
 *                  tells it from file bytes
 *   lie=KIND       hostile headers on every file response (200, 206 and 416):
 *                    petabytes  the total is 2^60: Content-Length 2^60 on a 200 and on an open
 *                               range (bytes=N-), Content-Range `bytes N-(2^60-1)/2^60`
 *                    negative   Content-Length: -5, Content-Range total -5
 *                    nan        Content-Length: abc, Content-Range total abc
 *                    traversal  Content-Disposition names the file `..\..\evil<script>.exe`
 *                    bidi       Content-Disposition name with U+202E (right-to-left override),
 *                               U+200F, ESC, BEL and a line break in it
 *                  The first three send the real bytes (at most to the real end of the file) and
 *                  then close the connection (`Connection: close`), since the length they claim
 *                  cannot delimit the body.
 *   delay=MS       wait MS milliseconds before answering at all (not even headers: a connection
 *                  that stalls before its response starts); delays=K: only the first K requests
 *   reason=TEXT    the reason phrase of fail= answers (`HTTP/1.1 503 TEXT`), e.g. markup that a
 *                  page must show as text
 *   fromzero=1     a 206 for a range that starts after byte 0 has the Content-Length of the asked
 *                  length and a Content-Range claiming the asked range, but carries the file's
 *                  bytes from offset 0 (a lying server; the probe, bytes=0-, is unaffected by
 *                  construction). With noexpose=1 a browser cannot even read the Content-Range.
 *                  fromzeros=K: only the first K such responses. Wins over wrongrange
 *   webpage=1      the resource itself is a small sign-in page: text/html; charset=utf-8, the 142
 *                  bytes webPageBytes() returns, served like any file (200, 206, 416, ETag,
 *                  Last-Modified, If-Range, and the other switches). size= is ignored, and there
 *                  is no Content-Disposition unless disposition= asks for one. Not a fault: a
 *                  downloader that accepts the page ends with exactly those bytes
 *   ctype=VALUE    Content-Type of the file answers (200, 206, 416) instead of the default
 *                  (application/octet-stream, text/html for webpage=1), e.g. application/xhtml+xml,
 *                  or text/html for a name ending in .html; printable ASCII
 *   endless=1      a 206 ignores the end of the asked range and keeps sending the file's bytes (on
 *                  past its end) until the client goes away: no Content-Length, so chunked, and a
 *                  Content-Range claiming the asked range. endlesses=K: only the first K
 *
 * Real servers as configured (nginx 1.22, S3/CDN presigned links; see real-server.ts):
 *   options=405    a CORS preflight (OPTIONS) is answered 405 with no Access-Control-* header (nginx's
 *                  static module refuses OPTIONS, and add_header without `always` skips a 405), so
 *                  the browser refuses every request that needs a preflight (e.g. one with If-Range;
 *                  Range alone is CORS-safelisted). options=302: answered 302 to the same URL with
 *                  the CORS headers (`return 302`, which add_header covers): a redirected preflight
 *                  fails too. Preflights count in stats.preflights, whatever the switch
 *   errcors=0      error answers (>= 400: fail=, 416, the 503 of maxconns=, the 403 of sigttl=, 405
 *                  to other methods) carry no Access-Control-* header (add_header without `always`):
 *                  a page sees a network error instead of the status. 200, 206 and 302 keep them
 *   dup416=1       a 416 carries Access-Control-Allow-Origin twice, two `*` lines (add_header both
 *                  in server and in location), which browsers reject as a CORS failure. errcors=0
 *                  removes both
 *   maxconns=N     at most N bodies of this name being sent at once to one client address (nginx
 *                  limit_conn): a GET or HEAD beyond that is answered 503 text/plain, with
 *                  Retry-After when retryafter= or retryafterdate= is given; a 'limit' fault, counted
 *                  in stats.limited. A body counts from its headers until it ends or its connection
 *                  (its stream, on HTTP/2) closes; stats.maxInFlight counts only bodies sent
 *   redirect=1     answer 302 with `Location: /files/NAME?<this query without redirect>&sig=<ms since
 *                  the epoch>` (a presigned URL), CORS headers present. A request carrying sig= is the
 *                  target and never redirected, so a redirect set with setSwitches() cannot loop.
 *                  Each 302 counts in stats.redirects and, as a request, in stats.requests
 *   sigttl=MS      a request whose sig= is older than MS ms, or has none, is answered 403 (an expired
 *                  presigned URL; an 'expired' fault; subject to errcors=0). Meant for the target of
 *                  redirect=1, whose query keeps sigttl=
 *   connrate=N     at most N body bytes per second per TCP connection, shared by every response on it
 *                  (on HTTP/2, by all the streams of the session): a host-level throttle, where
 *                  nginx's limit_rate (rate=) is per response. Combines with rate=
 *   tao=1          Timing-Allow-Origin: * on every answer, so a page's Resource Timing entry of a
 *                  cross-origin file keeps its details
 *   digest=KIND    a digest of the whole file on its answers (200, 206, 416), exposed to pages
 *                  unless noexpose=1: repr `Repr-Digest: sha-256=:BASE64:` (RFC 9530), legacy
 *                  `Digest: SHA-256=BASE64` (RFC 3230), wrong: a Repr-Digest of other bytes
 *   published=KIND, publishdelay=MS: checksum files beside it (SHA256SUMS, NAME.sha256); set with
 *                  setSwitches(), since a downloader asks for them without the file's query. See
 *                  published-sums.ts
 *
 * Over HTTP/2 (startOrigin({ http2: true })) the switches work the same, except that cut= and
 * cutAll() reset the response's stream (RST_STREAM) rather than the connection the other streams
 * share, reason= is dropped (HTTP/2 has no reason phrase), and so is the `Connection: close` of
 * short= and lie= (connection-specific headers are forbidden): a short body then simply ends.
 *
 * "The first N requests" counts every request to the name (stats.requests), whatever its query.
 * A cut body may reach a browser with none of its bytes (Chromium can fail the read before handing
 * out what it buffered), so `cut` + `failafter` does not guarantee a job has bytes when the
 * failures start; for that, wait for progress and then use setSwitches() and cutAll().
 * Checks run in this order: preflight (options=), redirect, sigttl, delay, maxconns, fail, html,
 * then the file with its range lies and body faults.
 *
 * What the stats and fault counters count is described at the top of name-store.ts.
 */
import { contentSeed } from './bytes.ts';
import { parseFileOptions, parseRange, withOverrides } from './options.ts';
import { cors, corsFor, sendBody, sendText, wait } from './respond.ts';
import { lyingLengths, lyingTotal } from './lies.ts';
import { webPageBytes } from './web-page.ts';
import { countFault, recordRequest, recordStatus, takeFault, trackBody, type NameStore } from './name-store.ts';
import { answerInjectedStatus, answerPortalPage } from './injected-answers.ts';
import { answerRange } from './range-faults.ts';
import { planCutOrStall, takeShort } from './body-faults.ts';
import { fileHeaders } from './file-headers.ts';
import { answerConnectionLimit, answerExpiredSignature, answerPreflight, answerRedirect } from './real-server.ts';
import { forProtocol, isClosed, type OriginRequest, type OriginResponse } from './exchange.ts';
import { connectionPacer } from './conn-rate.ts';

/** Answers one request for /files/:name, preflights included, with the switches listed above. */
export async function serveFile(
  req: OriginRequest,
  res: OriginResponse,
  name: string,
  query: URLSearchParams,
  store: NameStore,
): Promise<void> {
  const o = parseFileOptions(withOverrides(query, store.overrides(name)));
  if (o.tao) res.setHeader('Timing-Allow-Origin', '*');
  if (req.method === 'OPTIONS') return answerPreflight(req, res, o, store.state(name));
  if (req.method !== 'GET' && req.method !== 'HEAD') {
    return sendText(res, 405, 'method not allowed\n', { ...corsFor(o, 405), Allow: 'GET, HEAD, OPTIONS' });
  }
  const s = store.state(name);
  const rangeHeader = req.headers.range;
  /** 1 for the first request of this name. */
  const index = recordRequest(s, req, query);
  const isHead = req.method === 'HEAD';
  if (answerRedirect(res, o, s, name, query) || answerExpiredSignature(res, o, s, query)) return;

  if (o.delay !== undefined && takeFault(s, 'delays', o.delays)) {
    countFault(s, 'delay');
    await wait(res, o.delay);
    if (isClosed(res)) return;
  }
  // From here to trackBody() nothing awaits, so the count maxconns= checks cannot go stale.
  const address = req.socket.remoteAddress ?? '';
  if (answerConnectionLimit(res, o, s, address)) return;
  if (answerInjectedStatus(res, o, s, index)) return;
  if (answerPortalPage(res, o, s, index, rangeHeader)) return;

  const version = store.version(name);
  const seed = contentSeed(name, o.seed, version);
  const page = o.webpage ? webPageBytes() : undefined;
  const size = page?.length ?? o.size;
  const { headers, etag, lastModified } = fileHeaders(name, o, { size, seed, page, version });
  if (o.lie !== undefined) countFault(s, 'lie');

  const ifRange = req.headers['if-range'];
  const validatorMatches = !o.novalidators && (ifRange === etag || ifRange === lastModified);
  const wouldHonour = !o.norange && (ifRange === undefined || validatorMatches);
  const ignoreRanges = o.norangeAfter !== undefined && index > o.norangeAfter;
  const asked = parseRange(wouldHonour ? rangeHeader : undefined, size);
  const range = ignoreRanges ? parseRange(undefined, size) : asked;
  if (ignoreRanges && asked.kind === 'range') countFault(s, 'norange');
  const lies = o.lie === 'petabytes' || o.lie === 'negative' || o.lie === 'nan';
  if (range.kind === 'unsatisfiable') {
    recordStatus(s, 416);
    const total = lyingTotal(o.lie) ?? String(size);
    const acao = corsFor(o, 416);
    if (o.dup416 && acao['Access-Control-Allow-Origin'] !== undefined) acao['Access-Control-Allow-Origin'] = ['*', '*'];
    res.writeHead(416, { ...acao, ...headers, 'Content-Range': `bytes */${total}`, 'Content-Length': 0 }).end();
    return;
  }
  let status = 200;
  let from = 0;
  let length = size;
  /** The range the headers claim, for lie=. */
  let claimed: { start: number; end: number } | null = null;
  let endless = false;
  if (range.kind === 'range') {
    status = 206;
    const answer = answerRange(range, size, o, s, isHead);
    const { start, end } = answer;
    from = answer.from;
    endless = answer.endless;
    length = end - start + 1;
    headers['Content-Range'] = `bytes ${start}-${end}/${size}`;
    claimed = { start, end };
  }
  if (!o.nolength) headers['Content-Length'] = length;
  let bodyLength = length;
  const shorted = takeShort(o, s, length, isHead);
  if (shorted) bodyLength = Math.max(0, length - (o.short ?? 0));
  if (bodyLength < length) headers.Connection = 'close';
  if (endless) {
    // Without a length the body goes out chunked, and so can go on for ever.
    delete headers['Content-Length'];
    bodyLength = Infinity;
  }
  if (lies) {
    const openEnded = rangeHeader !== undefined && /-\s*$/.test(rangeHeader);
    const claim = lyingLengths(o.lie, claimed === null ? null : { ...claimed, openEnded });
    if (claim !== null) {
      headers['Content-Length'] = claim.length;
      if (claim.contentRange !== null) headers['Content-Range'] = claim.contentRange;
    }
    headers.Connection = 'close';
  }

  recordStatus(s, status);
  res.writeHead(status, forProtocol(req, { ...cors(o), ...headers }));
  if (isHead) {
    res.end();
    return;
  }
  const { cutAt, stallAt } = planCutOrStall(o, s, name, bodyLength);
  // Headers go out now, so a client sees the response start even if the body then stalls at 0.
  res.flushHeaders?.();
  if (isClosed(res)) return;
  trackBody(s, res, address);
  const pacer = o.connrate === undefined ? undefined : connectionPacer(req, o.connrate);
  const plan = { seed, fixed: page, from, length: bodyLength, rate: o.rate, pacer, cutAt, stallAt };
  const ended = await sendBody(res, plan, s.stats, (kind) => countFault(s, kind));
  if (ended === 'ended' && shorted && bodyLength < length) countFault(s, 'short');
}
