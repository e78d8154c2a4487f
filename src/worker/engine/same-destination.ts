import type { Entry } from './job-table';

/** Phases in which a job's copy to its file is still to come. */
const FINISHED = new Set(['completed', 'canceled', 'removed', 'damaged']);

/**
 * The job that will still write the picked file `handle`, if any: two jobs writing one file
 * would each replace the other's copy when it closes.
 */
export async function findSameFile(handle: FileSystemFileHandle, entries: readonly Entry[]): Promise<Entry | null> {
  for (const entry of entries) {
    const destination = entry.record.destination;
    if (destination?.kind !== 'file' || FINISHED.has(entry.phase.kind)) continue;
    try {
      if (await destination.handle.isSameEntry(handle)) return entry;
    } catch {
      // A handle the browser no longer recognises (its file was deleted) is not the same file.
    }
  }
  return null;
}
