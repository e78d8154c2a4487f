/**
 * How the test origin writes responses: CORS headers, small text/JSON answers, and the generated
 * body stream with its throttling, cut and stall behaviour (see the switch list in server.ts).
 */
import type { OutgoingHttpHeaders, ServerResponse } from 'node:http';
import { fillBytes } from './bytes.ts';
import type { FileOptions } from './options.ts';

const CHUNK = 512 * 1024;
// Retry-After is not a CORS-safelisted response header: without it here a page could not honour it.
const EXPOSED = 'Content-Range, ETag, Content-Disposition, Accept-Ranges, Content-Length, Last-Modified, Retry-After';
export const HTML_PAGE =
  '<!doctype html><html><head><title>Sign in</title></head>' +
  '<body><h1>Network login required</h1><p>Please sign in to continue.</p></body></html>\n';

export function cors(opts: Pick<FileOptions, 'nocors' | 'noexpose'>): OutgoingHttpHeaders {
  if (opts.nocors) return {};
  if (opts.noexpose) return { 'Access-Control-Allow-Origin': '*' };
  return { 'Access-Control-Allow-Origin': '*', 'Access-Control-Expose-Headers': EXPOSED };
}

export const ALL_CORS = cors({ nocors: false, noexpose: false });

export function preflight(res: ServerResponse, opts: Pick<FileOptions, 'nocors' | 'noexpose'>): void {
  const headers: OutgoingHttpHeaders = opts.nocors
    ? {}
    : {
        'Access-Control-Allow-Origin': '*',
        'Access-Control-Allow-Methods': 'GET, HEAD, OPTIONS',
        'Access-Control-Allow-Headers': 'Range, If-Range, Cache-Control',
        'Access-Control-Max-Age': '600',
      };
  res.writeHead(204, headers).end();
}

export function sendText(
  res: ServerResponse,
  status: number,
  body: string,
  headers: OutgoingHttpHeaders = ALL_CORS,
  reasonPhrase?: string,
): void {
  const noBody = res.req.method === 'HEAD' || status === 204 || status === 304;
  const all: OutgoingHttpHeaders = { ...headers, 'Content-Type': 'text/plain; charset=utf-8', 'Cache-Control': 'no-store' };
  if (!noBody) all['Content-Length'] = Buffer.byteLength(body);
  if (reasonPhrase === undefined) res.writeHead(status, all);
  else res.writeHead(status, reasonPhrase, all);
  res.end(noBody ? undefined : body);
}

export function sendJson(res: ServerResponse, value: unknown): void {
  const body = JSON.stringify(value);
  res.writeHead(200, { ...ALL_CORS, 'Content-Type': 'application/json', 'Cache-Control': 'no-store' });
  res.end(body);
}

export function contentDisposition(name: string): string {
  // The quoted form must stay printable ASCII for old clients and for Node's header validation;
  // filename* carries the exact name.
  const ascii = name.replace(/[^\x20-\x7e]|["\\]/g, '_');
  const encoded = encodeURIComponent(name).replace(/['()*]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`);
  return `attachment; filename="${ascii}"; filename*=UTF-8''${encoded}`;
}

/** Resolves after `ms`, or as soon as the response is closed so no timer outlives a connection. */
export function wait(res: ServerResponse, ms: number): Promise<void> {
  if (res.closed) return Promise.resolve();
  return new Promise((resolve) => {
    const done = (): void => {
      clearTimeout(timer);
      res.off('close', done);
      resolve();
    };
    const timer = setTimeout(done, ms);
    res.on('close', done);
  });
}

function drained(res: ServerResponse): Promise<void> {
  if (res.closed) return Promise.resolve();
  return new Promise((resolve) => {
    const done = (): void => {
      res.off('drain', done);
      res.off('close', done);
      resolve();
    };
    res.on('drain', done);
    res.on('close', done);
  });
}

export interface BodyPlan {
  seed: number;
  /** Absolute file offset of the first body byte. */
  from: number;
  /** Bytes to send before ending normally. */
  length: number;
  rate: number | undefined;
  cutAt: number | undefined;
  stallAt: number | undefined;
}

/** How a body ended: in full, cut, stalled (until the client or the origin closed), or closed by the client. */
export type BodyEnd = 'ended' | 'cut' | 'stalled' | 'closed';

/**
 * Streams the planned body. `onFault` hears of a cut or a stall at the moment it happens (a stall
 * never ends by itself, so the caller could not learn of it from the result).
 */
export async function sendBody(
  res: ServerResponse,
  plan: BodyPlan,
  stats: { bytesSent: number },
  onFault: (kind: 'cut' | 'stall') => void = () => undefined,
): Promise<BodyEnd> {
  const stop = Math.min(plan.length, plan.cutAt ?? Infinity, plan.stallAt ?? Infinity);
  // Small slices at a computed due time keep a throttled stream smooth; at high rates the due time
  // is usually already past and the slices go out back to back.
  const slice = plan.rate === undefined ? CHUNK : Math.max(1, Math.min(16384, Math.floor(plan.rate / 50)));
  const t0 = performance.now();
  let sent = 0;
  while (sent < stop && !res.closed) {
    if (plan.rate !== undefined) {
      const due = t0 + (sent * 1000) / plan.rate;
      const now = performance.now();
      if (due > now + 1) {
        await wait(res, due - now);
        if (res.closed) return 'closed';
      }
    }
    const n = Math.min(slice, stop - sent);
    const chunk = Buffer.allocUnsafe(n);
    fillBytes(chunk, plan.from + sent, plan.seed);
    const ok = res.write(chunk);
    stats.bytesSent += n;
    sent += n;
    if (!ok) await drained(res);
  }
  if (res.closed) return 'closed';
  if (plan.cutAt !== undefined && sent >= plan.cutAt) {
    // end() on the socket flushes what is queued before the FIN, so the client gets exactly
    // `cut` bytes and then a connection that ends mid-body.
    onFault('cut');
    res.socket?.destroySoon();
    return 'cut';
  }
  if (plan.stallAt !== undefined && sent >= plan.stallAt) {
    onFault('stall');
    await wait(res, 2 ** 31 - 1);
    return 'stalled';
  }
  res.end();
  return 'ended';
}
