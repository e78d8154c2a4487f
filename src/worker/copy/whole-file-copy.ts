import { CopierLostError } from './copier-client';
import { StagedCopy, type CopyOutcome } from './staged-copy';
import { DownloadError, isPermissionError } from '../download-error';
import type { JobRecord } from '../storage/job-record';
import { openStagedFile, stagedFileHandle } from '../storage/staging';

/**
 * A copier that dies or hangs fails the copy with CopierLostError; the staged file is intact, so
 * the copy simply starts again, up to this many times before the job fails (with Retry).
 */
const MAX_COPIER_LOSSES = 3;

/** Reads the staged file as a File (a snapshot: only valid while nothing writes to it). */
export function stagedSnapshot(jobId: string): () => Promise<File> {
  return async () => (await stagedFileHandle(jobId)).getFile();
}

/** The whole copy at once, for a job whose bytes were all staged before the copy could start. */
export async function copyWholeStagedFile(job: JobRecord, persist: () => Promise<void>, signal: AbortSignal): Promise<CopyOutcome> {
  let asBlob = true;
  for (let losses = 0; ; ) {
    try {
      return await copyOnce(job, persist, signal, asBlob);
    } catch (error) {
      signal.throwIfAborted();
      if (error instanceof CopierLostError) {
        if (++losses >= MAX_COPIER_LOSSES) throw error;
        console.warn('The copy worker was lost; copying the staged file again', error);
        continue;
      }
      if (!asBlob) throw readable(error);
      // Once more block by block, which fails (if it does) with the real reason.
      console.warn('Copying the staged file as a Blob failed; copying it block by block', error);
      asBlob = false;
    }
  }
}

async function copyOnce(job: JobRecord, persist: () => Promise<void>, signal: AbortSignal, asBlob: boolean): Promise<CopyOutcome> {
  const staged = await openStagedFile(job.id);
  try {
    const size = job.size ?? staged.getSize();
    // Never a short file: the staged bytes must be all there before any is copied.
    if (staged.getSize() < size) throw new Error(`Only ${staged.getSize()} of ${size} bytes are staged`);
    const copy = await StagedCopy.open(job, persist, (into, at) => staged.read(into, { at }), signal);
    if (!(copy instanceof StagedCopy)) return copy;
    try {
      const outcome = await copy.finish(size, job.expectedSha256, asBlob ? stagedSnapshot(job.id) : null);
      signal.throwIfAborted();
      return outcome;
    } catch (error) {
      if (isPermissionError(error)) return { kind: 'needs-permission' };
      throw error;
    }
  } finally {
    staged.close();
  }
}

/**
 * A TypeError from the file system (a name or an argument it refused) would otherwise read as
 * "The connection failed" — after every byte had arrived.
 */
function readable(error: unknown): unknown {
  if (error instanceof DownloadError || !(error instanceof TypeError)) return error;
  return new DownloadError('storage', `Could not write the picked file (${error.message})`, false);
}
