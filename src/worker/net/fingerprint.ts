import type { KnownFile } from '../../shared/answer-check';
import { toHex } from '../../shared/hex';
import { DownloadError } from '../download-error';
import { requestRange } from './http-requests';
import { readPrefix } from './read-prefix';

/** How much of each end of a file its fingerprint covers. */
export const FINGERPRINT_BYTES = 64 * 1024;

/**
 * Without an ETag or a date, the only way to know a remote file is still the one whose bytes are
 * staged is to look at it: SHA-256 of its first and last 64 KiB as the server sends them now.
 * Two small range requests, made once when a job starts and again before it resumes.
 */
export async function fetchFingerprint(url: string, file: KnownFile, signal: AbortSignal): Promise<string> {
  const size = file.size;
  const head = await fetchExactly(url, 0, Math.min(size, FINGERPRINT_BYTES), file, signal);
  const tail = await fetchExactly(url, Math.max(0, size - FINGERPRINT_BYTES), size, file, signal);
  const both = new Uint8Array(head.byteLength + tail.byteLength);
  both.set(head, 0);
  both.set(tail, head.byteLength);
  return toHex(new Uint8Array(await crypto.subtle.digest('SHA-256', both)));
}

async function fetchExactly(url: string, start: number, end: number, file: KnownFile, signal: AbortSignal): Promise<Uint8Array> {
  if (end <= start) return new Uint8Array(0);
  // No validator to send or compare: a whole-file answer reads as a changed file.
  const answer = await requestRange({ url, start, end, file, signal });
  const bytes = await readPrefix(answer.response, end - start);
  if (bytes.byteLength < end - start) {
    throw new DownloadError('bad-response', 'The server sent fewer bytes than asked for', true);
  }
  return bytes;
}
