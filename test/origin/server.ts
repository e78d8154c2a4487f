/**
 * The project's own HTTP test origin: generated files of any size, Range support, and switches
 * that make it misbehave the way real servers do. This file is the HTTP server and its routes;
 * serve-file.ts serves the files and documents every query switch, name-store.ts keeps the
 * per-name stats and fault counters.
 *
 * Routes
 *   GET|HEAD|OPTIONS /files/:name   a generated file (query switches: see serve-file.ts)
 *   GET|HEAD|OPTIONS /zips/:name    a generated ZIP archive (sample.zip, sparse64.zip: test-zips.ts)
 *   GET /samples                    JSON [{ name, size, url }] of a few sample files
 *   GET /__stats?name=NAME          FileStats JSON for NAME
 *   POST /__reset                   forget all stats, fault counters, versions and switch overrides
 *   POST /__version?name=NAME&v=N   serve version N of NAME (new bytes, ETag, Last-Modified)
 *   POST /__switches?name=NAME&K=V  from now on, requests for NAME behave as if their query said
 *                                   K=V (an empty V removes switch K), e.g. `fail=` heals a server
 *   POST /__cut?name=NAME           drop the connection of every body of NAME being sent right now
 *
 * With { http2: true } the same routes are served over HTTPS with HTTP/2 (http2-origin.ts).
 */
import { createServer } from 'node:http';
import type { Socket, AddressInfo } from 'node:net';
import type { OriginRequest, OriginResponse } from './exchange.ts';
import { createHttp2Server } from './http2-origin.ts';
import { OptionError, parseFileOptions, withOverrides, type SwitchOverrides } from './options.ts';
import { ALL_CORS, preflight, sendJson, sendText } from './respond.ts';
import { createNameStore, type FileStats } from './name-store.ts';
import { dropConnection } from './exchange.ts';
import { serveFile } from './serve-file.ts';
import { answerPublished } from './published-sums.ts';
import { serveZip } from './serve-zip.ts';
import { webPageBytes } from './web-page.ts';

export { webPageBytes };
export type { FileStats, OriginFault } from './name-store.ts';
export type { SwitchOverrides } from './options.ts';

export interface Origin {
  /** e.g. http://127.0.0.1:41234 (https://... for HTTP/2), no trailing slash. */
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
  /**
   * Drops the connection of every body of `name` being sent now (on HTTP/2, resets its stream);
   * returns how many (each a 'cut').
   */
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
  /**
   * HTTPS with HTTP/2 (HTTP/1.1 for clients that do not offer h2) and a self-signed certificate
   * for 127.0.0.1 and localhost, made with the openssl CLI.
   */
  http2?: boolean;
}

export const SAMPLES: ReadonlyArray<{ name: string; size: number }> = [
  { name: 'sample-1MiB.bin', size: 1 << 20 },
  { name: 'sample-100MiB.bin', size: 100 << 20 },
  { name: 'sample-1GiB.bin', size: 1 << 30 },
];

export async function startOrigin(opts: StartOriginOptions = {}): Promise<Origin> {
  const store = createNameStore();
  const sockets = new Set<Socket>();
  const log = opts.log ?? false;

  async function handle(req: OriginRequest, res: OriginResponse): Promise<void> {
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
      if (await answerPublished(req, res, name, store, SAMPLES)) return;
      return serveFile(req, res, name, q, store);
    }
    if (path.startsWith('/zips/')) return serveZip(req, res, decodeURIComponent(path.slice('/zips/'.length)), q, store);
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
        const host = req.headers[':authority'] ?? req.headers.host;
        const base = typeof host === 'string' ? `${new URL(origin.url).protocol}//${host}` : origin.url;
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

  const onRequest = (req: OriginRequest, res: OriginResponse): void => {
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
        void dropConnection(res, false);
      }
    });
  };
  const server = opts.http2 ? await createHttp2Server(onRequest) : createServer(onRequest);
  // The raw TCP sockets, TLS or not, so close() can end them all.
  server.on('connection', (socket: Socket) => {
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
  });
  if (!opts.http2) server.on('clientError', (_err, socket: Socket) => socket.destroy());

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
    url: `${opts.http2 ? 'https' : 'http'}://${urlHost}:${port}`,
    port,
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        // Stalled and throttled responses would keep server.close() waiting forever.
        for (const socket of sockets) socket.destroy();
        if ('closeAllConnections' in server) server.closeAllConnections();
      }),
    stats: store.stats,
    reset: store.reset,
    setVersion: store.setVersion,
    setSwitches: store.setSwitches,
    cutAll: store.cutAll,
    recordFault: store.recordFault,
    faultsByName: store.faultsByName,
  };
  return origin;
}
