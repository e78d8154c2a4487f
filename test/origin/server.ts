/**
 * The project's own HTTP test origin: generated files of any size (bytes from ./bytes, never
 * stored), Range support, and switches that make it misbehave the way real servers do.
 *
 * Routes
 *   GET|HEAD|OPTIONS /files/:name   a generated file (query switches below)
 *   GET /samples                    JSON [{ name, size, url }] of a few sample files
 *   GET /__stats?name=NAME          FileStats JSON for NAME
 *   POST /__reset                   forget all stats, fault counters, versions and switch overrides
 *   POST /__version?name=NAME&v=N   serve version N of NAME (new bytes, ETag, Last-Modified)
 *   POST /__switches?name=NAME&K=V  from now on, requests for NAME behave as if their query said
 *                                   K=V (an empty V removes switch K), e.g. `fail=` heals a server
 *   POST /__cut?name=NAME           drop the connection of every body of NAME being sent right now
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
 * "The first N requests" counts every request to the name (stats.requests), whatever its query.
 * A cut body may reach a browser with none of its bytes (Chromium can fail the read before handing
 * out what it buffered), so `cut` + `failafter` does not guarantee a job has bytes when the
 * failures start; for that, wait for progress and then use setSwitches() and cutAll().
 * Checks run in this order: fail, html, then the file with its range lies and body faults.
 *
 * Stats count every request to /files/:name except CORS preflights, whose number depends on the
 * browser's preflight cache rather than on the code under test. `faults` counts the faults the
 * origin actually injected — a cut when the connection is dropped, a stall when the body stops, a
 * short body when it ends short, each delayed answer, injected status, HTML page, wrong or bad or
 * long or from-zero range, endless body, 200-for-206, hostile-header response, each version change
 * of the name — plus those a test reports with recordFault() (a reload, a crashed renderer...), so
 * a suite counts real injections.
 */
import { createServer, type IncomingMessage, type OutgoingHttpHeaders, type ServerResponse } from 'node:http';
import type { Socket, AddressInfo } from 'node:net';
import { createHash } from 'node:crypto';
import { contentSeed, seedForName } from './bytes.ts';
import { OptionError, parseFileOptions, parseRange, type FileOptions } from './options.ts';
import { ALL_CORS, HTML_PAGE, contentDisposition, cors, preflight, sendBody, sendJson, sendText, wait } from './respond.ts';
import { HOSTILE_DISPOSITION, lyingLengths, lyingTotal } from './lies.ts';
import { webPageBytes } from './web-page.ts';

export { webPageBytes };

/** Faults the origin injects itself; tests may record others (any string) with recordFault(). */
export type OriginFault =
  | 'cut'
  | 'stall'
  | 'status'
  | 'html'
  | 'wrongrange'
  | 'badcr'
  | 'long'
  | 'short'
  | 'norange'
  | 'lie'
  | 'changed'
  | 'fromzero'
  | 'endless';

export interface FileStats {
  requests: number;
  rangeRequests: number;
  /** Body bytes handed to the socket, counted as they are written. */
  bytesSent: number;
  /** File bodies being sent right now. */
  inFlight: number;
  maxInFlight: number;
  /** Range header of each request in order, '' when there was none. */
  ranges: string[];
  /** When each request arrived (ms since the epoch), in the same order as `ranges`. */
  times: number[];
  /** The query string each request came with (before setSwitches overrides), same order. */
  queries: string[];
  /** If-Range header of each request, '' when there was none, same order. */
  ifRanges: string[];
  statuses: number[];
  /** Faults actually injected for this name (see the top of this file). */
  faults: number;
  /** The same, by kind. */
  faultKinds: Record<string, number>;
}

/** Switch values that replace (or, when null, remove) those of a request's query. */
export type SwitchOverrides = Record<string, string | number | null>;

export interface Origin {
  /** e.g. http://127.0.0.1:41234, no trailing slash. */
  url: string;
  port: number;
  close(): Promise<void>;
  stats(name: string): FileStats;
  /** Clears stats, fault counters, versions and switch overrides of every name. */
  reset(): void;
  /** Serves version N of the name; a change of version counts as a 'changed' fault. */
  setVersion(name: string, version: number): void;
  /**
   * From now on requests for `name` behave as if their query carried these switches (null
   * removes one): e.g. { fail: null } makes a failing server healthy again. Merged with earlier
   * overrides of the name.
   */
  setSwitches(name: string, switches: SwitchOverrides): void;
  /** Drops the connection of every body of `name` being sent now; returns how many (each a 'cut'). */
  cutAll(name: string): number;
  /** Counts a fault the test injected outside the origin (a reload, a crash, a full disk...). */
  recordFault(name: string, kind: string): void;
  /** Faults injected so far, by name (names without faults are left out). */
  faultsByName(): Record<string, number>;
}

export interface StartOriginOptions {
  port?: number;
  host?: string;
  /** One line per finished response on stderr (stdout stays free for the CLI's URL). */
  log?: boolean;
}

type Counter =
  | 'fails'
  | 'cuts'
  | 'stalls'
  | 'htmls'
  | 'wrongranges'
  | 'badcrs'
  | 'longs'
  | 'shorts'
  | 'delays'
  | 'fromzeros'
  | 'endlesses';

interface NameState {
  stats: FileStats;
  /** How many responses got each fault so far (also counted when the switch has no limit). */
  used: Record<Counter, number>;
  /** File bodies being sent now, for cutAll(). */
  live: Set<ServerResponse>;
}

const SHIFT = 4096;
const BASE_DATE = Date.UTC(2026, 0, 1);
const DAY = 86_400_000;

export const SAMPLES: ReadonlyArray<{ name: string; size: number }> = [
  { name: 'sample-1MiB.bin', size: 1 << 20 },
  { name: 'sample-100MiB.bin', size: 100 << 20 },
  { name: 'sample-1GiB.bin', size: 1 << 30 },
];

function emptyStats(): FileStats {
  return {
    requests: 0,
    rangeRequests: 0,
    bytesSent: 0,
    inFlight: 0,
    maxInFlight: 0,
    ranges: [],
    times: [],
    queries: [],
    ifRanges: [],
    statuses: [],
    faults: 0,
    faultKinds: {},
  };
}

function noneUsed(): Record<Counter, number> {
  return {
    fails: 0,
    cuts: 0,
    stalls: 0,
    htmls: 0,
    wrongranges: 0,
    badcrs: 0,
    longs: 0,
    shorts: 0,
    delays: 0,
    fromzeros: 0,
    endlesses: 0,
  };
}

/** A well-mixed 32-bit value of (a, b): cut offsets that look random but are reproducible. */
function mix(a: number, b: number): number {
  let h = Math.imul(a ^ Math.imul(b + 0x9e3779b9, 0x85ebca6b), 0xc2b2ae35);
  h ^= h >>> 16;
  h = Math.imul(h, 0x85ebca6b);
  h ^= h >>> 13;
  h = Math.imul(h, 0xc2b2ae35);
  h ^= h >>> 16;
  return h >>> 0;
}

/** The query of a request with the name's overrides applied. */
function withOverrides(q: URLSearchParams, overrides: SwitchOverrides | undefined): URLSearchParams {
  if (overrides === undefined) return q;
  const merged = new URLSearchParams(q);
  for (const [key, value] of Object.entries(overrides)) {
    if (value === null) merged.delete(key);
    else merged.set(key, String(value));
  }
  return merged;
}

export async function startOrigin(opts: StartOriginOptions = {}): Promise<Origin> {
  const names = new Map<string, NameState>();
  const versions = new Map<string, number>();
  const overrides = new Map<string, SwitchOverrides>();
  const sockets = new Set<Socket>();
  const log = opts.log ?? false;

  function state(name: string): NameState {
    let s = names.get(name);
    if (s === undefined) {
      s = { stats: emptyStats(), used: noneUsed(), live: new Set() };
      names.set(name, s);
    }
    return s;
  }

  /** Whether this response gets the fault; `limit` undefined means every response does. */
  function take(s: NameState, counter: Counter, limit: number | undefined): boolean {
    if (limit !== undefined && s.used[counter] >= limit) return false;
    s.used[counter]++;
    return true;
  }

  function fault(s: NameState, kind: string): void {
    s.stats.faults++;
    s.stats.faultKinds[kind] = (s.stats.faultKinds[kind] ?? 0) + 1;
  }

  async function serveFile(req: IncomingMessage, res: ServerResponse, name: string, query: URLSearchParams): Promise<void> {
    const o = parseFileOptions(withOverrides(query, overrides.get(name)));
    if (req.method === 'OPTIONS') return preflight(res, o);
    if (req.method !== 'GET' && req.method !== 'HEAD') {
      return sendText(res, 405, 'method not allowed\n', { ...cors(o), Allow: 'GET, HEAD, OPTIONS' });
    }
    const s = state(name);
    const st = s.stats;
    const rangeHeader = req.headers.range;
    st.requests++;
    /** 1 for the first request of this name. */
    const index = st.requests;
    st.ranges.push(rangeHeader ?? '');
    st.times.push(Date.now());
    st.queries.push(query.toString());
    st.ifRanges.push([req.headers['if-range'] ?? ''].flat().join(', '));
    if (rangeHeader !== undefined) st.rangeRequests++;
    const record = (status: number): void => void st.statuses.push(status);
    const isHead = req.method === 'HEAD';

    if (o.delay !== undefined && take(s, 'delays', o.delays)) {
      fault(s, 'delay');
      await wait(res, o.delay);
      if (res.closed) return;
    }
    const failLimit = o.fails ?? (o.failAfter === undefined ? 1 : undefined);
    if (o.fail !== undefined && index > (o.failAfter ?? 0) && take(s, 'fails', failLimit)) {
      const status = o.fail[(s.used.fails - 1) % o.fail.length] ?? 500;
      record(status);
      fault(s, 'status');
      const extra: OutgoingHttpHeaders = {};
      if (o.retryAfter !== undefined) extra['Retry-After'] = o.retryAfter;
      if (o.retryAfterDate !== undefined) extra['Retry-After'] = new Date(Date.now() + o.retryAfterDate * 1000).toUTCString();
      return sendText(res, status, `injected failure: ${status}\n`, { ...cors(o), ...extra }, o.reason);
    }
    if ((o.html || o.htmlAfter !== undefined) && index > (o.htmlAfter ?? 0) && take(s, 'htmls', o.htmls)) {
      const length = Buffer.byteLength(HTML_PAGE);
      const headers: OutgoingHttpHeaders = { ...cors(o), 'Content-Type': 'text/html; charset=utf-8', 'Cache-Control': 'no-store',
        'Content-Length': length };
      const asked = o.html206 ? parseRange(rangeHeader, o.size) : { kind: 'none' as const };
      let status = 200;
      if (asked.kind === 'range') {
        status = 206;
        headers['Content-Range'] = `bytes ${asked.start}-${asked.start + length - 1}/${o.size}`;
      }
      record(status);
      fault(s, 'html');
      res.writeHead(status, headers);
      res.end(isHead ? undefined : HTML_PAGE);
      return;
    }

    const version = versions.get(name) ?? 0;
    const seed = contentSeed(name, o.seed, version);
    const page = o.webpage ? webPageBytes() : undefined;
    const size = page?.length ?? o.size;
    const identity = `${name}\n${size}\n${seed}${page === undefined ? '' : '\nwebpage'}`;
    const etag = `"${createHash('sha1').update(identity).digest('hex').slice(0, 24)}"`;
    const lastModified = new Date(BASE_DATE + version * DAY).toUTCString();
    const headers: OutgoingHttpHeaders = {
      ...cors(o),
      'Content-Type': o.ctype ?? (page === undefined ? 'application/octet-stream' : 'text/html; charset=utf-8'),
      'Cache-Control': 'no-store',
    };
    if (!o.novalidators) {
      headers.ETag = etag;
      headers['Last-Modified'] = lastModified;
    }
    if (!o.norange) headers['Accept-Ranges'] = 'bytes';
    // A sign-in page that stands where a file was comes without an attachment header.
    const disposition = o.disposition === undefined ? (page === undefined ? contentDisposition(name) : null) : o.disposition;
    if (o.lie === 'traversal' || o.lie === 'bidi') {
      headers['Content-Disposition'] = HOSTILE_DISPOSITION[o.lie];
    } else if (disposition !== null) {
      headers['Content-Disposition'] = disposition;
    }
    if (o.lie !== undefined) fault(s, 'lie');

    const ifRange = req.headers['if-range'];
    const validatorMatches = !o.novalidators && (ifRange === etag || ifRange === lastModified);
    const wouldHonour = !o.norange && (ifRange === undefined || validatorMatches);
    const ignoreRanges = o.norangeAfter !== undefined && index > o.norangeAfter;
    const asked = parseRange(wouldHonour ? rangeHeader : undefined, size);
    const range = ignoreRanges ? parseRange(undefined, size) : asked;
    if (ignoreRanges && asked.kind === 'range') fault(s, 'norange');
    const lies = o.lie === 'petabytes' || o.lie === 'negative' || o.lie === 'nan';
    if (range.kind === 'unsatisfiable') {
      record(416);
      const total = lyingTotal(o.lie) ?? String(size);
      res.writeHead(416, { ...headers, 'Content-Range': `bytes */${total}`, 'Content-Length': 0 }).end();
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
      let start = range.start;
      let end = range.end;
      if (o.long !== undefined && !isHead) {
        const longer = Math.min(end + o.long, size - 1);
        if (longer > end && take(s, 'longs', o.longs)) {
          end = longer;
          fault(s, 'long');
        }
      }
      from = start;
      if (o.badcr) {
        const shift = start + SHIFT < size ? SHIFT : -Math.min(SHIFT, start);
        if (shift !== 0 && take(s, 'badcrs', o.badcrs)) {
          start += shift;
          end = Math.min(Math.max(end + shift, start), size - 1);
          from = start;
          fault(s, 'badcr');
        }
      }
      if (o.fromzero && start > 0 && !isHead && take(s, 'fromzeros', o.fromzeros)) {
        from = 0;
        fault(s, 'fromzero');
      } else if (o.wrongrange && !isHead && take(s, 'wrongranges', o.wrongranges)) {
        from = start + SHIFT;
        fault(s, 'wrongrange');
      }
      endless = o.endless && (isHead || take(s, 'endlesses', o.endlesses));
      if (endless && !isHead) fault(s, 'endless');
      length = end - start + 1;
      headers['Content-Range'] = `bytes ${start}-${end}/${size}`;
      claimed = { start, end };
    }
    if (!o.nolength) headers['Content-Length'] = length;
    let bodyLength = length;
    const shorted = o.short !== undefined && o.short > 0 && length > 0 && !isHead && take(s, 'shorts', o.shorts);
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

    record(status);
    res.writeHead(status, headers);
    if (isHead) {
      res.end();
      return;
    }
    let cutAt: number | undefined;
    if (o.cut !== undefined) {
      const at = o.cutMax === undefined ? o.cut : o.cut + (mix(seedForName(name), s.used.cuts) % (o.cutMax - o.cut + 1));
      if (at < bodyLength && take(s, 'cuts', o.cuts)) cutAt = at;
    }
    const stallAt =
      cutAt === undefined && o.stall !== undefined && o.stall < bodyLength && take(s, 'stalls', o.stalls)
        ? o.stall
        : undefined;
    // Headers go out now, so a client sees the response start even if the body then stalls at 0.
    res.flushHeaders();
    if (res.closed) return;
    st.inFlight++;
    st.maxInFlight = Math.max(st.maxInFlight, st.inFlight);
    s.live.add(res);
    res.once('close', () => {
      st.inFlight--;
      s.live.delete(res);
    });
    const plan = { seed, fixed: page, from, length: bodyLength, rate: o.rate, cutAt, stallAt };
    const ended = await sendBody(res, plan, st, (kind) =>
      fault(s, kind),
    );
    if (ended === 'ended' && shorted && bodyLength < length) fault(s, 'short');
  }

  async function handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const url = new URL(req.url ?? '/', 'http://origin.invalid');
    const q = url.searchParams;
    const path = url.pathname;
    if (path.startsWith('/files/')) {
      let name: string;
      try {
        name = decodeURIComponent(path.slice('/files/'.length));
      } catch {
        return sendText(res, 400, 'malformed file name\n');
      }
      if (name === '') return sendText(res, 404, 'no file name\n');
      return serveFile(req, res, name, q);
    }
    if (req.method === 'OPTIONS') return preflight(res, { nocors: false, noexpose: false });
    const controls = ['/__reset', '/__version', '/__switches', '/__cut'];
    const control = controls.includes(path) ? 'POST' : 'GET';
    const allowed = req.method === control || (control === 'GET' && req.method === 'HEAD');
    if (['/samples', '/__stats', ...controls].includes(path) && !allowed) {
      return sendText(res, 405, 'method not allowed\n', { ...ALL_CORS, Allow: `${control}, OPTIONS` });
    }
    switch (path) {
      case '/samples': {
        // The Host header keeps the sample URLs on whichever name the client used (localhost or
        // 127.0.0.1), which matters for same-site rules in the browser.
        const base = req.headers.host === undefined ? origin.url : `http://${req.headers.host}`;
        return sendJson(
          res,
          SAMPLES.map(({ name, size }) => ({ name, size, url: `${base}/files/${encodeURIComponent(name)}?size=${size}` })),
        );
      }
      case '/__stats': {
        const name = q.get('name');
        if (name === null) return sendText(res, 400, 'name= is required\n');
        return sendJson(res, origin.stats(name));
      }
      case '/__reset':
        origin.reset();
        return sendJson(res, { ok: true });
      case '/__version': {
        const name = q.get('name');
        const v = Number(q.get('v'));
        if (name === null || !Number.isSafeInteger(v)) return sendText(res, 400, 'name= and integer v= are required\n');
        origin.setVersion(name, v);
        return sendJson(res, { ok: true });
      }
      case '/__switches': {
        const name = q.get('name');
        if (name === null) return sendText(res, 400, 'name= is required\n');
        const switches: SwitchOverrides = {};
        for (const [key, value] of q) if (key !== 'name') switches[key] = value === '' ? null : value;
        // A typo must fail here, not on the next file request.
        parseFileOptions(withOverrides(new URLSearchParams(), switches));
        origin.setSwitches(name, switches);
        return sendJson(res, { ok: true });
      }
      case '/__cut': {
        const name = q.get('name');
        if (name === null) return sendText(res, 400, 'name= is required\n');
        return sendJson(res, { cut: origin.cutAll(name) });
      }
      default:
        return sendText(res, 404, 'not found\n');
    }
  }

  const server = createServer((req, res) => {
    // Aborted clients surface as 'close' (watched where it matters); a write racing the abort may
    // also raise an error that nothing needs to act on.
    res.on('error', () => void 0);
    req.resume();
    if (log) {
      const t0 = performance.now();
      res.on('close', () => {
        const state = res.writableFinished ? '' : ' (closed early)';
        const ms = (performance.now() - t0).toFixed(0);
        console.error(`${req.method} ${req.url} ${req.headers.range ?? ''} -> ${res.statusCode} ${ms} ms${state}`);
      });
    }
    handle(req, res).catch((err: unknown) => {
      if (log && !(err instanceof OptionError)) console.error(err);
      try {
        if (res.headersSent) throw err;
        // Bad query values and header validation (e.g. a raw disposition= with control characters)
        // are the test author's mistake: say so in a 400 rather than a 500.
        const status = err instanceof OptionError || err instanceof TypeError ? 400 : 500;
        sendText(res, status, `${err instanceof Error ? err.message : String(err)}\n`);
      } catch {
        // An error here would be uncaught and take the whole origin down with it.
        res.destroy();
      }
    });
  });
  server.on('connection', (socket: Socket) => {
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
  });
  server.on('clientError', (_err, socket: Socket) => socket.destroy());

  const host = opts.host ?? '127.0.0.1';
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(opts.port ?? 0, host, () => {
      server.off('error', reject);
      resolve();
    });
  });
  const port = (server.address() as AddressInfo).port;
  const urlHost = host === '0.0.0.0' || host === '::' ? '127.0.0.1' : host.includes(':') ? `[${host}]` : host;

  const origin: Origin = {
    url: `http://${urlHost}:${port}`,
    port,
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        // Stalled and throttled responses would keep server.close() waiting forever.
        for (const socket of sockets) socket.destroy();
        server.closeAllConnections();
      }),
    stats: (name) => {
      const st = names.get(name)?.stats ?? emptyStats();
      return {
        ...st,
        ranges: [...st.ranges],
        times: [...st.times],
        queries: [...st.queries],
        ifRanges: [...st.ifRanges],
        statuses: [...st.statuses],
        faultKinds: { ...st.faultKinds },
      };
    },
    reset: () => {
      // inFlight describes live connections, so a reset must not make it go negative later.
      for (const s of names.values()) {
        const inFlight = s.stats.inFlight;
        Object.assign(s.stats, emptyStats(), { inFlight, maxInFlight: inFlight });
        s.used = noneUsed();
      }
      versions.clear();
      overrides.clear();
    },
    setVersion: (name, version) => {
      if ((versions.get(name) ?? 0) !== version) fault(state(name), 'changed');
      versions.set(name, version);
    },
    setSwitches: (name, switches) => {
      overrides.set(name, { ...overrides.get(name), ...switches });
    },
    cutAll: (name) => {
      const s = names.get(name);
      if (s === undefined) return 0;
      let n = 0;
      for (const res of [...s.live]) {
        if (res.closed) continue;
        res.socket?.destroy();
        fault(s, 'cut');
        n++;
      }
      return n;
    },
    recordFault: (name, kind) => fault(state(name), kind),
    faultsByName: () => {
      const out: Record<string, number> = {};
      for (const [name, s] of names) if (s.stats.faults > 0) out[name] = s.stats.faults;
      return out;
    },
  };
  return origin;
}
