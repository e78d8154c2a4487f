import { uniqueFileName } from '../shared/file-name';
import type { JobRecord } from './job-record';
import { stagedFileHandle } from './staging';

export type ExportOutcome = 'done' | 'needs-destination' | 'needs-permission';

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

/**
 * Copies the staged file once, as a stream, into the person's file. The writable only replaces
 * the target at close(), so an interrupted copy leaves no half file and is simply done again.
 */
export async function exportStagedFile(job: JobRecord, persist: () => Promise<void>, signal: AbortSignal): Promise<ExportOutcome> {
  if (!job.destination) return 'needs-destination';
  if (!(await hasWritePermission(job.destination.handle))) return 'needs-permission';
  const target = await resolveTarget(job, persist);
  const staged = await (await stagedFileHandle(job.id)).getFile();
  let writable: FileSystemWritableFileStream;
  try {
    writable = await target.createWritable();
  } catch (error) {
    if (error instanceof DOMException && (error.name === 'NotAllowedError' || error.name === 'SecurityError')) return 'needs-permission';
    throw error;
  }
  // pipeTo closes the writable on success and aborts it (discarding its swap file) on failure.
  await staged.stream().pipeTo(writable, { signal });
  return 'done';
}
