import { DownloadError, FileChangedError } from '../download-error';

/**
 * What a job with mirrors says of a mirror it stopped asking (see mirror-set.ts): English
 * sentences, as every engine sentence, translated by the page (engine-text-zh.ts).
 */

export const STOPPED_RANGES = 'it stopped accepting ranges';
export const HIDDEN_RANGE = 'it does not show which bytes it sends (no readable Content-Range)';
const NO_RANGES = 'it does not accept ranges';

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
  if (error instanceof DownloadError) return [HIDDEN_RANGE, STOPPED_RANGES].includes(error.message) ? error.message : `it failed: ${error.message}`;
  return `it failed: ${error instanceof Error ? error.message : String(error)}`;
}
