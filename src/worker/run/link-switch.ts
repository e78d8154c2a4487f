import { bytesDone } from '../../shared/segments';
import type { FailureKind, MirrorView } from '../../shared/types';
import type { DownloadError } from '../download-error';
import { fetchMirrorFingerprint } from '../net/mirror-fingerprint';
import { forgetRemoteFile, type JobRecord } from '../storage/job-record';
import { dropReason, expectSameFile } from './mirror-notes';

/**
 * A job with mirrors whose link fails does not fail while another server of the file is left:
 * that server becomes its link, as aria2 moves on to a file's next URI. Mirrors are checked
 * against the link (mirror-set.ts), so a dead link would otherwise leave every mirror unused, and
 * a job paused with bytes staged could not resume once its link died. A link failing while a
 * checked mirror runs hands its range to it instead (connection-pool.ts).
 */

/** The job's note when another server took the link's place. */
export function switchedNote(from: string, to: string, reason: string): string {
  return `Server ${from} dropped: ${reason}; ${to} took its place`;
}

/**
 * The servers once the link failed with `reason`: the first mirror still in use leads, the others
 * keep their order, and the old link goes last, dropped. Null when no mirror is left to lead.
 */
export function promoteMirror(mirrors: readonly MirrorView[], reason: string): MirrorView[] | null {
  const [link, ...rest] = mirrors;
  const next = rest.findIndex((m) => m.dropped === null);
  const lead = rest[next];
  if (link === undefined || lead === undefined) return null;
  // Copies: what the job held before is reset in place when its file is forgotten.
  return [{ ...lead }, ...rest.filter((_, i) => i !== next).map((m) => ({ ...m })), { ...link, dropped: reason }];
}

/** Failures of the server, which another server of the file may not have. */
const SERVER_FAILURES: ReadonlySet<FailureKind> = new Set(['cors', 'network', 'http', 'expired', 'unreadable', 'mixed-content', 'bad-response']);

/** Whether `failure` is the server's (another server of the file may not have it). */
export function isServerFailure(failure: DownloadError): boolean {
  return SERVER_FAILURES.has(failure.kind);
}

/** Whether another server of the file is left to lead, should the link fail. */
export function hasMirrorLeft(job: Pick<JobRecord, 'mirrors'>): boolean {
  return (job.mirrors ?? []).slice(1).some((m) => m.dropped === null);
}

/**
 * Whether a run that ended with `failure` may go on from another server: the server failed and a
 * mirror is left, and either nothing is staged or the staged bytes can be shown to be of the
 * file the other server serves (its size, and the fingerprint checked before a resume).
 */
export function mayTryMirror(job: JobRecord, failure: DownloadError): boolean {
  if (!isServerFailure(failure) || !hasMirrorLeft(job)) return false;
  return nothingStaged(job) || (job.rangeSupported === true && job.size !== null && job.fingerprint !== null);
}

function nothingStaged(job: JobRecord): boolean {
  return job.streamed === 0 && bytesDone(job.segments) === 0;
}

/**
 * For a hand-over with bytes staged: asks the mirrors still in use, in order, for their size and
 * fingerprint until one shows the staged file, and drops each that does not (or fails), so it is
 * the one switchToMirror makes the link. False when none does: the staged bytes are never gone on
 * from, nor thrown away for, another server's different file.
 */
export async function confirmNextMirror(job: JobRecord, signal: AbortSignal): Promise<boolean> {
  if (nothingStaged(job)) return true;
  const { size, fingerprint, contentType } = job;
  if (size === null || fingerprint === null) return false;
  for (const mirror of (job.mirrors ?? []).slice(1)) {
    if (mirror.dropped !== null) continue;
    try {
      expectSameFile(await fetchMirrorFingerprint(mirror.url, { size, contentType }, signal), fingerprint);
      return true;
    } catch (error) {
      if (signal.aborted) throw error;
      mirror.dropped = dropReason(error);
    }
  }
  return false;
}

/**
 * Makes the first mirror still in use the job's link after `failure` (see mayTryMirror), with a
 * note saying so. With nothing staged, what was learned of the old link's file is forgotten; with
 * bytes staged (confirmNextMirror first), only its validators. False when no mirror is left.
 */
export function switchToMirror(job: JobRecord, failure: DownloadError): boolean {
  if (!mayTryMirror(job, failure)) return false;
  const reason = dropReason(failure);
  const servers = promoteMirror(job.mirrors ?? [], reason);
  const lead = servers?.[0];
  if (!servers || !lead) return false;
  const from = new URL(job.url).host;
  if (nothingStaged(job)) {
    forgetRemoteFile(job);
  } else {
    // The old server's validators say nothing of the new one's answers; the fingerprint, checked
    // before the staged bytes are gone on from, shows it serves the same file (or starts it again).
    job.etag = null;
    job.lastModified = null;
  }
  job.mirrors = servers;
  job.url = lead.url;
  job.note = switchedNote(from, new URL(lead.url).host, reason);
  return true;
}
