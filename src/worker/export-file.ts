import { createSHA256 } from 'hash-wasm';
import { uniqueFileName } from '../shared/file-name';
import type { JobRecord } from './job-record';
import { openStagedFile } from './staging';

export type ExportOutcome =
  | { kind: 'done'; sha256: string }
  /** The bytes are not the ones the person expected; the picked file was left as it was. */
  | { kind: 'mismatch'; sha256: string }
  | { kind: 'needs-destination' }
  | { kind: 'needs-permission' };

/** Read, hashed and written in blocks this large: few round trips to the file writer, bounded memory. */
const COPY_BLOCK = 4 << 20;

async function hasWritePermission(handle: FileSystemHandle): Promise<boolean> {
  // queryPermission is missing where the API is older or the handle is origin-private.
  if (typeof handle.queryPermission !== 'function') return true;
  return (await handle.queryPermission({ mode: 'readwrite' })) === 'granted';
}

async function namesIn(dir: FileSystemDirectoryHandle): Promise<Set<string>> {
  const names = new Set<string>();
  for await (const name of dir.keys()) names.add(name);
  return names;
}

/**
 * Picks (once) the file the staged bytes go to. Inside a folder the name is made unique and
 * recorded before the file is created, so a second attempt writes the same file.
 */
async function resolveTarget(job: JobRecord, persist: () => Promise<void>): Promise<FileSystemFileHandle> {
  const destination = job.destination;
  if (!destination) throw new Error('no destination');
  if (destination.kind === 'file') return destination.handle;
  if (job.savedAs === null) {
    const taken = await namesIn(destination.handle);
    job.savedAs = uniqueFileName(job.name, (candidate) => taken.has(candidate));
    await persist();
  }
  return destination.handle.getFileHandle(job.savedAs, { create: true });
}

function isPermissionError(error: unknown): boolean {
  return error instanceof DOMException && (error.name === 'NotAllowedError' || error.name === 'SecurityError');
}

/**
 * Copies the staged file once into the person's file, computing its SHA-256 on the way. The
 * writable only replaces the target at close(), so an interrupted copy leaves no half file and is
 * simply done again, and a checksum mismatch is never written over the target at all.
 */
export async function exportStagedFile(job: JobRecord, persist: () => Promise<void>, signal: AbortSignal): Promise<ExportOutcome> {
  if (!job.destination) return { kind: 'needs-destination' };
  if (!(await hasWritePermission(job.destination.handle))) return { kind: 'needs-permission' };
  const target = await resolveTarget(job, persist);
  let writable: FileSystemWritableFileStream;
  try {
    writable = await target.createWritable();
  } catch (error) {
    if (isPermissionError(error)) return { kind: 'needs-permission' };
    throw error;
  }
  const writer = writable.getWriter();
  const staged = await openStagedFile(job.id);
  try {
    const hasher = await createSHA256();
    hasher.init();
    const size = job.size ?? staged.getSize();
    // Never a short file: the staged bytes must be all there before any is copied.
    if (staged.getSize() < size) throw new Error(`Only ${staged.getSize()} of ${size} bytes are staged`);
    for (let at = 0; at < size; ) {
      signal.throwIfAborted();
      // A fresh buffer per block: the writer may still hold the previous one while it writes.
      const block = new Uint8Array(Math.min(COPY_BLOCK, size - at));
      const read = staged.read(block, { at });
      if (read <= 0) throw new Error('The staged file ended early');
      const bytes = read === block.byteLength ? block : block.subarray(0, read);
      hasher.update(bytes);
      await writer.write(bytes);
      at += read;
    }
    const sha256 = hasher.digest('hex');
    if (job.expectedSha256 !== null && sha256 !== job.expectedSha256) {
      await writer.abort();
      return { kind: 'mismatch', sha256 };
    }
    await writer.close();
    return { kind: 'done', sha256 };
  } catch (error) {
    await writer.abort().catch(() => undefined);
    if (isPermissionError(error)) return { kind: 'needs-permission' };
    throw error;
  } finally {
    staged.close();
  }
}
