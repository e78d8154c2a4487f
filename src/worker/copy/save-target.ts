import { fallbackFileName, fileNameCandidates } from '../../shared/file-name';
import { isDomError } from '../download-error';
import { entryFolder } from './entry-folder';

/** What claiming a name needs of a folder: FileSystemDirectoryHandle has it, and so can a test. */
export interface NameLookup {
  getFileHandle(name: string, options?: { create?: boolean }): Promise<unknown>;
}

/** What resolving a target and taking it back need of the picked folder. */
export interface SaveFolder extends NameLookup {
  getFileHandle(name: string, options?: { create?: boolean }): Promise<FileSystemFileHandle>;
  removeEntry(name: string): Promise<void>;
}

export type SaveDestination =
  | { kind: 'file'; handle: FileSystemFileHandle }
  | { kind: 'directory'; handle: SaveFolder }
  /** Nothing to write: the staged file itself goes to the browser's downloads (see kept-file.ts). */
  | { kind: 'browser' };

/** The part of a job record that says where its file goes (a JobRecord is one). */
export interface TargetJob {
  name: string;
  savedAs: string | null;
  /** Says when the file is saved under another name than `name`. */
  note: string | null;
  destination: SaveDestination | null;
  /** One entry of a ZIP: the folders it is kept in inside a picked folder. */
  zipEntry?: { folders: readonly string[] };
}

/** The file to write, and for a file this app named inside a folder, how to take it back. */
export interface Target {
  handle: FileSystemFileHandle;
  discard: (() => Promise<void>) | null;
}

async function exists(dir: NameLookup, name: string): Promise<boolean> {
  try {
    await dir.getFileHandle(name);
    return true;
  } catch (error) {
    if (isDomError(error, 'NotFoundError')) return false;
    // A folder or an unreadable entry of that name is taken all the same.
    if (isDomError(error, 'TypeMismatchError')) return true;
    throw error;
  }
}

/**
 * Names being claimed right now: two jobs never pick the same free name, and they do not have to
 * wait for each other's round trips to the folder either. Not per folder: two handles of one
 * folder are different objects, and telling them apart takes a round trip (isSameEntry); a name
 * skipped in another folder costs only a " (1)".
 */
const claiming = new Set<string>();

/**
 * Picks (once) the file the staged bytes go to. Inside a folder the name is made unique — asking
 * the folder about each candidate rather than listing it, which stays fast with many files — and
 * the file is created and the name recorded at once, so a second attempt writes the same file.
 */
export async function resolveTarget(job: TargetJob, persist: () => Promise<void>): Promise<Target> {
  const destination = job.destination;
  if (!destination || destination.kind === 'browser') throw new Error('no place to write to');
  if (destination.kind === 'file') return { handle: destination.handle, discard: null };
  const dir = await entryFolder(destination.handle, job);
  if (job.savedAs === null) {
    job.savedAs = await claimSaveName(dir, job);
    await persist();
  }
  const name = job.savedAs;
  // The copy starts with the download, so a download that stops would leave an empty file in the
  // person's folder: remove it (a file this app created under a name that was free) and claim a
  // name again next time. A file that stays keeps its name, so the next copy replaces it rather
  // than leaving it behind under a new name.
  const discard = async (): Promise<void> => {
    if (!(await removeIfEmpty(dir, name))) return;
    if (job.savedAs === name) {
      job.savedAs = null;
      await persist();
    }
  };
  return { handle: await dir.getFileHandle(name, { create: true }), discard };
}

/** Tries to remove a locked file for this long: see removeIfEmpty. */
const LOCKED_TRIES = 50;
const LOCKED_WAIT_MS = 100;

/**
 * Removes `name` if it is empty; true when it is gone. A copier that was just ended still holds
 * its writable's lock for a moment (the browser notices the end of a worker a little later), and
 * Chromium refuses to remove a locked file (NoModificationAllowedError), so that is tried again
 * for a while. A file with bytes in it was closed by a copy of this job: it stays.
 */
async function removeIfEmpty(dir: SaveFolder, name: string): Promise<boolean> {
  for (let tries = 1; ; tries++) {
    try {
      const file = await (await dir.getFileHandle(name)).getFile();
      if (file.size > 0) return false;
      await dir.removeEntry(name);
      return true;
    } catch (error) {
      if (isDomError(error, 'NotFoundError')) return true;
      if (!isDomError(error, 'NoModificationAllowedError') || tries >= LOCKED_TRIES) {
        console.warn(`Could not remove the empty ${JSON.stringify(name)} from the picked folder`, error);
        return false;
      }
      await new Promise((resolve) => setTimeout(resolve, LOCKED_WAIT_MS));
    }
  }
}

/**
 * Claims the job's name in the folder, or a safe stand-in when the browser refuses that name: a
 * real folder refuses names the origin-private file system accepts (Chromium's
 * IsSafePathComponent: "~" at either end, desktop.ini, clock$, .lnk/.url/.scf, {CLSID}
 * extensions…), and a file that downloaded completely must still be saved.
 */
async function claimSaveName(dir: NameLookup, job: TargetJob): Promise<string> {
  // Each fallback gives up more of the name, down to "download", which every folder accepts.
  for (let wanted = job.name; ; ) {
    try {
      const name = await claimFreeName(dir, wanted);
      if (wanted !== job.name) job.note = `Saved as ${name}: the browser refused the name ${JSON.stringify(job.name)} in this folder`;
      return name;
    } catch (error) {
      const simpler = fallbackFileName(wanted);
      if (!isNameRefusal(error) || simpler === wanted) throw error;
      console.warn(`The folder refused the name ${JSON.stringify(wanted)}`, error);
      wanted = simpler;
    }
  }
}

/**
 * What a name refusal looks like: Chromium answers a name IsSafePathComponent rejects with a
 * TypeError ("Name is not allowed.", file_system_access_error.cc maps kInvalidArgument to it), a
 * symlink to a sensitive place with a SecurityError, and a name the operating system refuses
 * with an InvalidModificationError.
 */
function isNameRefusal(error: unknown): boolean {
  return isDomError(error, 'TypeError') || isDomError(error, 'SecurityError') || isDomError(error, 'InvalidModificationError');
}

/** Creates the first free name of the sequence "a.bin", "a (1).bin", … and returns it. */
export async function claimFreeName(dir: NameLookup, name: string): Promise<string> {
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

/** What findSameTarget needs of a handle (FileSystemHandle has it). */
export interface SameEntryCheck<H> {
  isSameEntry(other: H): Promise<boolean>;
}

/**
 * Index in `others` of the first handle that is the same file or folder as `candidate`, or -1.
 * Two jobs writing one picked file would replace each other's bytes at close, so the engine asks
 * before adding a job. A handle that cannot answer (revoked, from a folder that is gone) counts
 * as a different entry: it cannot be written either.
 */
export async function findSameTarget<H extends SameEntryCheck<H>>(candidate: H, others: readonly H[]): Promise<number> {
  const same = await Promise.all(
    others.map(async (other) => {
      try {
        return await candidate.isSameEntry(other);
      } catch {
        return false;
      }
    }),
  );
  return same.indexOf(true);
}

/**
 * The save picker creates the picked file, empty, before a byte is downloaded. When the download
 * fails before anything was written to it (a server that refuses other sites), that empty file
 * is removed and the job forgets its place: a later Retry asks for one again. A file with bytes in
 * it is never touched. True when the file is gone.
 */
export async function dropUnwrittenPickedFile(job: TargetJob, persist: () => Promise<void>): Promise<boolean> {
  const destination = job.destination;
  if (destination?.kind !== 'file' || !destination.handle.remove) return false;
  try {
    if ((await destination.handle.getFile()).size > 0) return false;
    await destination.handle.remove();
  } catch (error) {
    if (!isDomError(error, 'NotFoundError')) return false;
  }
  job.destination = null;
  await persist();
  return true;
}
