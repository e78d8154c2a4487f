import { StagedCopy, type CopyOutcome, type StagedReader } from './staged-copy';
import type { JobRecord } from '../storage/job-record';
import { copyFollowsStaging } from '../zip/unpack-entry';

/**
 * 'not-opened': begin() may open a copy. 'opening': one is being opened. 'deferred': there is no
 * copy to follow the download — it could not be opened now (no place picked, no permission, a
 * failure) or it was handed to finish() — and the whole copy is made at the end from the staged
 * file instead.
 */
type FollowerState = StagedCopy | 'not-opened' | 'opening' | 'deferred';

/**
 * A run's copy into the person's file, which follows the finished prefix of the staging file.
 * Opening it takes a few round trips (permission, name, writable), so the download does not
 * wait: once open, the copy catches up. A copy that finishes opening after the run restarted
 * or stopped knows it is not wanted and drops itself.
 */
export class CopyFollower {
  private copy: FollowerState = 'not-opened';
  private opening: Promise<void> = Promise.resolve();
  /**
   * Fired by drop() (and by the job's signal in finish()): ends the opening and every call of the
   * copy begun since the last drop, so neither ever waits for the copier. Replaced at each drop,
   * which is also how a copy that opens too late knows it is not wanted.
   */
  private stop = new AbortController();

  constructor(
    private readonly job: JobRecord,
    private readonly persist: () => Promise<void>,
    private readonly read: StagedReader,
    private readonly finishedPrefix: () => number,
    /** The staged file as a File for the copy's tail, or null to read it block by block. */
    private readonly snapshot: () => (() => Promise<File>) | null,
  ) {}

  /** Starts opening the copy (once; again only after drop()). */
  begin(): void {
    if (this.copy !== 'not-opened') return;
    // Deflated bytes (a ZIP entry) are copied once inflated, at the end.
    if (!copyFollowsStaging(this.job)) return void (this.copy = 'deferred');
    this.copy = 'opening';
    const stop = this.stop;
    this.opening = StagedCopy.open(this.job, this.persist, this.read, stop.signal)
      .then((copy) => {
        if (stop !== this.stop) {
          if (copy instanceof StagedCopy) void copy.abort();
          return;
        }
        if (!(copy instanceof StagedCopy)) {
          this.copy = 'deferred';
          return;
        }
        this.copy = copy;
        copy.advance(this.finishedPrefix());
      })
      .catch((error: unknown) => {
        if (stop !== this.stop) return;
        this.copy = 'deferred';
        if (!stop.signal.aborted) console.warn('The copy to the picked file will be made at the end', error);
      });
  }

  /** More of the file is staged. */
  advance(): void {
    if (this.copy instanceof StagedCopy) this.copy.advance(this.finishedPrefix());
  }

  /**
   * Every byte is staged: finishes the copy. Null when there was none, or it failed (the whole
   * copy is then made again from the staged file, which says properly what is wrong; a copier
   * that died or hung failed it with a CopierLostError).
   */
  async finish(size: number, signal: AbortSignal): Promise<CopyOutcome | null> {
    const stop = this.stop;
    const onAbort = (): void => stop.abort();
    if (signal.aborted) onAbort();
    signal.addEventListener('abort', onAbort, { once: true });
    try {
      await this.opening;
      signal.throwIfAborted();
      const copy = this.copy;
      if (!(copy instanceof StagedCopy)) return null;
      this.copy = 'deferred';
      try {
        return await copy.finish(size, this.job.expectedSha256, this.snapshot(), signal);
      } catch (error) {
        signal.throwIfAborted();
        console.warn('The copy to the picked file failed; it will be made again from the start', error);
        return null;
      }
    } finally {
      signal.removeEventListener('abort', onAbort);
    }
  }

  /**
   * Abandons the copy (and one still opening): the person's file stays as it was. Resolves
   * without waiting for the copier: the opening gives up when `stop` fires, and abort() leaves
   * the copier's answer to the background.
   */
  async drop(): Promise<void> {
    this.stop.abort();
    this.stop = new AbortController();
    await this.opening;
    if (this.copy instanceof StagedCopy) await this.copy.abort();
    this.copy = 'not-opened';
  }
}
