import { findSameTarget } from '../copy/save-target';
import type { Entry } from './job-table';

/** Phases in which a job's copy to its file is still to come. */
const FINISHED = new Set(['completed', 'canceled', 'removed', 'damaged']);

/**
 * The job that will still write the picked file `handle`, if any: two jobs writing one file
 * would each replace the other's copy when it closes.
 */
export async function findSameFile(handle: FileSystemFileHandle, entries: readonly Entry[]): Promise<Entry | null> {
  const writers = entries.flatMap((entry) => {
    const destination = entry.record.destination;
    return destination?.kind === 'file' && !FINISHED.has(entry.phase.kind) ? [{ entry, handle: destination.handle }] : [];
  });
  const index = await findSameTarget(handle, writers.map((w) => w.handle));
  return writers[index]?.entry ?? null;
}
