import type { MirrorView } from '../../shared/types';
import { DownloadError, FileChangedError } from '../download-error';

/**
 * What a job with mirrors says of a mirror it stopped asking (see mirror-set.ts): English
 * sentences, as every engine sentence, translated by the page (engine-text-zh.ts).
 */

export const STOPPED_RANGES = 'it stopped accepting ranges';
export const HIDDEN_RANGE = 'it does not show which bytes it sends (no readable Content-Range)';
const NO_RANGES = 'it does not accept ranges';

const FAILED = 'it failed: ';

/**
 * Whether a mirror dropped for `reason` stays dropped in the job's next run (Resume, Retry, a
 * reload): one that serves another file or cannot serve ranges does; one whose request failed is
 * asked again, since servers come back.
 */
export function staysDropped(reason: string): boolean {
  return !reason.startsWith(FAILED);
}

/**
 * A new start of the job (Resume, Retry, a reload): every server dropped only because a request
 * to it failed is asked again, since servers come back. Within one start a dropped server stays
 * dropped, also when another server takes the link's place (link-switch.ts).
 */
export function askFailedMirrorsAgain(job: { mirrors?: MirrorView[] }): void {
  for (const view of job.mirrors ?? []) if (view.dropped !== null && !staysDropped(view.dropped)) view.dropped = null;
}

/**
 * Throws unless what a mirror showed (mirror-fingerprint.ts) is the job's file: the same
 * fingerprint, in answers whose Content-Range it lets the page read.
 */
export function expectSameFile(seen: { fingerprint: string; contentRangeShown: boolean }, fingerprint: string): void {
  if (seen.fingerprint !== fingerprint) throw new FileChangedError('its first and last bytes are different');
  if (!seen.contentRangeShown) throw new DownloadError('bad-response', HIDDEN_RANGE, false);
}

/** The job's note when a mirror is dropped. */
export function droppedNote(host: string, reason: string): string {
  return `Mirror ${host} dropped: ${reason}`;
}

/** Why a mirror is no longer asked, in words for its row. */
export function dropReason(error: unknown): string {
  if (error instanceof FileChangedError) {
    const detail = /\(([^)]*)\)$/.exec(error.message)?.[1] ?? 'it is not the same';
    // Without validators to compare, a whole-file answer is all a server without ranges gives.
    if (detail === 'it answered with the whole file') return NO_RANGES;
    return `it serves a different file (${detail})`;
  }
  if (error instanceof DownloadError) return [HIDDEN_RANGE, STOPPED_RANGES].includes(error.message) ? error.message : `${FAILED}${error.message}`;
  return `${FAILED}${error instanceof Error ? error.message : String(error)}`;
}
