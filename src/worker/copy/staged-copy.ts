import { transfer } from 'comlink';
import { getCopier } from './copier-client';
import { resolveTarget } from './save-target';
import { isPermissionError } from '../download-error';
import type { JobRecord } from '../storage/job-record';
import { openStagedFile, stagedFileHandle } from '../storage/staging';

export type CopyOutcome =
  | { kind: 'done'; sha256: string }
  /** The bytes are not the ones the person expected; the picked file was left as it was. */
  | { kind: 'mismatch'; sha256: string }
  | { kind: 'needs-destination' }
  | { kind: 'needs-permission' };

/** Read and handed to the copier in blocks this large: few round trips, bounded memory. */
const COPY_BLOCK = 4 << 20;
/** Blocks on their way to the copier at once: enough to keep it busy, few enough to bound memory. */
const BLOCKS_IN_FLIGHT = 2;

async function hasWritePermission(handle: FileSystemHandle): Promise<boolean> {
  // queryPermission is missing where the API is older or the handle is origin-private.
  if (typeof handle.queryPermission !== 'function') return true;
  return (await handle.queryPermission({ mode: 'readwrite' })) === 'granted';
}

/** Reads staged bytes at an offset into `into`; returns how many it read. */
export type StagedReader = (into: Uint8Array, at: number) => number;

/**
 * The one copy of the staged bytes into the person's file, with its SHA-256 computed on the way
 * (in the copier worker). It follows the finished prefix of the file (advance), so most of it
 * happens while the rest is still downloading; finish() copies what is left. The writable
 * replaces the target only at close(), so an interrupted copy leaves no half file, and a
 * checksum mismatch is never written.
 */
export class StagedCopy {
  private copied = 0;
  private frontier = 0;
  private pumping: Promise<void> | null = null;
  private failure: unknown = null;
  /** Copy buffers back from the copier, ready for the next blocks. */
  private readonly spare: Array<Uint8Array<ArrayBuffer>> = [];

  private constructor(
    private readonly id: string,
    private readonly read: StagedReader,
    private readonly discardTarget: (() => Promise<void>) | null,
  ) {}

  /** Stops copying block by block (finish() takes over from `copied`, or abort() drops it). */
  private stopped = false;

  /**
   * Opens the person's file for writing, or says why it cannot be now: no place picked yet, or
   * a permission the browser forgot (only a click in the page can grant it again).
   */
  static async open(job: JobRecord, persist: () => Promise<void>, read: StagedReader): Promise<StagedCopy | CopyOutcome> {
    if (!job.destination) return { kind: 'needs-destination' };
    if (!(await hasWritePermission(job.destination.handle))) return { kind: 'needs-permission' };
    const target = await resolveTarget(job, persist);
    const opened = await getCopier().open(job.id, target.handle);
    if (opened === 'needs-permission') {
      await target.discard?.();
      return { kind: 'needs-permission' };
    }
    return new StagedCopy(job.id, read, target.discard);
  }

  /** Bytes before `frontier` are staged: copy them when the copy gets to them. */
  advance(frontier: number): void {
    if (frontier <= this.frontier) return;
    this.frontier = frontier;
    this.pumping ??= this.pump().finally(() => {
      this.pumping = null;
    });
  }

  /**
   * Copies the rest of a `size`-byte file, then keeps it (close) or, on a mismatch, drops it.
   * Every byte is staged by now and the staged file no longer changes, so the rest goes over as
   * one Blob of it: the browser copies file to file without the bytes passing through this
   * page (measured 434 MB/s against 267 MB/s block by block), while the same bytes are read here
   * for the checksum only.
   */
  async finish(size: number, expectedSha256: string | null, staged: (() => Promise<File>) | null): Promise<CopyOutcome> {
    if (staged === null) {
      // Block by block to the end: slower, but a failure says what it is (a Blob write reports
      // a full disk as "could not be read").
      this.advance(size);
      while (this.pumping) await this.pumping;
    }
    this.stopped = true;
    while (this.pumping) await this.pumping;
    if (this.failure !== null) throw this.failure;
    if (this.copied < size && staged !== null) {
      const file = await staged();
      if (file.size < size) throw new Error(`Only ${file.size} of ${size} bytes are staged`);
      const from = this.copied;
      // Sent before the blocks to hash: the copier writes in the order it is asked.
      const writing = getCopier().writeBlob(this.id, file.slice(from, size));
      const hash = (bytes: Uint8Array<ArrayBuffer>) => getCopier().hash(this.id, transfer(bytes, [bytes.buffer]));
      await Promise.all([writing, this.sendBlocks(from, () => size, hash)]);
      this.copied = size;
    }
    if (this.copied !== size) throw new Error(`The copy holds ${this.copied} of ${size} bytes`);
    const outcome = await getCopier().finish(this.id, expectedSha256);
    if (outcome.kind === 'mismatch') await this.discardTarget?.();
    return outcome;
  }

  /** Drops the copy; the person's file stays as it was. */
  async abort(): Promise<void> {
    this.stopped = true;
    while (this.pumping) await this.pumping;
    await getCopier().abort(this.id);
    await this.discardTarget?.();
  }

  private async pump(): Promise<void> {
    try {
      const write = (bytes: Uint8Array<ArrayBuffer>) => getCopier().write(this.id, transfer(bytes, [bytes.buffer]));
      this.copied = await this.sendBlocks(this.copied, () => (this.stopped ? 0 : this.frontier), write);
    } catch (error) {
      this.failure = error;
    }
  }

  /**
   * Reads staged bytes from `from` for as long as `until()` is ahead and hands them to `send`
   * block by block, in order; returns where it stopped. Buffers cycle between this worker and the
   * copier (`send` gives each one back): memory stays at BLOCKS_IN_FLIGHT blocks whatever the
   * file size, and the garbage collector has nothing to catch up on.
   */
  private async sendBlocks(from: number, until: () => number, send: (bytes: Uint8Array<ArrayBuffer>) => Promise<Uint8Array<ArrayBuffer>>): Promise<number> {
    const inFlight: Array<Promise<void>> = [];
    let at = from;
    try {
      while (at < until()) {
        const buffer = this.spare.pop() ?? new Uint8Array(COPY_BLOCK);
        const block = buffer.subarray(0, Math.min(COPY_BLOCK, until() - at));
        const read = this.read(block, at);
        if (read <= 0) throw new Error('The staged file ended early');
        at += read;
        inFlight.push(send(block.subarray(0, read)).then((back) => void this.spare.push(new Uint8Array(back.buffer))));
        if (inFlight.length >= BLOCKS_IN_FLIGHT) await inFlight.shift();
      }
      await Promise.all(inFlight);
    } catch (error) {
      // A block still in flight may fail too; one failure is reason enough.
      await Promise.allSettled(inFlight);
      throw error;
    }
    return at;
  }
}

/** Reads the staged file as a File (a snapshot: only valid while nothing writes to it). */
export function stagedSnapshot(jobId: string): () => Promise<File> {
  return async () => (await stagedFileHandle(jobId)).getFile();
}

/** The whole copy at once, for a job whose bytes were all staged before the copy could start. */
export async function copyWholeStagedFile(job: JobRecord, persist: () => Promise<void>, signal: AbortSignal): Promise<CopyOutcome> {
  try {
    return await copyOnce(job, persist, signal, true);
  } catch (error) {
    signal.throwIfAborted();
    // Once more block by block, which fails (if it does) with the real reason.
    console.warn('Copying the staged file as a Blob failed; copying it block by block', error);
    return copyOnce(job, persist, signal, false);
  }
}

async function copyOnce(job: JobRecord, persist: () => Promise<void>, signal: AbortSignal, asBlob: boolean): Promise<CopyOutcome> {
  const staged = await openStagedFile(job.id);
  try {
    const size = job.size ?? staged.getSize();
    // Never a short file: the staged bytes must be all there before any is copied.
    if (staged.getSize() < size) throw new Error(`Only ${staged.getSize()} of ${size} bytes are staged`);
    const copy = await StagedCopy.open(job, persist, (into, at) => staged.read(into, { at }));
    if (!(copy instanceof StagedCopy)) return copy;
    const onAbort = (): void => void copy.abort();
    signal.addEventListener('abort', onAbort, { once: true });
    try {
      const outcome = await copy.finish(size, job.expectedSha256, asBlob ? stagedSnapshot(job.id) : null);
      signal.throwIfAborted();
      return outcome;
    } catch (error) {
      await copy.abort();
      if (isPermissionError(error)) return { kind: 'needs-permission' };
      throw error;
    } finally {
      signal.removeEventListener('abort', onAbort);
    }
  } finally {
    staged.close();
  }
}
