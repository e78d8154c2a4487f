import { positionOf } from '../../shared/job-order';
import { RangeTrust } from '../../shared/range-trust';
import { planResume } from '../../shared/resume-plan';
import { BYTES_PER_MIB, type Settings } from '../../shared/settings';
import { SpeedMeter } from '../../shared/speed-meter';
import { TokenBucket } from '../../shared/token-bucket';
import type { PieceView, RetryState } from '../../shared/types';
import { CopyFollower } from '../copy/copy-follower';
import type { CopyOutcome } from '../copy/staged-copy';
import { asExpiredLink, DownloadError, FileChangedError, toDownloadError } from '../download-error';
import type { ConnectionBudget } from '../net/connection-budget';
import { fetchFingerprint } from '../net/fingerprint';
import { protocolOf } from '../net/protocol-watch';
import { RequestSlots } from '../net/request-slots';
import { forgetRemoteFile, type JobRecord } from '../storage/job-record';
import { ConnectionPool, type PoolOutcome } from './connection-pool';
import { LiveSegments, segmentAt } from './live-segments';
import { hasMirrorLeft } from './link-switch';
import { MirrorSet } from './mirror-set';
import { OverlapChecks } from './overlap-checks';
import { probeAndPlan } from './probe-step';
import { ProgressRecorder } from './progress-recorder';
import { RunStaging } from './run-staging';
import { bytesReceived, knownFile, type RunParts } from './run-parts';
import { SegmentFetcher } from './segment-fetch';
import { SourceUrl } from './source-url';
import { ensureSpace } from './storage-space';
import { unpackZipEntry } from '../zip/unpack-entry';

/** What a run needs from the engine that drives it. */
export interface RunContext {
  budget: ConnectionBudget;
  /** The overall speed limit, shared by every job. */
  bucket: TokenBucket;
  /** Read at every request, so saved settings apply to what follows. */
  settings(): Settings;
  /** Something a person can see changed (bytes, connections, name, size). */
  changed(): void;
  /** Stores the job record; calls are applied in order. */
  persist(): Promise<void>;
  /** Stores the job record in a transaction of its own, sent right now (the page is going away). */
  persistNow(): Promise<void>;
  /** Every byte is staged; only the copy to the person's file is left. */
  onAllStaged(): void;
  /** The probe's answer: a digest of the file its server publishes may be among its headers. */
  probed?(answer: Pick<Response, 'headers' | 'url'>): void;
  /** Every byte is staged: settles when the file may be closed (a checksum may be on its way). */
  beforeClose?(): Promise<void>;
}

export type RunResult =
  /** Every byte is staged, and the copy that followed the download finished. */
  | { kind: 'copied'; outcome: CopyOutcome }
  /** Every byte is staged; the whole copy is still to do (no place or permission yet, or it failed). */
  | { kind: 'staged' }
  /** The first answer is a web page where a file was expected; nothing was staged. */
  | { kind: 'web-page' };

/** How far staging got, or why it has to go on differently. */
type StageOutcome = PoolOutcome | 'web-page';

const MAX_RESTARTS = 3;
const RANGES_STOPPED_NOTE = 'The server stopped accepting ranges; continuing with one connection';
const WRONG_BYTES_NOTE = 'The server sent the wrong bytes for a range; continuing with one connection';
const CHANGED_NOTE = 'The file changed on the server; started again';

/**
 * Brings every byte of one job into its staging file and copies it on to the person's file:
 * resumes from the recorded ranges or probes, runs the connections, and starts again or goes on
 * as one stream when the server's answers say so.
 */
export class DownloadRun {
  readonly meter = new SpeedMeter();
  private readonly jobBucket: TokenBucket;
  private readonly live = new LiveSegments();
  private staging: RunStaging | null = null;
  private readonly slots: RequestSlots;
  private readonly copy: CopyFollower;
  private readonly recorder: ProgressRecorder;
  private readonly parts: RunParts;
  private readonly pool: ConnectionPool;

  constructor(
    private readonly job: JobRecord,
    private readonly context: RunContext,
    private readonly signal: AbortSignal,
  ) {
    this.jobBucket = new TokenBucket((job.speedLimit ?? 0) * BYTES_PER_MIB);
    const classify = (failure: DownloadError): DownloadError => {
      // Another server of the file is asked rather than this one again: a checked mirror takes
      // the range over (connection-pool.ts), or one left takes the link's place (link-switch.ts).
      if (hasMirrorLeft(job)) return failure.retryable ? new DownloadError(failure.kind, failure.message, false, failure.retryAfterMs, failure.status) : failure;
      return this.bytesReceived() > 0 ? (asExpiredLink(failure) ?? failure) : failure;
    };
    const claimant = { id: job.id, order: positionOf(job) };
    this.slots = new RequestSlots(context.budget, new URL(job.url).host, claimant, () => context.settings(), signal, classify, () =>
      context.changed(),
    );
    const read = (into: Uint8Array, at: number): number => this.requireStaging().current.read(into, { at });
    this.copy = new CopyFollower(job, () => context.persist(), read, () => this.live.finishedPrefix(), () => this.requireStaging().snapshot());
    // Bytes held in memory are never recorded: a record must not claim what a reload cannot find.
    const durable = () => (this.staging?.durable === true ? this.staging.current : null);
    this.recorder = new ProgressRecorder(job, this.live, durable, context);
    const trust = new RangeTrust();
    const mirrors = MirrorSet.of(job, {
      budget: context.budget,
      claimant,
      signal,
      live: this.live,
      meter: this.meter,
      settings: () => context.settings(),
      changed: () => context.changed(),
      persist: () => context.persist(),
      linkConnections: () => this.slots.connections,
    });
    this.parts = {
      job,
      source: new SourceUrl(() => job.url),
      context,
      signal,
      live: this.live,
      slots: this.slots,
      copy: this.copy,
      meter: this.meter,
      recorder: this.recorder,
      trust,
      jobBucket: this.jobBucket,
      checks: new OverlapChecks(this.live, read, trust),
      mirrors,
      file: () => this.requireStaging().current,
      sizeKnown: (size) => this.requireStaging().sizeKnown(size),
    };
    this.pool = new ConnectionPool(this.parts, new SegmentFetcher(this.parts));
  }

  /** A new limit for this job, in MiB/s (0: none), from the next chunk on. */
  setSpeedLimit(mibPerSecond: number): void {
    this.jobBucket.setRate(mibPerSecond * BYTES_PER_MIB);
  }

  /** Connections open now. */
  get connections(): number {
    return this.slots.connections + (this.parts.mirrors?.connections ?? 0);
  }

  /** The most connections the server lets this job have now, when it showed a limit below the setting. */
  get serverLimit(): number | null {
    return this.slots.serverLimit;
  }

  /** The protocol of the source's answers, when the browser shows it. */
  get protocol(): string | null {
    return protocolOf(this.parts.source.current);
  }

  /** Where each connection is in the file: the ranges being fetched now, in file order. */
  pieces(): PieceView[] {
    return this.live.list.filter((s) => s.busy && s.pos < s.end && Number.isFinite(s.end)).map((s) => ({ start: s.start, end: s.end, at: s.pos }));
  }

  /** Bytes received so far, including those not yet flushed (what the progress bar shows). */
  bytesReceived(): number {
    return bytesReceived(this.job, this.live);
  }

  /** The retry a request waits for, or null when none waits. */
  retrying(): RetryState | null {
    return this.slots.retrying();
  }

  /**
   * Stages every byte, copying the finished prefix into the person's file as it grows. Throws a
   * DownloadError when the download fails ('quota' when the space ran out), and the abort
   * reason when the run was stopped.
   */
  async run(): Promise<RunResult> {
    const staging = await RunStaging.open(this.job);
    this.staging = staging;
    this.recorder.start();
    let recorded = false;
    let saved = false;
    try {
      if ((await this.stageAll()) === 'web-page') return { kind: 'web-page' };
      this.recorder.stop();
      // One entry of a ZIP: checked, and inflated in place, before any of it is saved.
      const forgetLiveRanges = (): void => void (this.live.list = []);
      await unpackZipEntry({ job: this.job, staged: staging.current, signal: this.signal, persist: () => this.context.persist(), forgetLiveRanges });
      await this.context.beforeClose?.();
      // The tail of the copy and the last checkpoint go on at the same time.
      const copying = this.copy.finish(this.job.size ?? this.bytesReceived(), this.signal);
      copying.catch(() => undefined);
      recorded = await this.recorder.finish(true);
      this.context.onAllStaged();
      const outcome = await copying;
      saved = outcome?.kind === 'done';
      // Not saved now: the whole copy is made later from the staged file, which must be on disk
      // (a full disk fails the run here, as it would have while staging).
      if (!saved) await staging.toDisk();
      return outcome === null ? { kind: 'staged' } : { kind: 'copied', outcome };
    } catch (error) {
      if (this.signal.aborted) throw this.signal.reason;
      throw toDownloadError(error);
    } finally {
      this.recorder.stop();
      // What was staged is recorded however the run ended, so a Resume (or the copy made later,
      // after Save or Allow) goes on from it; only a small file saved at once never is. Bytes
      // held in memory go to disk first.
      if (!recorded && !saved) {
        await staging
          .toDisk()
          .then(() => this.recorder.finish(false))
          .catch((error: unknown) => console.warn('Could not record the progress', error));
      }
      await this.copy.drop();
      staging.close();
      this.staging = null;
    }
  }

  /**
   * For a page that is going away: records, now, every byte received so far. The caller has
   * already aborted the run, so no byte arrives after this snapshot.
   */
  checkpointNow(): Promise<void> {
    return this.recorder.now();
  }

  /**
   * Stages until done. A changed file is the one failure a run mends by itself — its bytes are
   * dropped and it starts again, at most MAX_RESTARTS times; a server that stops honouring
   * ranges, or sends the wrong bytes for one, is followed by one stream from the first byte.
   */
  private async stageAll(): Promise<'done' | 'web-page'> {
    let oneStream: string | null = null;
    for (let restarts = 0; ; ) {
      let outcome: StageOutcome;
      try {
        outcome = oneStream === null ? await this.resumeOrStart() : await this.continueAsOneStream(oneStream);
      } catch (error) {
        if (this.signal.aborted || !(error instanceof FileChangedError) || restarts >= MAX_RESTARTS) throw error;
        restarts++;
        oneStream = null;
        await this.discardStaged(CHANGED_NOTE);
        continue;
      }
      if (outcome === 'done' || outcome === 'web-page') return outcome;
      // One stream asks for no range, so it ends neither way: this is reached once per restart.
      if (oneStream !== null) throw new Error(`One stream ended with "${outcome}"`);
      oneStream = outcome === 'ranges-stopped' ? RANGES_STOPPED_NOTE : WRONG_BYTES_NOTE;
    }
  }

  private async resumeOrStart(): Promise<StageOutcome> {
    const plan = planResume(this.job, this.requireStaging().current.getSize());
    switch (plan.kind) {
      case 'probe':
        return this.probeAndRun();
      case 'start-again':
        await this.discardStaged(plan.note);
        return this.probeAndRun();
      case 'complete':
        return 'done';
      case 'resume': {
        // The staging file already holds its full size (truncated at the start); only the copy is new.
        await ensureSpace(this.job.size ?? 0, 0);
        if (plan.fingerprint !== null) await this.checkFingerprint(plan.fingerprint);
        this.live.list = plan.segments.map((s) => segmentAt(s.start, s.end, s.done));
        return this.pool.run(null);
      }
    }
  }

  private async probeAndRun(): Promise<StageOutcome> {
    const probed = await probeAndPlan(this.parts);
    if (probed.kind === 'web-page') return 'web-page';
    if (this.live.length === 0) return 'done';
    return this.pool.run(probed.opened);
  }

  private async checkFingerprint(expected: string): Promise<void> {
    const now = await this.slots.run((signal) => fetchFingerprint(this.job.url, knownFile(this.job), signal));
    if (now !== expected) throw new FileChangedError('its first and last bytes are different');
  }

  /** Goes on from byte 0 as one stream of the same file; what is staged is written over. */
  private async continueAsOneStream(note: string): Promise<StageOutcome> {
    const job = this.job;
    job.rangeSupported = false;
    job.note = note;
    job.segments = job.size === null ? [] : [{ start: 0, end: job.size, done: 0 }];
    this.live.list = [segmentAt(0, job.size ?? Number.POSITIVE_INFINITY)];
    await this.requireStaging().sizeKnown(job.size);
    await this.context.persist();
    this.context.changed();
    return this.pool.run(null);
  }

  /** Drops every staged byte and what is known of the remote file, so two versions are never spliced. */
  private async discardStaged(note: string | null): Promise<void> {
    if (note !== null) this.job.note = note;
    // The copy so far holds the old bytes: drop it; the next one starts with the new bytes.
    await this.copy.drop();
    forgetRemoteFile(this.job);
    this.live.list = [];
    this.meter.reset();
    const file = this.requireStaging().current;
    file.truncate(0);
    file.flush();
    await this.context.persist();
    this.context.changed();
  }

  private requireStaging(): RunStaging {
    if (!this.staging) throw new Error('staging file is not open');
    return this.staging;
  }
}
