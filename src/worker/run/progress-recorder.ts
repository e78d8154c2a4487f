import { compactSegments } from '../../shared/segments';
import type { JobRecord } from '../storage/job-record';
import type { LiveSegment, LiveSegments } from './live-segments';

/**
 * Progress is recorded at least this often per connection (bytes) and per job (time). The time
 * bounds what a crash (or a reload whose last-moment record does not land) loses on a slow link:
 * at 500 ms the bench's renderer crash at 40 % of 80 MiB (1 MiB/s per connection) fetched 1.3-2.5 %
 * again, at 250 ms 1.0-1.7 %. On a fast link the bytes trigger first and checkpoints already run back to back (one at a
 * time), so a shorter interval adds none there; a 1 GiB download measured 61 flushes costing
 * 0.68 s in all, at most 26 ms each.
 */
const CHECKPOINT_BYTES = 4 << 20;
const CHECKPOINT_MS = 250;

/**
 * A file this small is not recorded as it downloads: a reload fetches it again, which costs at
 * most this much, while every checkpoint costs a flush to disk and a database write — for many
 * small files, most of the time each one takes.
 */
export const UNRECORDED_FILE_BYTES = 8 << 20;

/** Whether `job` downloads without progress checkpoints (see UNRECORDED_FILE_BYTES). */
export function isUnrecorded(job: Pick<JobRecord, 'size'>): boolean {
  return job.size !== null && job.size <= UNRECORDED_FILE_BYTES;
}

/**
 * When a run records its progress: on request (a connection wrote enough, the timer ticked), one
 * at a time — a request during a checkpoint makes one more follow it, never two at once.
 */
export class CheckpointScheduler {
  private running: Promise<void> | null = null;
  private again = false;

  /** `take(now)` records the progress; `now` asks for a write that goes out at once. */
  constructor(private readonly take: (now: boolean) => Promise<void>) {}

  request(): void {
    if (this.running) {
      this.again = true;
      return;
    }
    this.running = this.take(false).finally(() => {
      this.running = null;
      if (this.again) {
        this.again = false;
        this.request();
      }
    });
    this.running.catch(() => undefined);
  }

  /** Waits for a checkpoint under way (and the one queued behind it), then takes a last one. */
  async finish(): Promise<void> {
    while (this.running) await this.running.catch(() => undefined);
    this.again = false;
    await this.take(false);
  }

  /** For a page that is going away: one checkpoint now, its record sent at once. */
  now(): Promise<void> {
    return this.take(true);
  }
}

/** The part of the staging file's handle a checkpoint uses. */
export interface Flushable {
  flush(): void;
}

/** Stores the job record: in order, or (`now`) in a transaction of its own sent at once. */
export interface RecordStore {
  persist(): Promise<void>;
  persistNow(): Promise<void>;
}

/**
 * Records a run's progress in its job record: on a timer, when a connection has written enough,
 * and once more at the end. Flush first, record after: a recorded byte is always on disk.
 */
export class ProgressRecorder {
  private timer: ReturnType<typeof setInterval> | null = null;
  private readonly scheduler = new CheckpointScheduler((now) => this.checkpoint(now));

  constructor(
    private readonly job: JobRecord,
    private readonly live: LiveSegments,
    /** The open staging file; null when the run has none open. */
    private readonly file: () => Flushable | null,
    private readonly store: RecordStore,
  ) {}

  start(): void {
    this.timer ??= setInterval(() => {
      if (!isUnrecorded(this.job)) this.scheduler.request();
    }, CHECKPOINT_MS);
  }

  stop(): void {
    if (this.timer !== null) clearInterval(this.timer);
    this.timer = null;
  }

  /** A connection wrote more; records when it has written enough since its last record. */
  wrote(segment: LiveSegment): void {
    if (segment.written - segment.recorded >= CHECKPOINT_BYTES && !isUnrecorded(this.job)) this.scheduler.request();
  }

  /**
   * The last checkpoint of the run, after any under way; false when none was taken. A small file
   * that is all staged needs none while its copy follows at once (the run records it if the copy
   * does not); one that stopped short is recorded, so Resume goes on from it.
   */
  async finish(allStaged: boolean): Promise<boolean> {
    if (allStaged && isUnrecorded(this.job)) return false;
    await this.scheduler.finish();
    return true;
  }

  /**
   * For a page that is going away: records, now, every byte received so far. The caller has
   * already aborted the run, so no byte arrives after this snapshot.
   */
  now(): Promise<void> {
    return this.scheduler.now();
  }

  private async checkpoint(now: boolean): Promise<void> {
    const file = this.file();
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
    await (now ? this.store.persistNow() : this.store.persist());
  }
}
