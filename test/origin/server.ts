/**
 * The project's own HTTP test origin: generated files of any size (bytes from ./bytes, never
 * stored), Range support, and switches that make it misbehave the way real servers do.
 *
 * Routes
 *   GET|HEAD|OPTIONS /files/:name   a generated file (query switches below)
 *   GET /samples                    JSON [{ name, size, url }] of a few sample files
 *   GET /__stats?name=NAME          FileStats JSON for NAME
 *   POST /__reset                   forget all stats, fault counters and versions
 *   POST /__version?name=NAME&v=N   serve version N of NAME (new bytes, ETag, Last-Modified)
 *
 * /files/:name query switches (every "K" counter is per name and cleared by reset()):
 *   size=N         file size in bytes (default 1 MiB; anything up to 2^53 works, 64 GiB included)
 *   seed=N         content seed (default: FNV-1a of the name); the bytes use seed + version*7919
 *   disposition=V  raw Content-Disposition value; `none` omits the header
 *   norange=1      ignore Range and If-Range: always 200 with the whole body, no Accept-Ranges
 *   nolength=1     no Content-Length: the body goes out chunked
 *   nocors=1       no Access-Control-* header at all (browsers refuse to expose the response)
 *   noexpose=1     no Access-Control-Expose-Headers (Content-Range, ETag... unreadable cross-origin)
 *   rate=N         at most N body bytes per second for each response, in small evenly spaced slices
 *   cut=N          close the connection after N body bytes; cuts=K: only the first K such responses
 *   stall=N        stop sending after N body bytes but keep the connection open until the client
 *                  gives up or the origin closes; stalls=K: only the first K such responses
 *   fail=STATUS    the first `fails` (default 1) requests answer STATUS with a text/plain body;
 *                  retryafter=S adds `Retry-After: S`
 *   wrongrange=1   a 206 body starts 4096 bytes after the asked start while Content-Range claims
 *                  the asked range (a lying server); wrongranges=K: only the first K 206 responses
 *   badcr=1        a 206 whose Content-Range claims start+4096 (start-4096 near the end of the file)
 *                  instead of the asked start, with the body matching that claim
 *   short=N        send N bytes fewer than Content-Length announces, then end the response. Node
 *                  does not object (strictContentLength is off) but would then wait for the missing
 *                  bytes on a keep-alive connection, so these responses carry `Connection: close`
 *                  and the client sees the connection end early. With nolength the body is simply
 *                  N bytes shorter, which a client cannot detect.
 *   html=1         answer 200 text/html with a small error page instead of the file (a captive
 *                  portal); htmls=K: only the first K requests
 *   delay=MS       wait MS milliseconds before answering at all
 *
 * Stats count every request to /files/:name except CORS preflights, whose number depends on the
 * browser's preflight cache rather than on the code under test.
 */
import { createServer, type IncomingMessage, type OutgoingHttpHeaders, type ServerResponse } from 'node:http';
import type { Socket, AddressInfo } from 'node:net';
import { createHash } from 'node:crypto';
import { contentSeed } from './bytes';
import { OptionError, parseFileOptions, parseRange } from './options';
import { ALL_CORS, HTML_PAGE, contentDisposition, cors, preflight, sendBody, sendJson, sendText, wait } from './respond';

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
  statuses: number[];
}

export interface Origin {
  /** e.g. http://127.0.0.1:41234, no trailing slash. */
  url: string;
  port: number;
  close(): Promise<void>;
  stats(name: string): FileStats;
  /** Clears stats, fault counters and versions of every name. */
  reset(): void;
  setVersion(name: string, version: number): void;
}

export interface StartOriginOptions {
  port?: number;
  host?: string;
  /** One line per finished response on stderr (stdout stays free for the CLI's URL). */
  log?: boolean;
}

type Counter = 'fails' | 'cuts' | 'stalls' | 'htmls' | 'wrongranges';

interface NameState {
  stats: FileStats;
  used: Record<Counter, number>;
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
  return { requests: 0, rangeRequests: 0, bytesSent: 0, inFlight: 0, maxInFlight: 0, ranges: [], times: [], statuses: [] };
}

export async function startOrigin(opts: StartOriginOptions = {}): Promise<Origin> {
  const names = new Map<string, NameState>();
  const versions = new Map<string, number>();
  const sockets = new Set<Socket>();
  const log = opts.log ?? false;

  function state(name: string): NameState {
    let s = names.get(name);
    if (s === undefined) {
      s = { stats: emptyStats(), used: { fails: 0, cuts: 0, stalls: 0, htmls: 0, wrongranges: 0 } };
      names.set(name, s);
    }
    return s;
  }

  /** Whether this response gets the fault; `limit` undefined means every response does. */
  function take(s: NameState, counter: Counter, limit: number | undefined): boolean {
    if (limit === undefined) return true;
    if (s.used[counter] >= limit) return false;
    s.used[counter]++;
    return true;
  }

  async function serveFile(req: IncomingMessage, res: ServerResponse, name: string, q: URLSearchParams): Promise<void> {
    const o = parseFileOptions(q);
    if (req.method === 'OPTIONS') return preflight(res, o);
    if (req.method !== 'GET' && req.method !== 'HEAD') {
      return sendText(res, 405, 'method not allowed\n', { ...cors(o), Allow: 'GET, HEAD, OPTIONS' });
    }
    const s = state(name);
    const st = s.stats;
    const rangeHeader = req.headers.range;
    st.requests++;
    st.ranges.push(rangeHeader ?? '');
    st.times.push(Date.now());
    if (rangeHeader !== undefined) st.rangeRequests++;
    const record = (status: number): void => void st.statuses.push(status);

    if (o.delay !== undefined) {
      await wait(res, o.delay);
      if (res.closed) return;
    }
    if (o.fail !== undefined && take(s, 'fails', o.fails)) {
      record(o.fail);
      const extra = o.retryAfter === undefined ? {} : { 'Retry-After': o.retryAfter };
      return sendText(res, o.fail, `injected failure: ${o.fail}\n`, { ...cors(o), ...extra });
    }
    if (o.html && take(s, 'htmls', o.htmls)) {
      record(200);
      res.writeHead(200, { ...cors(o), 'Content-Type': 'text/html; charset=utf-8', 'Cache-Control': 'no-store',
        'Content-Length': Buffer.byteLength(HTML_PAGE) });
      res.end(req.method === 'HEAD' ? undefined : HTML_PAGE);
      return;
    }

    const version = versions.get(name) ?? 0;
    const seed = contentSeed(name, o.seed, version);
    const size = o.size;
    const etag = `"${createHash('sha1').update(`${name}\n${size}\n${seed}`).digest('hex').slice(0, 24)}"`;
    const lastModified = new Date(BASE_DATE + version * DAY).toUTCString();
    const headers: OutgoingHttpHeaders = {
      ...cors(o),
      'Content-Type': 'application/octet-stream',
      'Cache-Control': 'no-store',
      ETag: etag,
      'Last-Modified': lastModified,
    };
    if (!o.norange) headers['Accept-Ranges'] = 'bytes';
    if (o.disposition !== null) headers['Content-Disposition'] = o.disposition ?? contentDisposition(name);

    const ifRange = req.headers['if-range'];
    const honourRange = !o.norange && (ifRange === undefined || ifRange === etag || ifRange === lastModified);
    const range = parseRange(honourRange ? rangeHeader : undefined, size);
    if (range.kind === 'unsatisfiable') {
      record(416);
      res.writeHead(416, { ...headers, 'Content-Range': `bytes */${size}`, 'Content-Length': 0 }).end();
      return;
    }
    const isHead = req.method === 'HEAD';
    let status = 200;
    let from = 0;
    let length = size;
    if (range.kind === 'range') {
      status = 206;
      let start = range.start;
      let end = range.end;
      from = start;
      if (o.badcr) {
        const shift = start + SHIFT < size ? SHIFT : -Math.min(SHIFT, start);
        start += shift;
        end = Math.min(Math.max(end + shift, start), size - 1);
        from = start;
      }
      if (o.wrongrange && !isHead && take(s, 'wrongranges', o.wrongranges)) from = start + SHIFT;
      length = end - start + 1;
      headers['Content-Range'] = `bytes ${start}-${end}/${size}`;
    }
    if (!o.nolength) headers['Content-Length'] = length;
    const bodyLength = Math.max(0, length - (o.short ?? 0));
    if (bodyLength < length) headers.Connection = 'close';

    record(status);
    res.writeHead(status, headers);
    if (isHead) {
      res.end();
      return;
    }
    const cutAt = o.cut !== undefined && o.cut < bodyLength && take(s, 'cuts', o.cuts) ? o.cut : undefined;
    const stallAt =
      cutAt === undefined && o.stall !== undefined && o.stall < bodyLength && take(s, 'stalls', o.stalls)
        ? o.stall
        : undefined;
    // Headers go out now, so a client sees the response start even if the body then stalls at 0.
    res.flushHeaders();
    if (res.closed) return;
    st.inFlight++;
    st.maxInFlight = Math.max(st.maxInFlight, st.inFlight);
    res.once('close', () => void st.inFlight--);
    await sendBody(res, { seed, from, length: bodyLength, rate: o.rate, cutAt, stallAt }, st);
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
    const control = path === '/__reset' || path === '/__version' ? 'POST' : 'GET';
    const allowed = req.method === control || (control === 'GET' && req.method === 'HEAD');
    if (['/samples', '/__stats', '/__reset', '/__version'].includes(path) && !allowed) {
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
      return { ...st, ranges: [...st.ranges], times: [...st.times], statuses: [...st.statuses] };
    },
    reset: () => {
      // inFlight describes live connections, so a reset must not make it go negative later.
      for (const s of names.values()) {
        const inFlight = s.stats.inFlight;
        Object.assign(s.stats, emptyStats(), { inFlight, maxInFlight: inFlight });
        s.used = { fails: 0, cuts: 0, stalls: 0, htmls: 0, wrongranges: 0 };
      }
      versions.clear();
    },
    setVersion: (name, version) => void versions.set(name, version),
  };
  return origin;
}
