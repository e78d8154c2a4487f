import { formatBytes, formatDuration, formatProgress, formatSpeed } from '../shared/format';
import type { JobView, ViewStatus } from '../shared/types';
import type { Messages } from './i18n/en';

// Every function here says things in the language of `m`; the engine's own sentences (reasons,
// notes, retry reasons) come in English and go through `m.sentence`.

/** Statuses in which the staged bytes are, or are about to be, gone or beside the point. */
function isDropped(status: ViewStatus): boolean {
  return status === 'canceled' || status === 'canceling' || status === 'removing' || status === 'damaged';
}

/** The size beside the name; empty where an unknown size is not worth saying. */
export function sizeText(job: JobView, m: Messages): string {
  if (job.size !== null) return formatBytes(job.size, m.locale);
  return job.status === 'failed' || isDropped(job.status) ? '' : m.row.sizeUnknown;
}

/**
 * The line under the bar. Failed and web-page rows show only the bytes they keep (nothing when
 * none), canceled and damaged rows show none: "0 B" beside a failure reads as if nothing ever
 * arrived.
 */
export function details(job: JobView, m: Messages): string {
  const { status } = job;
  if (isDropped(status)) return '';
  const progress = formatProgress(job.bytesDone, job.size, m.numbers);
  if (status === 'failed' || status === 'web-page') return job.bytesDone > 0 ? progress : '';
  if (status !== 'downloading') return progress;
  if (job.retrying !== null) {
    const { attempt, of, reason } = job.retrying;
    const retrying = m.row.retrying(attempt, of, m.sentence(reason));
    return job.bytesDone > 0 ? `${progress} · ${retrying}` : retrying;
  }
  if (job.connections === 0 && job.bytesDone === 0) return `${progress} · ${m.row.waitingForConnection}`;
  const parts = [progress, formatSpeed(job.speed, m.locale)];
  if (job.eta !== null) parts.push(m.row.left(formatDuration(job.eta, m.numbers)));
  const requests = requestsText(job, m);
  if (requests !== null) parts.push(requests);
  return parts.join(' · ');
}

/**
 * "6 parallel requests over HTTP/2 (the server allows 2)": requests, not connections, because on
 * HTTP/2 they are streams of one connection; the protocol only where the browser showed it.
 */
export function requestsText(job: JobView, m: Messages): string | null {
  if (job.connections === 0) return null;
  return m.row.requests(job.connections, job.protocol, job.serverLimit);
}

/** The server a job downloads from ("example.com:8080"), shown beside its name; empty when unreadable. */
export function hostOf(url: string): string {
  try {
    return new URL(url).host;
  } catch {
    return '';
  }
}

const dateFormats = new Map<string, Intl.DateTimeFormat>();

/**
 * A date of the details region in the page's language ("Dec 3, 2026, 5:44:50 AM",
 * "2026年12月3日 05:44:50"), in the person's time zone.
 */
export function formatWhen(ms: number, locale: string): string {
  let format = dateFormats.get(locale);
  if (format === undefined) {
    format = new Intl.DateTimeFormat(locale, { dateStyle: 'medium', timeStyle: 'medium' });
    dateFormats.set(locale, format);
  }
  return format.format(ms);
}

/** Why the job stopped, for the states that stop for a reason; null otherwise. */
export function rowReason(job: JobView, m: Messages): string | null {
  const said = job.error === null ? null : m.sentence(job.error);
  switch (job.status) {
    case 'failed':
    case 'paused':
      return said;
    case 'web-page':
      // The engine's words when it sent any; these only stand in for them.
      return said ?? m.row.webPageReason;
    case 'damaged':
      return said ?? m.row.damagedReason;
    default:
      return null;
  }
}

/** Things worth knowing that are not failures, in the order the row shows them. */
export function rowNotes(job: JobView, m: Messages): string[] {
  const notes: string[] = [];
  if (job.note !== null) notes.push(m.sentence(job.note));
  if (job.elsewhere) notes.push(m.row.elsewhere);
  if (job.status === 'save-blocked') {
    notes.push(job.hasDestination ? m.row.allowToSave : m.row.chooseWhereToSave);
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
