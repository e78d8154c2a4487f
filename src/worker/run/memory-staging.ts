import { bytesDone } from '../../shared/segments';
import type { JobRecord } from '../storage/job-record';
import { isUnrecorded, UNRECORDED_FILE_BYTES } from './progress-recorder';

/** The part of a sync access handle a run uses: positioned reads and writes, size, flush. */
export interface StagingFile {
  read(into: Uint8Array, options: { at: number }): number;
  write(bytes: Uint8Array, options: { at: number }): number;
  getSize(): number;
  truncate(size: number): void;
  flush(): void;
  close(): void;
}

/** A staging file in this worker's memory: what a small file needs until it is saved. */
export class MemoryFile implements StagingFile {
  private bytes = new Uint8Array(0);
  private size = 0;

  read(into: Uint8Array, { at }: { at: number }): number {
    const count = Math.max(0, Math.min(into.length, this.size - at));
    into.set(this.bytes.subarray(at, at + count));
    return count;
  }

  write(bytes: Uint8Array, { at }: { at: number }): number {
    const end = at + bytes.length;
    if (end > this.size) this.truncate(end);
    this.bytes.set(bytes, at);
    return bytes.length;
  }

  getSize(): number {
    return this.size;
  }

  truncate(size: number): void {
    if (size > this.bytes.length) {
      const grown = new Uint8Array(Math.max(size, Math.min(2 * this.bytes.length, UNRECORDED_FILE_BYTES)));
      grown.set(this.bytes.subarray(0, this.size));
      this.bytes = grown;
    } else if (size < this.size) {
      // A file that shrinks and grows again reads zeros there, as a file on disk does.
      this.bytes.fill(0, size, this.size);
    }
    this.size = size;
  }

  flush(): void {}

  close(): void {
    this.bytes = new Uint8Array(0);
    this.size = 0;
  }
}

/**
 * Whether a run may stage in memory: a file of at most UNRECORDED_FILE_BYTES (or of a size not yet
 * known) with a place to go and nothing staged yet, not an entry of a ZIP. Such a file is never
 * recorded as it goes, so the staging file on disk (created, locked, grown, closed and removed:
 * five round trips to the browser, and a file on disk) buys nothing unless the run stops before it
 * is saved.
 */
export function mayStageInMemory(job: JobRecord): boolean {
  const placed = job.destination?.kind === 'file' || job.destination?.kind === 'directory';
  // A ZIP entry is checked and inflated in the staging file on disk (zip/unpack-entry.ts).
  if (job.zipEntry !== undefined) return false;
  const nothingStaged = job.streamed === 0 && bytesDone(job.segments) === 0;
  return placed && nothingStaged && (job.size === null || isUnrecorded(job));
}
