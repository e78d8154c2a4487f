import { fileNameCandidates } from '../../shared/file-name';
import type { JobRecord } from '../storage/job-record';

/** The file to write, and for a file this app named inside a folder, how to take it back. */
export interface Target {
  handle: FileSystemFileHandle;
  discard: (() => Promise<void>) | null;
}

async function exists(dir: FileSystemDirectoryHandle, name: string): Promise<boolean> {
  try {
    await dir.getFileHandle(name);
    return true;
  } catch (error) {
    if (error instanceof DOMException && error.name === 'NotFoundError') return false;
    // A folder or an unreadable entry of that name is taken all the same.
    if (error instanceof DOMException && error.name === 'TypeMismatchError') return true;
    throw error;
  }
}

/**
 * Names being claimed right now: two jobs never pick the same free name, and they do not have to
 * wait for each other's round trips to the folder either.
 */
const claiming = new Set<string>();

/**
 * Picks (once) the file the staged bytes go to. Inside a folder the name is made unique — asking
 * the folder about each candidate rather than listing it, which stays fast with many files — and
 * the file is created and the name recorded at once, so a second attempt writes the same file.
 */
export async function resolveTarget(job: JobRecord, persist: () => Promise<void>): Promise<Target> {
  const destination = job.destination;
  if (!destination) throw new Error('no destination');
  if (destination.kind === 'file') return { handle: destination.handle, discard: null };
  const dir = destination.handle;
  if (job.savedAs === null) {
    job.savedAs = await claimFreeName(dir, job.name);
    await persist();
  }
  const name = job.savedAs;
  // The copy starts with the download, so a download that stops would leave an empty file in the
  // person's folder: remove it (a file this app created under a name that was free) and claim a
  // name again next time.
  const discard = async (): Promise<void> => {
    try {
      const file = await (await dir.getFileHandle(name)).getFile();
      if (file.size === 0) await dir.removeEntry(name);
    } catch {
      // Already gone, or no longer ours to touch: leave it.
    }
    if (job.savedAs === name) {
      job.savedAs = null;
      await persist();
    }
  };
  return { handle: await dir.getFileHandle(name, { create: true }), discard };
}

/** Creates the first free name of the sequence "a.bin", "a (1).bin", … and returns it. */
export async function claimFreeName(dir: FileSystemDirectoryHandle, name: string): Promise<string> {
  const candidates = fileNameCandidates(name);
  for (;;) {
    const candidate = candidates.next().value;
    // Reserved before the first await, so a job claiming at the same time skips it.
    if (claiming.has(candidate)) continue;
    claiming.add(candidate);
    try {
      if (await exists(dir, candidate)) continue;
      await dir.getFileHandle(candidate, { create: true });
      return candidate;
    } finally {
      claiming.delete(candidate);
    }
  }
}
