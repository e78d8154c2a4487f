import { keepWindow } from '../../shared/url-window';
import { sameFile } from '../../shared/answer-check';
import { parseUrlInput } from '../../shared/url-input';
import { fetchFingerprint } from './fingerprint';
import { discardBody, probe } from './http-requests';
import type { JobRecord } from '../storage/job-record';
import { toDownloadError } from '../download-error';

/** How long checking a new link may take before the person is told it did not answer. */
const CHECK_TIMEOUT_MS = 30_000;

export type LinkCheck = { ok: true; url: string } | { ok: false; reason: string };

/**
 * Whether `text` is a link to the very file whose bytes `job` has staged: same size, and the
 * same ETag or date where both sides show one; failing those, the same first and last 64 KiB.
 * Only then may the job carry on from its bytes with the new link.
 */
export async function checkNewLink(job: JobRecord, text: string): Promise<LinkCheck> {
  const parsed = parseUrlInput(text, 1);
  const entry = parsed.entries[0];
  if (parsed.errors.length > 0 || !entry) return { ok: false, reason: parsed.errors[0]?.replace(/^Line 1: /, '') ?? 'Paste a link.' };
  // A job that fetches one entry of a ZIP asks the new link for the same window of it.
  const url = keepWindow(job.url, entry.url);
  if (job.size === null || job.rangeSupported !== true) return { ok: true, url };
  const signal = AbortSignal.timeout(CHECK_TIMEOUT_MS);
  let answer;
  try {
    answer = await probe(url, signal);
  } catch (error) {
    return { ok: false, reason: `The new link did not work: ${toDownloadError(error).message}.` };
  }
  discardBody(answer.response);
  const different = (why: string): LinkCheck => ({ ok: false, reason: `The new link is a different file: ${why}. Nothing was changed.` });
  if (!answer.rangeSupported) return { ok: false, reason: 'The new link cannot resume downloads (its server ignores ranges). Nothing was changed.' };
  const differs = sameFile(job, answer);
  if (differs !== null) return different(differs);
  // Equal validators prove it is the same file; without one on both sides, only its bytes can.
  const compared = (job.etag !== null && answer.etag !== null) || (job.lastModified !== null && answer.lastModified !== null);
  if (compared) return { ok: true, url };
  if (job.fingerprint === null) return { ok: false, reason: 'Neither link shows a version of the file, so it cannot be checked to be the same. Nothing was changed.' };
  try {
    const now = await fetchFingerprint(url, { size: job.size, etag: null, lastModified: null, contentType: job.contentType }, signal);
    return now === job.fingerprint ? { ok: true, url } : different('its first and last bytes are different');
  } catch (error) {
    return { ok: false, reason: `The new link did not work: ${toDownloadError(error).message}.` };
  }
}
