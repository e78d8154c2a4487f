import { isUnwantedWebPage } from '../../shared/answer-check';
import { chooseFileName } from '../../shared/file-name';
import { sizeProblem } from '../../shared/listed-size';
import { planPieces } from '../../shared/range-plan';
import type { ByteRange } from '../../shared/types';
import { DownloadError } from '../download-error';
import { fetchFingerprint } from '../net/fingerprint';
import type { ProbeResult } from '../net/http-requests';
import { probe } from '../net/http-requests';
import { closeOpened, type OpenedResponse } from '../net/request-slots';
import type { JobRecord } from '../storage/job-record';
import { segmentAt } from './live-segments';
import { isUnrecorded } from './progress-recorder';
import { knownFile, type RunParts } from './run-parts';
import type { StagingFile } from './run-staging';
import { ensureSpace } from './storage-space';

const MIN_PIECE = 1 << 20;
const MAX_PIECE = 8 << 20;

export type ProbeOutcome =
  /** The first answer is a web page where a file was expected; nothing was staged. */
  | { kind: 'web-page' }
  /** The plan is made; `opened` is the probe's body, to be the first range (null when there is none). */
  | { kind: 'planned'; opened: OpenedResponse | null };

/**
 * A file the person picked keeps the name they gave it; in a folder, a name given with the link
 * (an imported list's `out=`) wins over the server's.
 */
function nameAfter(job: JobRecord, probed: ProbeResult): string {
  return job.destination?.kind === 'file' ? job.name : chooseFileName(probed.disposition, job.url, job.givenName ?? null);
}

/**
 * The first request of a job: learns size, validators and name, reserves the staging file's
 * space, takes the fingerprint where the server shows no validator, and plans the ranges. The
 * probe's body becomes the first range.
 */
export async function probeAndPlan(parts: RunParts): Promise<ProbeOutcome> {
  const { job, slots } = parts;
  const { value: probed, opened } = await slots.open((signal) => probe(job.url, signal, false, MIN_PIECE));
  parts.source.answered(probed.response);
  parts.context.probed?.(probed.response);
  if (isUnwantedWebPage(probed.contentType, nameAfter(job, probed), job.allowWebPage)) {
    closeOpened(opened);
    return { kind: 'web-page' };
  }
  try {
    learn(job, probed);
    const wrongSize = sizeProblem(job);
    if (wrongSize !== null) throw new DownloadError('bad-response', wrongSize, false);
    parts.trust.sawContentRange(probed.contentRangeShown);
    // Held in memory, a small file claims no staging space: only its saved copy needs room.
    const onDisk = await parts.sizeKnown(job.size);
    if (job.size !== null && onDisk) await reserveStaging(parts.file(), job.size);
    // Mirrors are compared with the link by it (mirror-set.ts), whatever the link's validators.
    const mirrored = job.mirrors !== undefined && job.mirrors.length > 1;
    if (job.rangeSupported && job.size !== null && ((job.etag === null && job.lastModified === null) || mirrored)) {
      job.fingerprint = await slots.run((signal) => fetchFingerprint(job.url, knownFile(job), signal));
    }
  } catch (error) {
    closeOpened(opened);
    throw error;
  }
  const ranges =
    job.rangeSupported && job.size !== null
      ? planAfterProbe(job.size, probed.bodyEnd, parts.context.settings().connectionsPerServer * (job.mirrors?.length ?? 1))
      : [{ start: 0, end: job.size ?? Number.POSITIVE_INFINITY }].filter((r) => r.end > r.start);
  job.segments = job.size === null ? [] : ranges.map((r) => ({ ...r, done: 0 }));
  job.streamed = 0;
  parts.live.list = ranges.map((r) => segmentAt(r.start, r.end));
  parts.context.changed();
  // The plan goes to the record without holding up the first bytes: until it (or a checkpoint)
  // lands, a reload simply probes again, and a failing store fails the next checkpoint. A small
  // file is not recorded as it goes (isUnrecorded): its plan is not worth a database write either.
  if (!isUnrecorded(job)) parts.context.persist().catch((error: unknown) => console.warn('Could not record the plan', error));
  if (parts.live.length === 0) {
    closeOpened(opened);
    return { kind: 'planned', opened: null };
  }
  return { kind: 'planned', opened };
}

/** The probe's own body is the first piece; the rest of the file is planned after it. */
function planAfterProbe(size: number, bodyEnd: number | null, connections: number): ByteRange[] {
  const first = bodyEnd ?? 0;
  const rest = planPieces(size - first, { connections, minPiece: MIN_PIECE, maxPiece: MAX_PIECE });
  const after = rest.map((r) => ({ start: r.start + first, end: r.end + first }));
  return first > 0 ? [{ start: 0, end: first }, ...after] : after;
}

function learn(job: JobRecord, probed: ProbeResult): void {
  job.rangeSupported = probed.rangeSupported;
  job.size = probed.size;
  job.etag = probed.etag;
  job.lastModified = probed.lastModified;
  job.contentType = probed.contentType;
  job.fingerprint = null;
  job.name = nameAfter(job, probed);
}

/**
 * Claims the staging file's space up front, so a full disk fails now, not halfway through. Like
 * write(), truncate() may fail on a full quota without throwing: the size it left is checked.
 */
async function reserveStaging(file: StagingFile, size: number): Promise<void> {
  await ensureSpace(size, size);
  file.truncate(size);
  if (file.getSize() !== size) throw new DOMException('The staging file could not grow', 'QuotaExceededError');
}
