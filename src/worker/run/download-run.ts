import type { KnownFile } from '../../shared/answer-check';
import { formatBytes } from '../../shared/format';
import { bytesDone, compactSegments, remainingRanges, validateSegments } from '../../shared/segments';
import { planPieces } from '../../shared/range-plan';
import { chooseFileName } from '../../shared/file-name';
import type { Settings } from '../../shared/settings';
import { SpeedMeter } from '../../shared/speed-meter';
import type { TokenBucket } from '../../shared/token-bucket';
import type { Attempt } from '../net/attempt';
import { BlockWriter } from './block-writer';
import type { ConnectionBudget } from '../net/connection-budget';
import { Checkpoints } from './checkpoint-scheduler';
import { CopyFollower } from '../copy/copy-follower';
import { DownloadError, FileChangedError, isAbort, linkExpired, toDownloadError } from '../download-error';
import type { CopyOutcome } from '../copy/staged-copy';
import { fetchFingerprint } from '../net/fingerprint';
import { discard, probe, requestRange, type ProbeResult, type RangeAnswer } from '../net/http-requests';
import { forgetRemoteFile, type JobRecord } from '../storage/job-record';
import { LiveSegments, segmentAt, type LiveSegment } from './live-segments';
import { sleep } from '../net/retry-tracker';
import { closeOpened, Slots, type OpenedResponse } from '../net/request-slots';
import { openStagedFile } from '../storage/staging';

const MIN_PIECE = 1 << 20;
const MAX_PIECE = 8 << 20;
/**
 * Progress is recorded at least this often per connection (bytes) and per job (time). Twice a
 * second bounds what a reload loses when the last-moment record does not land (it can miss under
 * heavy disk load: the flush before it takes longer than the page has left); a 1 GiB download
 * measured 61 flushes costing 0.68 s in all, at most 26 ms each.
 */
const CHECKPOINT_BYTES = 4 << 20;
const CHECKPOINT_MS = 500;
const MAX_RESTARTS = 3;

/** The server answered a range request with the whole file: carry on as one stream. */
class RangesStoppedError extends Error {}

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
  /** Every byte is staged; what is left is the end of the copy to the person's file. */
  onAllStaged(): void;
}

export type RunResult =
  /** Every byte is staged, and the copy that followed the download finished. */
  | { kind: 'copied'; outcome: CopyOutcome }
  /** Every byte is staged; the whole copy is still to do. */
  | { kind: 'staged' }
  /** The first answer was a web page where a file was expected; nothing was staged. */
  | { kind: 'web-page' };

/**
 * Brings every byte of one job into its staging file: probes (or resumes from the recorded
 * segments), runs parallel range requests that hand out ranges and re-split the largest remaining
 * one when a connection goes idle, checks every answer before using it, retries what fails, and
 * records progress only after a flush.
 */
export class DownloadRun {
  readonly meter = new SpeedMeter();
  connections = 0;
  private readonly live = new LiveSegments();
  private file: FileSystemSyncAccessHandle | null = null;
  private readonly checkpoints = new Checkpoints((now) => this.checkpoint(now));
  private useIfRange = true;
  private readonly slots: Slots;
  private readonly copy: CopyFollower;

  constructor(
    private readonly job: JobRecord,
    private readonly hooks: RunContext,
    private readonly signal: AbortSignal,
  ) {
    const classify = (failure: DownloadError): DownloadError => this.classify(failure);
    const claimant = { id: job.id, order: job.createdAt };
    this.slots = new Slots(hooks.budget, new URL(job.url).host, claimant, hooks.settings, signal, classify);
    const read = (into: Uint8Array, at: number): number => this.requireFile().read(into, { at });
    this.copy = new CopyFollower(job, () => hooks.persist(), read, () => this.live.finishedPrefix());
  }

  /** Bytes received so far, including those not yet flushed (what the progress bar shows). */
  bytesReceived(): number {
    if (this.live.length === 0) return this.job.size === null ? this.job.streamed : bytesDone(this.job.segments);
    return this.live.received();
  }

  /**
   * Stages every byte, copying the finished prefix into the person's file as it grows. Returns
   * the copy's outcome, or null when the copy could not be made during the download (no place
   * or no permission yet, or it failed): then the whole copy is still to do.
   */
  retrying(): null {
    return null;
  }

  async run(): Promise<RunResult> {
    this.file = await openStagedFile(this.job.id);
    const timer = setInterval(() => this.checkpoints.request(), CHECKPOINT_MS);
    let recorded = false;
    try {
      let oneStream = false;
      for (let restarts = 0; ; restarts++) {
        try {
          await (oneStream ? this.continueAsOneStream() : this.fetchAll());
          break;
        } catch (error) {
          if (this.signal.aborted) throw error;
          if (error instanceof RangesStoppedError && !oneStream) {
            oneStream = true;
            continue;
          }
          oneStream = false;
          if (!(error instanceof FileChangedError) || restarts >= MAX_RESTARTS) throw error;
          await this.restart('The file changed on the server; started again');
        }
      }
      clearInterval(timer);
      // The tail of the copy and the last checkpoint go on at the same time.
      const copying = this.copy.finish(this.job.size ?? this.bytesReceived(), this.signal);
      copying.catch(() => undefined);
      await this.checkpoints.finish();
      recorded = true;
      this.hooks.onAllStaged();
      const copied = await copying;
      return copied === null ? { kind: 'staged' } : { kind: 'copied', outcome: copied };
    } finally {
      clearInterval(timer);
      if (!recorded) await this.checkpoints.finish();
      await this.copy.drop();
      this.file.close();
      this.file = null;
    }
  }

  private settings(): Settings {
    return this.hooks.settings();
  }

  private knownFile(): KnownFile {
    const { size, etag, lastModified, contentType } = this.job;
    return { size: size ?? 0, etag, lastModified, contentType };
  }

  private async fetchAll(): Promise<void> {
    const job = this.job;
    const file = this.requireFile();
    if (job.rangeSupported === null) {
      await this.startFresh();
      return;
    }
    if (!job.rangeSupported) {
      // Without ranges the only way on is from the first byte.
      if (job.streamed > 0 || bytesDone(job.segments) > 0) {
        await this.restart('The server cannot resume this download; started again');
      } else {
        await this.resetToUnprobed();
      }
      await this.startFresh();
      return;
    }
    if (job.size === null || validateSegments(job.segments, job.size) !== null) {
      // Stopped between the probe and the plan (a full disk, say): nothing staged can be trusted.
      await this.resetToUnprobed();
      await this.startFresh();
      return;
    }
    const recordedEnd = Math.max(0, ...job.segments.map((s) => s.start + s.done));
    if (file.getSize() < recordedEnd) {
      await this.restart('The partly downloaded data was lost; started again');
      await this.startFresh();
      return;
    }
    if (remainingRanges(job.segments).length === 0) return;
    // The staging file already holds its full size (truncated at the start); only the copy is new.
    await this.ensureSpace(0);
    if (job.fingerprint !== null) await this.checkFingerprint(job.fingerprint);
    this.live.list = job.segments.map((s) => segmentAt(s.start, s.end, s.done));
    await this.runConnections(null);
  }

  /** The first request: learns size, validators and name, and its body becomes the first range. */
  private async startFresh(): Promise<void> {
    const job = this.job;
    const file = this.requireFile();
    const { value: probed, opened } = await this.slots.open((signal) => probe(job.url, signal));
    try {
      this.learn(probed);
      if (job.size !== null) {
        await this.ensureSpace(job.size);
        // Claiming the space up front makes a full disk fail now, not halfway through. Like
        // write(), truncate() may fail on a full quota without throwing: check the size it left.
        file.truncate(job.size);
        if (file.getSize() !== job.size) throw new DOMException('The staging file could not grow', 'QuotaExceededError');
      }
      if (job.rangeSupported && job.size !== null && job.etag === null && job.lastModified === null) {
        job.fingerprint = await this.slots.run((signal) => fetchFingerprint(job.url, this.knownFile(), signal));
      }
    } catch (error) {
      closeOpened(opened);
      throw error;
    }
    const ranges =
      job.rangeSupported && job.size !== null
        ? planPieces(job.size, { connections: this.settings().connectionsPerServer, minPiece: MIN_PIECE, maxPiece: MAX_PIECE })
        : [{ start: 0, end: job.size ?? Number.POSITIVE_INFINITY }].filter((r) => r.end > r.start);
    job.segments = job.size === null ? [] : ranges.map((r) => ({ ...r, done: 0 }));
    job.streamed = 0;
    this.live.list = ranges.map((r) => segmentAt(r.start, r.end));
    this.hooks.changed();
    // The plan goes to the record without holding up the first bytes: until it (or a checkpoint)
    // lands, a reload simply probes again, and a failing store fails the next checkpoint.
    this.hooks.persist().catch((error: unknown) => console.warn('Could not record the plan', error));
    if (this.live.length === 0) {
      closeOpened(opened);
      return;
    }
    await this.runConnections(opened);
  }

  private learn(probed: ProbeResult): void {
    const job = this.job;
    job.rangeSupported = probed.rangeSupported;
    job.size = probed.size;
    job.etag = probed.etag;
    job.lastModified = probed.lastModified;
    job.contentType = probed.contentType;
    job.fingerprint = null;
    // A file the person picked keeps the name they gave it; a folder takes the server's name.
    if (job.destination?.kind !== 'file') job.name = chooseFileName(probed.disposition, job.url);
  }

  /**
   * Compares the space this job still needs in the browser's storage (what is left to stage, and
   * the final copy) with what the browser says is free, so a full disk is said up front.
   */
  private async ensureSpace(toStage: number): Promise<void> {
    const size = this.job.size ?? 0;
    if (size === 0 || typeof navigator.storage?.estimate !== 'function') return;
    const { quota, usage } = await navigator.storage.estimate();
    if (quota === undefined || usage === undefined) return;
    const needed = Math.max(0, toStage) + size;
    const free = quota - usage;
    if (needed > free) {
      throw new DownloadError('quota', `Not enough space: this download needs ${formatBytes(needed)} more and the browser has ${formatBytes(Math.max(0, free))} free for this site`, false);
    }
  }

  private async checkFingerprint(expected: string): Promise<void> {
    const now = await this.slots.run((signal) => fetchFingerprint(this.job.url, this.knownFile(), signal));
    if (now !== expected) throw new FileChangedError('its first and last bytes are different');
  }

  /** A status that means "gone" on a job that already has bytes: the link expired. */
  private classify(failure: DownloadError): DownloadError {
    return this.bytesReceived() > 0 ? (linkExpired(failure) ?? failure) : failure;
  }

  /** Runs the connections; the first may start on a response already open from offset 0. */
  private async runConnections(opened: OpenedResponse | null): Promise<void> {
    this.copy.begin();
    const inner = new AbortController();
    const stop = (): void => inner.abort(this.signal.reason);
    this.signal.addEventListener('abort', stop, { once: true });
    // Idle connections split running ranges, so a short stored list still fans out; small files stay small.
    const count = this.job.rangeSupported ? this.settings().connectionsPerServer : 1;
    const connections: Array<Promise<void>> = [];
    for (let i = 0; i < count; i++) {
      const first = i === 0 && opened ? this.live.claim(this.live.first) : this.takeWork();
      if (!first) break;
      connections.push(
        this.connection(first, i === 0 ? opened : null, inner.signal).catch((error: unknown) => {
          inner.abort(error);
          throw error;
        }),
      );
    }
    if (opened && connections.length === 0) closeOpened(opened);
    const results = await Promise.allSettled(connections);
    this.signal.removeEventListener('abort', stop);
    this.signal.throwIfAborted();
    const failures = results.flatMap((r) => (r.status === 'rejected' ? [r.reason as unknown] : []));
    // The first real failure explains the others, which are only the aborts it caused.
    const cause = failures.find((f) => !isAbort(f)) ?? failures[0];
    if (cause !== undefined) throw cause;
    const last = this.live.last;
    if (this.job.size === null && last) {
      this.job.size = last.pos;
      last.end = last.pos;
    }
  }

  private takeWork(): LiveSegment | null {
    return this.live.takeWork(this.job.rangeSupported === true);
  }

  private async connection(first: LiveSegment, opened: OpenedResponse | null, signal: AbortSignal): Promise<void> {
    let segment: LiveSegment | null = first;
    let response = opened;
    while (segment) {
      await this.fetchSegment(segment, response, signal);
      response = null;
      segment = this.takeWork();
    }
  }

  /** Fetches one range to its end, retrying transient failures from the last byte received. */
  private async fetchSegment(segment: LiveSegment, opened: OpenedResponse | null, signal: AbortSignal): Promise<void> {
    const retries = this.slots.retries(signal);
    let open = opened;
    while (segment.pos < segment.end) {
      const before = segment.pos;
      const release = open?.release ?? (await this.slots.acquire(signal));
      const attempt = open?.attempt ?? this.slots.attempt(signal);
      let response = open?.response ?? null;
      open = null;
      let failure: DownloadError | null = null;
      this.connections++;
      try {
        if (response === null) {
          const answer = await this.request(segment, attempt.signal);
          if (answer.kind === 'whole') {
            discard(answer.response);
            throw new RangesStoppedError();
          }
          response = answer.response;
        }
        attempt.alive();
        await this.streamInto(segment, response, attempt);
      } catch (error) {
        const explained = attempt.explain(error);
        if (signal.aborted || isAbort(explained) || explained instanceof FileChangedError || explained instanceof RangesStoppedError) {
          throw explained;
        }
        failure = this.classify(toDownloadError(explained));
      } finally {
        attempt.end();
        this.connections--;
        release();
        this.hooks.changed();
      }
      if (!failure) continue;
      if (segment.pos > before) retries.progressed();
      await retries.backoff(failure);
    }
    if (open) closeOpened(open);
  }

  private async request(segment: LiveSegment, signal: AbortSignal): Promise<RangeAnswer> {
    const job = this.job;
    if (!job.rangeSupported || job.size === null) {
      // A single stream can only start again from the first byte; the probe checks it is the same file.
      const again = await probe(job.url, signal);
      const changed =
        again.size !== job.size ||
        (job.etag !== null && again.etag !== null && again.etag !== job.etag) ||
        (job.lastModified !== null && again.lastModified !== null && again.lastModified !== job.lastModified);
      if (changed) {
        discard(again.response);
        throw new FileChangedError('its size or validators are different');
      }
      segment.pos = segment.written = segment.recorded = segment.start;
      return { kind: 'range', response: again.response };
    }
    const ask = { url: job.url, start: segment.pos, end: segment.end, file: this.knownFile(), signal };
    try {
      return await requestRange({ ...ask, useIfRange: this.useIfRange });
    } catch (error) {
      const refusedPreflight = error instanceof DownloadError && error.kind === 'cors' && this.useIfRange && (job.etag || job.lastModified);
      if (!refusedPreflight) throw error;
      // If-Range made the request need a CORS preflight this server refuses; validators still are checked on the answer.
      this.useIfRange = false;
      return requestRange({ ...ask, useIfRange: false });
    }
  }

  private async streamInto(segment: LiveSegment, response: Response, attempt: Attempt): Promise<void> {
    if (!response.body) throw new DownloadError('bad-response', 'The server sent no body', true);
    const reader = response.body.getReader();
    const writer = new BlockWriter(this.requireFile(), segment.pos, segment.end - segment.pos, (to) => {
      segment.written = to;
      this.copy.advance();
    });
    segment.writer = writer;
    let ended = false;
    try {
      while (segment.pos < segment.end) {
        const { done, value } = await reader.read();
        if (done) {
          ended = true;
          break;
        }
        attempt.signal.throwIfAborted();
        attempt.alive();
        // Only the bytes that belong to the range are kept; a longer body is cut off here.
        const take = Math.min(value.byteLength, segment.end - segment.pos);
        writer.append(take === value.byteLength ? value : value.subarray(0, take));
        segment.pos += take;
        this.meter.add(take, performance.now());
        this.hooks.changed();
        if (segment.written - segment.recorded >= CHECKPOINT_BYTES) this.checkpoints.request();
        const wait = this.hooks.bucket.take(take, performance.now());
        if (wait > 0) {
          attempt.alive(wait);
          await sleep(wait, attempt.signal);
        }
      }
    } finally {
      // Bytes already received are good whatever stopped the stream: keep them.
      segment.writer = null;
      writer.writeOut();
      if (!ended) reader.cancel().catch(() => undefined);
    }
    if (ended && !Number.isFinite(segment.end)) {
      segment.end = segment.pos;
      return;
    }
    if (segment.pos < segment.end) {
      throw new DownloadError('network', 'The connection closed before the range was complete', true);
    }
  }

  /** The server answered a range with the whole file, still the same one: go on with one stream. */
  private async continueAsOneStream(): Promise<void> {
    const job = this.job;
    job.rangeSupported = false;
    job.note = 'The server stopped accepting ranges; continuing with one connection';
    job.segments = job.size === null ? [] : [{ start: 0, end: job.size, done: 0 }];
    this.live.list = [segmentAt(0, job.size ?? Number.POSITIVE_INFINITY)];
    await this.hooks.persist();
    this.hooks.changed();
    await this.runConnections(null);
  }

  /**
   * For a page that is going away: records, now, every byte received so far. The caller has
   * already aborted the run, so no byte arrives after this snapshot.
   */
  checkpointNow(): Promise<void> {
    return this.checkpoints.now();
  }

  /** Flush first, record after: a recorded byte is always on disk. */
  private async checkpoint(now = false): Promise<void> {
    const file = this.file;
    if (!file || this.live.length === 0) return;
    // Bytes still gathering in a block count too: hand them to the file before the flush.
    const snapshot = this.live.drain();
    file.flush();
    this.live.markRecorded();
    if (this.job.size === null) {
      this.job.streamed = this.live.first?.written ?? 0;
    } else {
      this.job.segments = compactSegments(snapshot.filter((s) => Number.isFinite(s.end)));
    }
    await (now ? this.hooks.persistNow() : this.hooks.persist());
  }

  private async resetToUnprobed(): Promise<void> {
    // The copy so far holds the old bytes: drop it and start a new one with the new bytes.
    await this.copy.drop();
    forgetRemoteFile(this.job);
    this.live.list = [];
    this.meter.reset();
    const file = this.requireFile();
    file.truncate(0);
    file.flush();
    await this.hooks.persist();
    this.hooks.changed();
  }

  /** Drops every staged byte so two versions of a file are never spliced. */
  private async restart(note: string): Promise<void> {
    this.job.note = note;
    await this.resetToUnprobed();
  }

  private requireFile(): FileSystemSyncAccessHandle {
    if (!this.file) throw new Error('staging file is not open');
    return this.file;
  }
}
