import { crc32Update } from '../../shared/crc32';
import type { ZipEntryJob } from '../../shared/types';
import { entryProblem, notIntactMessage } from '../../shared/zip-entry-check';
import { DownloadError, isDomError } from '../download-error';
import { forgetRemoteFile, type JobRecord } from '../storage/job-record';
import type { StagingFile } from '../run/memory-staging';
import { ensureSpace } from '../run/storage-space';

type StoredZipEntry = NonNullable<JobRecord['zipEntry']>;

/** What unpacking needs of the run. */
export interface UnpackParts {
  job: JobRecord;
  staged: StagingFile;
  signal: AbortSignal;
  persist(): Promise<void>;
  /** The staged bytes' bookkeeping moves to the record: the run's own ranges are done with. */
  forgetLiveRanges(): void;
}

const BLOCK = 1 << 20;
const UNPACK_DIR = 'rangefetch-unzip';

/**
 * Removes what unpacking left behind when a crash or reload cut it short. Nothing there is ever
 * used again (each unpack starts its file afresh), and one still being written, by another tab,
 * is locked by its handle and stays.
 */
export async function sweepUnpackFolder(): Promise<number> {
  let dir: FileSystemDirectoryHandle;
  try {
    dir = await (await navigator.storage.getDirectory()).getDirectoryHandle(UNPACK_DIR);
  } catch (error) {
    if (isDomError(error, 'NotFoundError')) return 0;
    throw error;
  }
  const names: string[] = [];
  for await (const name of dir.keys()) names.push(name);
  let removed = 0;
  for (const name of names) {
    if (await dir.removeEntry(name).then(() => true, () => false)) removed += 1;
  }
  return removed;
}

/** Whether the copy may follow the staged bytes as they arrive: not while they are deflated. */
export function copyFollowsStaging(job: Pick<JobRecord, 'zipEntry'>): boolean {
  return job.zipEntry === undefined || job.zipEntry.method === 0;
}

/**
 * Every byte of a ZIP entry's window is staged: checks it against the CRC-32 and size of the
 * archive's directory, and for a deflated entry replaces the staged bytes by the inflated ones
 * (DecompressionStream 'deflate-raw'), so the copy, a copy made later and a save to the browser's
 * downloads all find the file itself. A mismatch drops the staged bytes (Retry fetches them again)
 * and fails the job as an integrity failure.
 */
export async function unpackZipEntry(parts: UnpackParts): Promise<void> {
  const { job, staged } = parts;
  const entry = job.zipEntry;
  if (!entry || entry.unpacked) return;
  const packedSize = staged.getSize();
  if (entry.method === 0) {
    let crc = 0;
    const block = new Uint8Array(BLOCK);
    for (let at = 0; at < packedSize; ) {
      parts.signal.throwIfAborted();
      const read = staged.read(block.subarray(0, Math.min(BLOCK, packedSize - at)), { at });
      if (read <= 0) break;
      crc = crc32Update(crc, block.subarray(0, read));
      at += read;
    }
    return verdict(parts, entry, packedSize, crc);
  }
  await ensureSpace(entry.size * 2, 0);
  const dir = await (await navigator.storage.getDirectory()).getDirectoryHandle(UNPACK_DIR, { create: true });
  const name = `${job.id}.part`;
  const out = await (await dir.getFileHandle(name, { create: true })).createSyncAccessHandle();
  try {
    out.truncate(0);
    const { size, crc } = await inflate(staged, packedSize, out, entry, parts.signal);
    out.flush();
    await verdict(parts, entry, size, crc, async () => {
      // The inflated bytes take the staged file's place, flushed before the record says so.
      staged.truncate(size);
      const block = new Uint8Array(BLOCK);
      for (let at = 0; at < size; ) {
        const read = out.read(block.subarray(0, Math.min(BLOCK, size - at)), { at });
        if (read <= 0) throw new Error('The inflated file ended early');
        if (staged.write(block.subarray(0, read), { at }) !== read) throw new DOMException('The staging file could not grow', 'QuotaExceededError');
        at += read;
      }
      staged.flush();
      job.size = size;
      job.segments = size === 0 ? [] : [{ start: 0, end: size, done: size }];
      parts.forgetLiveRanges();
    });
  } finally {
    out.close();
    await dir.removeEntry(name).catch(() => undefined);
  }
}

/** Inflates the staged bytes into `out`; the CRC-32 and size of what came out. */
async function inflate(staged: StagingFile, packedSize: number, out: FileSystemSyncAccessHandle, entry: ZipEntryJob, signal: AbortSignal): Promise<{ size: number; crc: number }> {
  let at = 0;
  const packed = new ReadableStream<BufferSource>({
    pull(controller) {
      if (at >= packedSize) return controller.close();
      const block = new Uint8Array(Math.min(BLOCK, packedSize - at));
      const read = staged.read(block, { at });
      if (read <= 0) return controller.close();
      at += read;
      controller.enqueue(block.subarray(0, read));
    },
  });
  const reader = packed.pipeThrough(new DecompressionStream('deflate-raw'), { signal }).getReader();
  let size = 0;
  let crc = 0;
  try {
    for (;;) {
      const { done, value } = await reader.read();
      if (done) break;
      // More than the directory says: the entry is not what it claims, whatever follows.
      if (size + value.length > entry.size) return { size: size + value.length, crc };
      crc = crc32Update(crc, value);
      if (out.write(value, { at: size }) !== value.length) throw new DOMException('The unpacked file could not grow', 'QuotaExceededError');
      size += value.length;
    }
  } catch (error) {
    signal.throwIfAborted();
    if (isDomError(error, 'QuotaExceededError')) throw error;
    // A TypeError from the stream: the deflate data is damaged (or has junk after its end).
    return { size: -1, crc };
  } finally {
    reader.cancel().catch(() => undefined);
  }
  return { size, crc };
}

async function verdict(parts: UnpackParts, entry: StoredZipEntry, size: number, crc: number, keep?: () => Promise<void>): Promise<void> {
  const problem = entryProblem(entry, { size, crc32: crc });
  if (problem === null) {
    await keep?.();
    if (keep) {
      entry.unpacked = true;
      await parts.persist();
    }
    return;
  }
  // What arrived is not the entry: none of it is kept, so Retry fetches it again.
  parts.staged.truncate(0);
  parts.staged.flush();
  forgetRemoteFile(parts.job);
  parts.forgetLiveRanges();
  await parts.persist();
  throw new DownloadError('integrity', notIntactMessage(problem), false);
}
