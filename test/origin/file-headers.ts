/**
 * The headers of every answer about the file itself (200, 206 and 416) and its validators, from the
 * name, the switches and the version served. See the switch list in serve-file.ts.
 */
import type { OutgoingHttpHeaders } from 'node:http';
import { createHash } from 'node:crypto';
import type { FileOptions } from './options.ts';
import { contentDisposition } from './respond.ts';
import { HOSTILE_DISPOSITION } from './lies.ts';
import { servedSha256 } from './published-sums.ts';

/** Version N of every file was last modified N days after this date. */
const BASE_DATE = Date.UTC(2026, 0, 1);
const DAY = 86_400_000;

/**
 * The headers every answer about the file itself carries (200, 206 and 416), with its validators;
 * the CORS headers are the caller's, since they depend on the status (errcors=).
 */
export function fileHeaders(
  name: string,
  o: FileOptions,
  file: { size: number; seed: number; page: Uint8Array | undefined; version: number },
): { headers: OutgoingHttpHeaders; etag: string; lastModified: string } {
  const { size, seed, page, version } = file;
  const identity = `${name}\n${size}\n${seed}${page === undefined ? '' : '\nwebpage'}`;
  const etag = `"${createHash('sha1').update(identity).digest('hex').slice(0, 24)}"`;
  const lastModified = new Date(BASE_DATE + version * DAY).toUTCString();
  const headers: OutgoingHttpHeaders = {
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
  if (o.digest !== undefined) Object.assign(headers, digestHeader(name, o, version));
  return { headers, etag, lastModified };
}

/** digest=: the whole file's SHA-256 (hashed at once: meant for files of a few MiB). */
function digestHeader(name: string, o: FileOptions, version: number): OutgoingHttpHeaders {
  const base64 = Buffer.from(servedSha256(name, o, version, o.digest === 'wrong'), 'hex').toString('base64');
  return o.digest === 'legacy' ? { Digest: `SHA-256=${base64}` } : { 'Repr-Digest': `sha-256=:${base64}:` };
}
