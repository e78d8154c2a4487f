import type { JobRecord } from '../storage/job-record';
import { openStagedFile } from '../storage/staging';
import { stagedSnapshot } from '../copy/whole-file-copy';
import { mayStageInMemory, MemoryFile, type StagingFile } from './memory-staging';
import { isUnrecorded } from './progress-recorder';

export type { StagingFile };

/**
 * A run's staging file: in memory for a small file, on disk (OPFS) otherwise. Bytes held in
 * memory go to disk before anything records them (toDisk), so a record never claims a byte a
 * reload could not find.
 */
export class RunStaging {
  private constructor(
    private readonly jobId: string,
    private file: StagingFile,
    private inMemory: boolean,
  ) {}

  static async open(job: JobRecord): Promise<RunStaging> {
    if (mayStageInMemory(job)) return new RunStaging(job.id, new MemoryFile(), true);
    return new RunStaging(job.id, await openStagedFile(job.id), false);
  }

  get current(): StagingFile {
    return this.file;
  }

  /** False while the bytes are in memory: nothing may be recorded of them. */
  get durable(): boolean {
    return !this.inMemory;
  }

  /**
   * The size is known now (or known to be unknown): a file too big for memory goes to disk.
   * Resolves to whether the bytes are staged on disk.
   */
  async sizeKnown(size: number | null): Promise<boolean> {
    if (!isUnrecorded({ size })) await this.toDisk();
    return this.durable;
  }

  /** Moves what memory holds to the staging file on disk, which the run goes on with. */
  async toDisk(): Promise<void> {
    if (!this.inMemory) return;
    const disk = await openStagedFile(this.jobId);
    try {
      const held = new Uint8Array(this.file.getSize());
      this.file.read(held, { at: 0 });
      disk.truncate(held.length);
      if (disk.write(held, { at: 0 }) !== held.length || disk.getSize() !== held.length) {
        throw new DOMException('The staging file could not grow', 'QuotaExceededError');
      }
      disk.flush();
    } catch (error) {
      disk.close();
      throw error;
    }
    this.file.close();
    this.file = disk;
    this.inMemory = false;
  }

  /**
   * The staged bytes as a File, for a copy that ends with them all staged: null in memory, where
   * the copy reads them block by block (a few MiB at most).
   */
  snapshot(): (() => Promise<File>) | null {
    return this.inMemory ? null : stagedSnapshot(this.jobId);
  }

  close(): void {
    this.file.close();
  }
}
