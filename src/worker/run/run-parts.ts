import type { KnownFile } from '../../shared/answer-check';
import type { RangeTrust } from '../../shared/range-trust';
import type { TokenBucket } from '../../shared/token-bucket';
import { bytesDone } from '../../shared/segments';
import type { SpeedMeter } from '../../shared/speed-meter';
import type { CopyFollower } from '../copy/copy-follower';
import type { RequestSlots } from '../net/request-slots';
import type { JobRecord } from '../storage/job-record';
import type { RunContext } from './download-run';
import type { LiveSegments } from './live-segments';
import type { MirrorSet } from './mirror-set';
import type { OverlapChecks } from './overlap-checks';
import type { ProgressRecorder } from './progress-recorder';
import type { StagingFile } from './run-staging';
import type { SourceUrl } from './source-url';

/** What the pieces of one run share: its job, its ranges, its connections and its staging file. */
export interface RunParts {
  readonly job: JobRecord;
  /** Where ranges are asked: the link, or where it redirected. */
  readonly source: SourceUrl;
  readonly context: RunContext;
  /** Aborted when the job stops (pause, cancel, page going away). */
  readonly signal: AbortSignal;
  readonly live: LiveSegments;
  readonly slots: RequestSlots;
  readonly copy: CopyFollower;
  readonly meter: SpeedMeter;
  readonly recorder: ProgressRecorder;
  readonly trust: RangeTrust;
  /** This job's own speed limit (0: none), on top of the context's overall one. */
  readonly jobBucket: TokenBucket;
  readonly checks: OverlapChecks;
  /** The other servers of a job with mirrors; null for one server. */
  readonly mirrors: MirrorSet | null;
  /** The staging file, open for the whole run (in memory for a small file; see run-staging.ts). */
  file(): StagingFile;
  /**
   * The file's size is known (null: it has none): staging moves to disk if memory is not for
   * it. Resolves to whether the bytes are staged on disk.
   */
  sizeKnown(size: number | null): Promise<boolean>;
}

/** What the answers to this job are checked against. */
export function knownFile(job: JobRecord): KnownFile {
  const { size, etag, lastModified, contentType } = job;
  return { size: size ?? 0, etag, lastModified, contentType };
}

/** Bytes received so far, including those not yet flushed (what the progress bar shows). */
export function bytesReceived(job: JobRecord, live: LiveSegments): number {
  if (live.length === 0) return job.size === null ? job.streamed : bytesDone(job.segments);
  return live.received();
}
