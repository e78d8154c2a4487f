/**
 * The `/zips/:name` route: the archives of test-zips.ts, with Range support, ETag and CORS, and
 * every body byte counted in the name's stats (bytesSent, ranges), so a test can show that only
 * the directory and the chosen entries were read. Switches: norange=1 ignores Range (200, whole);
 * flip=N sends byte N of the archive inverted (a damaged entry, whose CRC-32 no longer matches).
 */
import { parseRange } from './options.ts';
import { ALL_CORS, preflight, sendText } from './respond.ts';
import { recordRequest, recordStatus, type NameStore } from './name-store.ts';
import { forProtocol, isClosed, type OriginRequest, type OriginResponse } from './exchange.ts';
import { testZip } from './test-zips.ts';
import { readZip } from './zip-build.ts';

const SLICE = 256 * 1024;

export async function serveZip(req: OriginRequest, res: OriginResponse, name: string, query: URLSearchParams, store: NameStore): Promise<void> {
  if (req.method === 'OPTIONS') return preflight(res, { nocors: false, noexpose: false });
  const zip = testZip(name);
  if (!zip) return sendText(res, 404, 'no such archive\n');
  if (req.method !== 'GET' && req.method !== 'HEAD') return sendText(res, 405, 'method not allowed\n', { ...ALL_CORS, Allow: 'GET, HEAD, OPTIONS' });
  const s = store.state(name);
  recordRequest(s, req, query);
  const norange = query.get('norange') === '1';
  const flip = query.has('flip') ? Number(query.get('flip')) : -1;
  const headers: Record<string, string | number> = {
    ...(ALL_CORS as Record<string, string>),
    'Content-Type': 'application/zip',
    'Cache-Control': 'no-store',
    ETag: `"zip-${name}-${zip.size}"`,
    'Last-Modified': new Date(Date.UTC(2026, 0, 1)).toUTCString(),
  };
  if (!norange) headers['Accept-Ranges'] = 'bytes';
  const range = parseRange(norange ? undefined : req.headers.range, zip.size);
  if (range.kind === 'unsatisfiable') {
    recordStatus(s, 416);
    res.writeHead(416, { ...headers, 'Content-Range': `bytes */${zip.size}`, 'Content-Length': 0 }).end();
    return;
  }
  const start = range.kind === 'range' ? range.start : 0;
  const end = range.kind === 'range' ? range.end + 1 : zip.size;
  const status = range.kind === 'range' ? 206 : 200;
  if (status === 206) headers['Content-Range'] = `bytes ${start}-${end - 1}/${zip.size}`;
  headers['Content-Length'] = end - start;
  recordStatus(s, status);
  res.writeHead(status, forProtocol(req, headers));
  if (req.method === 'HEAD') {
    res.end();
    return;
  }
  for (let at = start; at < end && !isClosed(res); at += SLICE) {
    const chunk = readZip(zip, at, Math.min(end, at + SLICE));
    if (flip >= at && flip < at + chunk.length) chunk[flip - at] = (chunk[flip - at] ?? 0) ^ 0xff;
    s.stats.bytesSent += chunk.length;
    if (!res.write(chunk)) await new Promise<void>((resolve) => {
      res.once('drain', resolve);
      res.once('close', resolve);
    });
  }
  if (!isClosed(res)) res.end();
}
