import { isDomError } from '../download-error';
/**
 * Bytes are staged in the origin-private file system through a sync access handle: it writes in
 * place at an offset and flush() makes the bytes durable, which a writable stream cannot (its swap
 * file is thrown away on a crash before close()). Only this app's own directory is touched.
 */
const STAGING_DIR = 'rangefetch-staging';

let cachedDir: Promise<FileSystemDirectoryHandle> | null = null;

/** The folder is looked up once: each lookup is two round trips to the browser, per job. */
function stagingDir(): Promise<FileSystemDirectoryHandle> {
  cachedDir ??= navigator.storage.getDirectory().then((root) => root.getDirectoryHandle(STAGING_DIR, { create: true }));
  cachedDir.catch(() => {
    cachedDir = null;
  });
  return cachedDir;
}

/** Runs `use` on the staging folder, looking it up again if it went away (site data cleared). */
async function inStagingDir<T>(use: (dir: FileSystemDirectoryHandle) => Promise<T>): Promise<T> {
  try {
    return await use(await stagingDir());
  } catch (error) {
    if (!isDomError(error, 'NotFoundError')) throw error;
    cachedDir = null;
    return use(await stagingDir());
  }
}

function stagingFileName(jobId: string): string {
  return `${jobId}.part`;
}

export function stagedFileHandle(jobId: string): Promise<FileSystemFileHandle> {
  return inStagingDir((dir) => dir.getFileHandle(stagingFileName(jobId), { create: true }));
}

const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

/**
 * After a reload the previous worker's handle may still hold the file's exclusive lock for a
 * moment while its process winds down, so a NoModificationAllowedError is retried for a while.
 */
export async function openStagedFile(jobId: string): Promise<FileSystemSyncAccessHandle> {
  const file = await stagedFileHandle(jobId);
  for (let attempt = 0; ; attempt++) {
    try {
      return await file.createSyncAccessHandle();
    } catch (error) {
      const locked = isDomError(error, 'NoModificationAllowedError');
      if (!locked || attempt >= 50) throw error;
      await sleep(100);
    }
  }
}

export async function deleteStagedFile(jobId: string): Promise<void> {
  const dir = await stagingDir();
  try {
    await dir.removeEntry(stagingFileName(jobId));
  } catch (error) {
    if (!isDomError(error, 'NotFoundError')) throw error;
  }
}

/**
 * Removes staged files that no job refers to (left behind by a crash in the middle of clean-up).
 * The ids are asked for after listing the folder, so a job created meanwhile (in another tab)
 * is known by then: its record is always stored before its staged file is created.
 */
export async function removeOrphanedStagedFiles(liveJobIds: () => Promise<ReadonlySet<string>>): Promise<number> {
  const dir = await stagingDir();
  const names: string[] = [];
  for await (const name of dir.keys()) names.push(name);
  const live = await liveJobIds();
  const orphans = names.filter((name) => {
    const id = name.endsWith('.part') ? name.slice(0, -'.part'.length) : null;
    return id === null || !live.has(id);
  });
  for (const name of orphans) {
    await dir.removeEntry(name).catch(() => undefined);
  }
  return orphans.length;
}
