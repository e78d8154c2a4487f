import { formatBytes, formatDuration, formatProgress, formatSpeed } from '../shared/format';
import type { JobView, ViewStatus } from '../shared/types';

export const STATUS_WORDS: Readonly<Record<ViewStatus, string>> = {
  queued: 'Queued',
  downloading: 'Downloading',
  saving: 'Saving',
  paused: 'Paused',
  'save-blocked': 'Ready to save',
  'web-page': 'Web page',
  failed: 'Failed',
  canceled: 'Canceled',
  completed: 'Completed',
  pausing: 'Pausing…',
  canceling: 'Canceling…',
  removing: 'Removing…',
  stopping: 'Stopping…',
  damaged: 'Damaged',
};

// Shown only if the engine sends no words of its own for these states.
const WEB_PAGE_REASON = 'The server sent a web page, not a file (often a sign-in or error page)';
const DAMAGED_REASON = 'This entry is damaged';

/** Statuses in which the staged bytes are, or are about to be, gone or beside the point. */
function isDropped(status: ViewStatus): boolean {
  return status === 'canceled' || status === 'canceling' || status === 'removing' || status === 'damaged';
}

/** The size beside the name; empty where an unknown size is not worth saying. */
export function sizeText(job: JobView): string {
  if (job.size !== null) return formatBytes(job.size);
  return job.status === 'failed' || isDropped(job.status) ? '' : 'Size unknown';
}

/**
 * The line under the bar. Failed and web-page rows show only the bytes they keep (nothing when
 * none), canceled and damaged rows show none: "0 B" beside a failure reads as if nothing ever
 * arrived.
 */
export function details(job: JobView): string {
  const { status } = job;
  if (isDropped(status)) return '';
  if (status === 'failed' || status === 'web-page') return job.bytesDone > 0 ? formatProgress(job.bytesDone, job.size) : '';
  const progress = formatProgress(job.bytesDone, job.size);
  if (status !== 'downloading') return progress;
  if (job.retrying !== null) {
    const { attempt, of, reason } = job.retrying;
    const retrying = `Retrying (${attempt} of ${of}): ${reason}`;
    return job.bytesDone > 0 ? `${progress} · ${retrying}` : retrying;
  }
  if (job.connections === 0 && job.bytesDone === 0) return `${progress} · waiting for a connection`;
  const parts = [progress, formatSpeed(job.speed)];
  if (job.eta !== null) parts.push(`${formatDuration(job.eta)} left`);
  const requests = requestsText(job);
  if (requests !== null) parts.push(requests);
  return parts.join(' · ');
}

/**
 * "6 parallel requests over HTTP/2 (the server allows 2)": requests, not connections, because on
 * HTTP/2 they are streams of one connection; the protocol only where the browser showed it.
 */
export function requestsText(job: JobView): string | null {
  const n = job.connections;
  if (n === 0) return null;
  let text = n === 1 ? '1 request' : `${n} parallel requests`;
  if (job.protocol !== null) text += ` over ${job.protocol}`;
  if (job.serverLimit !== null) text += ` (the server allows ${job.serverLimit})`;
  return text;
}

/** The server a job downloads from ("example.com:8080"), shown beside its name; empty when unreadable. */
export function hostOf(url: string): string {
  try {
    return new URL(url).host;
  } catch {
    return '';
  }
}

const WHEN = new Intl.DateTimeFormat(undefined, { dateStyle: 'medium', timeStyle: 'medium' });

/** A date of the details region ("3 Dec 2026, 05:44:50"), in the person's locale. */
export function formatWhen(ms: number): string {
  return WHEN.format(ms);
}

/** Why the job stopped, for the states that stop for a reason; null otherwise. */
export function rowReason(job: JobView): string | null {
  switch (job.status) {
    case 'failed':
    case 'paused':
      return job.error;
    case 'web-page':
      return job.error ?? WEB_PAGE_REASON;
    case 'damaged':
      return job.error ?? DAMAGED_REASON;
    default:
      return null;
  }
}

/** Things worth knowing that are not failures, in the order the row shows them. */
export function rowNotes(job: JobView): string[] {
  const notes: string[] = [];
  if (job.note !== null) notes.push(job.note);
  if (job.elsewhere) notes.push('Active in another tab');
  if (job.status === 'save-blocked') {
    notes.push(job.hasDestination ? 'All bytes are here. Allow saving to write the file.' : 'All bytes are here. Choose where to save it.');
  }
  return notes;
}

/** A determinate bar (value of max), or null for one that only says "working". */
export type Bar = { value: number; max: number } | null;

/**
 * Only a job that is moving bytes and does not know its size gets the "working" bar; a stopped
 * row always shows a still one.
 */
export function progressBar(job: JobView): Bar {
  const { status, size } = job;
  const allHere = status === 'completed' || status === 'save-blocked';
  const moving = status === 'downloading' || status === 'saving';
  if (size === null) return moving ? null : { value: allHere ? 1 : 0, max: 1 };
  // An empty file has nothing to count; its bar is full once every byte (none) is here.
  if (size === 0) return { value: allHere || status === 'saving' ? 1 : 0, max: 1 };
  return { value: isDropped(status) ? 0 : Math.min(job.bytesDone, size), max: size };
}
