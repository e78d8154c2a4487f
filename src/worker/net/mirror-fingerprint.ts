import { toHex } from '../../shared/hex';
import { DownloadError } from '../download-error';
import { FINGERPRINT_BYTES } from './fingerprint';
import { requestRange } from './http-requests';
import { readPrefix } from './read-prefix';

/** What a mirror shows of its copy of the file. */
export interface MirrorIdentity {
  /** Computed as fetchFingerprint computes the link's: SHA-256 of the first and last 64 KiB. */
  fingerprint: string;
  /** Its own validators (another server's ETag says nothing about this one's). */
  etag: string | null;
  lastModified: string | null;
  /** Both answers showed a Content-Range, checked against the range and the link's size. */
  contentRangeShown: boolean;
}

/**
 * The fingerprint of a mirror's copy, with what its answers showed: two small range requests,
 * judged against the link's size only (validators differ from server to server).
 */
export async function fetchMirrorFingerprint(url: string, file: { size: number; contentType: string | null }, signal: AbortSignal): Promise<MirrorIdentity> {
  const { size } = file;
  const known = { size, etag: null, lastModified: null, contentType: file.contentType };
  const parts: Uint8Array[] = [];
  let shown = true;
  let etag: string | null = null;
  let lastModified: string | null = null;
  for (const [start, end] of [
    [0, Math.min(size, FINGERPRINT_BYTES)],
    [Math.max(0, size - FINGERPRINT_BYTES), size],
  ] as const) {
    if (end <= start) {
      parts.push(new Uint8Array(0));
      continue;
    }
    const answer = await requestRange({ url, start, end, file: known, signal });
    shown &&= answer.kind === 'range' && answer.contentRangeShown;
    etag ??= answer.response.headers.get('ETag');
    lastModified ??= answer.response.headers.get('Last-Modified');
    const bytes = await readPrefix(answer.response, end - start);
    if (bytes.byteLength < end - start) throw new DownloadError('bad-response', 'The server sent fewer bytes than asked for', false);
    parts.push(bytes);
  }
  const [head = new Uint8Array(0), tail = new Uint8Array(0)] = parts;
  const both = new Uint8Array(head.byteLength + tail.byteLength);
  both.set(head, 0);
  both.set(tail, head.byteLength);
  const fingerprint = toHex(new Uint8Array(await crypto.subtle.digest('SHA-256', both)));
  return { fingerprint, etag, lastModified, contentRangeShown: shown };
}
