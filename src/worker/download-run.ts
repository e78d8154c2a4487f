import { compactSegments, remainingRanges, bytesDone } from '../shared/resume-state';
import { planSegments, pickLargestRemaining, splitRemaining } from '../shared/range-plan';
import { chooseFileName } from '../shared/file-name';
import { DEFAULT_RETRY_POLICY, nextRetryDelay, shouldGiveUp, type RetryPolicy } from '../shared/retry-policy';
import { SpeedMeter } from '../shared/speed-meter';
import type { JobRecord } from './job-record';
import type { ConnectionBudget } from './connection-budget';
import { BlockWriter } from './block-writer';
import { DownloadError, FileChangedError, isAbort, toDownloadError } from './download-error';
import { discard, probe, requestRange } from './http-requests';
import { openStagedFile } from './staging';

export const MAX_CONNECTIONS = 6;
const MIN_SEGMENT = 1 << 20;
/** An idle connection only takes over half of a range when both halves are worth a request. */
const MIN_STOLEN_PIECE = 1 << 20;
/** Progress is recorded at least this often per connection (bytes) and per job (time). */
const CHECKPOINT_BYTES = 4 << 20;
const CHECKPOINT_MS = 1000;
const MAX_RESTARTS = 3;

/** A response whose connection slot is already taken from the budget. */
interface OpenedResponse {
  response: Response;
  release: () => void;
}

/** A range being fetched; `end` may shrink while it runs when an idle connection takes its tail. */
interface LiveSegment {
  start: number;
  end: number;
  /** Next byte to receive. */
  pos: number;
  /** Bytes before this offset have been handed to the staging file. */
  written: number;
  /** Bytes before this offset are flushed and recorded. */
  recorded: number;
  busy: boolean;
  /** Gathers this range's bytes into blocks while a response streams in; a checkpoint drains it. */
  writer: BlockWriter | null;
}

export interface RunHooks {
  budget: ConnectionBudget;
  /** Something a person can see changed (bytes, connections, name, size). */
  changed(): void;
  /** Stores the job record; calls are applied in order. */
  persist(): Promise<void>;
  retryPolicy?: RetryPolicy;
}

const sleep = (ms: number, signal: AbortSignal) =>
  new Promise<void>((resolve, reject) => {
    const timer = setTimeout(() => {
      signal.removeEventListener('abort', onAbort);
      resolve();
    }, ms);
    const onAbort = () => {
      clearTimeout(timer);
      reject(signal.reason);
    };
    signal.addEventListener('abort', onAbort, { once: true });
  });

/**
 * Brings every byte of one job into its staging file: probes (or resumes from the recorded
 * segments), runs up to MAX_CONNECTIONS range requests that hand out ranges and re-split the
 * largest remaining one when a connection goes idle, and records progress only after a flush.
 */
export class DownloadRun {
  readonly meter = new SpeedMeter();
  connections = 0;
  private live: LiveSegment[] = [];
  private file: FileSystemSyncAccessHandle | null = null;
  private checkpointing: Promise<void> | null = null;
  private checkpointAgain = false;
  private useIfRange = true;
  private readonly host: string;
  private readonly policy: RetryPolicy;

  constructor(
    private readonly job: JobRecord,
    private readonly hooks: RunHooks,
    private readonly signal: AbortSignal,
  ) {
    this.host = new URL(job.url).host;
    this.policy = hooks.retryPolicy ?? DEFAULT_RETRY_POLICY;
  }

  /** Bytes received so far, including those not yet flushed (what the progress bar shows). */
  bytesReceived(): number {
    if (this.live.length === 0) return this.job.size === null ? this.job.streamed : bytesDone(this.job.segments);
    return this.live.reduce((sum, s) => sum + (s.pos - s.start), 0);
  }

  async stage(): Promise<void> {
    this.file = await openStagedFile(this.job.id);
    const timer = setInterval(() => this.requestCheckpoint(), CHECKPOINT_MS);
    try {
      for (let restarts = 0; ; restarts++) {
        try {
          await this.fetchAll();
          break;
        } catch (error) {
          if (!(error instanceof FileChangedError) || this.signal.aborted || restarts >= MAX_RESTARTS) throw error;
          await this.restart('The file changed on the server; started again');
        }
      }
    } finally {
      clearInterval(timer);
      await this.finishCheckpoints();
      this.file.close();
      this.file = null;
    }
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
    const recordedEnd = Math.max(0, ...job.segments.map((s) => s.start + s.done));
    if (file.getSize() < recordedEnd) {
      await this.restart('The partly downloaded data was lost; started again');
      await this.startFresh();
      return;
    }
    this.live = job.segments.map((s) => ({ start: s.start, end: s.end, pos: s.start + s.done, written: s.start + s.done, recorded: s.start + s.done, busy: false, writer: null }));
    if (remainingRanges(job.segments).length === 0) return;
    await this.runConnections(null);
  }

  private async startFresh(): Promise<void> {
    const job = this.job;
    const file = this.requireFile();
    const release = await this.hooks.budget.acquire(this.host, this.signal);
    let probed;
    try {
      probed = await probe(job.url, this.signal);
    } catch (error) {
      release();
      throw error;
    }
    job.rangeSupported = probed.rangeSupported;
    job.size = probed.size;
    job.etag = probed.etag;
    job.lastModified = probed.lastModified;
    // A file the person picked keeps the name they gave it; a folder takes the server's name.
    if (job.destination?.kind !== 'file') job.name = chooseFileName(probed.disposition, job.url);
    if (job.size !== null) {
      try {
        // Claiming the space up front makes a full disk fail now, not halfway through.
        file.truncate(job.size);
      } catch (error) {
        discard(probed.response);
        release();
        throw error;
      }
    }
    const ranges = job.rangeSupported && job.size !== null
      ? planSegments(job.size, { maxConnections: MAX_CONNECTIONS, minSegmentSize: MIN_SEGMENT })
      : [{ start: 0, end: job.size ?? Number.POSITIVE_INFINITY }].filter((r) => r.end > r.start);
    job.segments = job.size === null ? [] : ranges.map((r) => ({ ...r, done: 0 }));
    job.streamed = 0;
    this.live = ranges.map((r) => ({ ...r, pos: r.start, written: r.start, recorded: r.start, busy: false, writer: null }));
    this.hooks.changed();
    if (this.live.length === 0) {
      discard(probed.response);
      release();
      await this.hooks.persist();
      return;
    }
    // The plan is recorded before any byte so a reload finds the same ranges.
    await this.hooks.persist().catch((error: unknown) => {
      discard(probed.response);
      release();
      throw error;
    });
    await this.runConnections({ response: probed.response, release });
  }

  /** Runs the connections; the first may start on a response already open from offset 0. */
  private async runConnections(opened: OpenedResponse | null): Promise<void> {
    const inner = new AbortController();
    const stop = () => inner.abort(this.signal.reason);
    this.signal.addEventListener('abort', stop, { once: true });
    // Idle connections split running ranges, so a short stored list still fans out; small files stay small.
    const count = this.job.rangeSupported ? MAX_CONNECTIONS : 1;
    const connections: Array<Promise<void>> = [];
    for (let i = 0; i < count; i++) {
      const first = i === 0 && opened ? this.claim(this.live[0]) : this.takeWork();
      if (!first) break;
      connections.push(
        this.connection(first, i === 0 ? opened : null, inner.signal).catch((error: unknown) => {
          inner.abort(error);
          throw error;
        }),
      );
    }
    if (opened && connections.length === 0) {
      discard(opened.response);
      opened.release();
    }
    const results = await Promise.allSettled(connections);
    this.signal.removeEventListener('abort', stop);
    this.signal.throwIfAborted();
    const failures = results.flatMap((r) => (r.status === 'rejected' ? [r.reason as unknown] : []));
    // The first real failure explains the others, which are only the aborts it caused.
    const cause = failures.find((f) => !isAbort(f)) ?? failures[0];
    if (cause !== undefined) throw cause;
    const last = this.live[this.live.length - 1];
    if (this.job.size === null && last) {
      this.job.size = last.pos;
      last.end = last.pos;
    }
  }

  private claim(segment: LiveSegment | undefined): LiveSegment | null {
    if (!segment) return null;
    segment.busy = true;
    return segment;
  }

  /** Hands out the next unclaimed range, or splits the largest running one in two. */
  private takeWork(): LiveSegment | null {
    const idle = this.live.find((s) => !s.busy && s.pos < s.end);
    if (idle) return this.claim(idle);
    if (!this.job.rangeSupported) return null;
    const running = this.live.filter((s) => s.busy && s.pos < s.end);
    const victim = running[pickLargestRemaining(running)];
    if (!victim || !Number.isFinite(victim.end)) return null;
    const mid = splitRemaining(victim.pos, victim.end, MIN_STOLEN_PIECE);
    if (mid === null) return null;
    const stolen: LiveSegment = { start: mid, end: victim.end, pos: mid, written: mid, recorded: mid, busy: true, writer: null };
    victim.end = mid;
    this.live.splice(this.live.indexOf(victim) + 1, 0, stolen);
    return stolen;
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
    let response = opened?.response ?? null;
    let held = opened?.release ?? null;
    let attempt = 0;
    let firstFailureAt = 0;
    while (segment.pos < segment.end) {
      const before = segment.pos;
      let failure: DownloadError | null = null;
      const release = held ?? (await this.hooks.budget.acquire(this.host, signal));
      held = null;
      this.connections++;
      try {
        response ??= await this.request(segment, signal);
        const body = response;
        response = null;
        await this.streamInto(segment, body, signal);
      } catch (error) {
        if (signal.aborted || isAbort(error) || error instanceof FileChangedError) throw error;
        failure = toDownloadError(error);
      } finally {
        this.connections--;
        release();
        this.hooks.changed();
      }
      if (!failure) continue;
      if (!failure.retryable) throw failure;
      if (segment.pos > before) attempt = 0;
      if (attempt === 0) firstFailureAt = Date.now();
      attempt++;
      if (shouldGiveUp(attempt, firstFailureAt, Date.now(), this.policy)) throw failure;
      await sleep(nextRetryDelay(attempt, this.policy, Math.random, failure.retryAfterMs), signal);
    }
    if (response) discard(response);
    held?.();
  }

  private async request(segment: LiveSegment, signal: AbortSignal): Promise<Response> {
    const job = this.job;
    if (!job.rangeSupported || job.size === null) {
      // A single stream can only start again from the first byte; probe checks it is the same file.
      const again = await probe(job.url, signal);
      if (again.size !== job.size || (job.etag !== null && again.etag !== null && again.etag !== job.etag)) {
        discard(again.response);
        throw new FileChangedError('its size or ETag is different');
      }
      segment.pos = segment.written = segment.start;
      return again.response;
    }
    const validators = { etag: job.etag, lastModified: job.lastModified };
    const ask = { url: job.url, start: segment.pos, end: segment.end, size: job.size, validators, signal };
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

  private async streamInto(segment: LiveSegment, response: Response, signal: AbortSignal): Promise<void> {
    if (!response.body) throw new DownloadError('bad-response', 'The server sent no body', true);
    const reader = response.body.getReader();
    const writer = new BlockWriter(this.requireFile(), segment.pos, (to) => {
      segment.written = to;
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
        signal.throwIfAborted();
        const take = Math.min(value.byteLength, segment.end - segment.pos);
        writer.append(take === value.byteLength ? value : value.subarray(0, take));
        segment.pos += take;
        this.meter.add(take, performance.now());
        this.hooks.changed();
        if (segment.written - segment.recorded >= CHECKPOINT_BYTES) this.requestCheckpoint();
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

  requestCheckpoint(): void {
    if (!this.file) return;
    if (this.checkpointing) {
      this.checkpointAgain = true;
      return;
    }
    this.checkpointing = this.checkpoint().finally(() => {
      this.checkpointing = null;
      if (this.checkpointAgain) {
        this.checkpointAgain = false;
        this.requestCheckpoint();
      }
    });
    this.checkpointing.catch(() => undefined);
  }

  private async finishCheckpoints(): Promise<void> {
    while (this.checkpointing) await this.checkpointing.catch(() => undefined);
    this.checkpointAgain = false;
    if (this.file) await this.checkpoint();
  }

  /**
   * For a page that is going away: records, now, every byte received so far. The caller has
   * already aborted the run, so no byte arrives after this snapshot.
   */
  checkpointNow(): Promise<void> {
    return this.checkpoint();
  }

  /** Flush first, record after: a recorded byte is always on disk. */
  private async checkpoint(): Promise<void> {
    const file = this.file;
    if (!file || this.live.length === 0) return;
    // Bytes still gathering in a block count too: hand them to the file before the flush.
    for (const s of this.live) s.writer?.writeOut();
    const snapshot = this.live.map((s) => ({ start: s.start, end: s.end, done: s.written - s.start }));
    file.flush();
    for (const s of this.live) s.recorded = s.written;
    if (this.job.size === null) {
      this.job.streamed = this.live[0]?.written ?? 0;
    } else {
      this.job.segments = compactSegments(snapshot.filter((s) => Number.isFinite(s.end)));
    }
    await this.hooks.persist();
  }

  private async resetToUnprobed(): Promise<void> {
    const job = this.job;
    job.rangeSupported = null;
    job.size = null;
    job.etag = null;
    job.lastModified = null;
    job.segments = [];
    job.streamed = 0;
    this.live = [];
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
