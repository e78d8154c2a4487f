import { createSHA256 } from 'hash-wasm';
import type { JobRecord } from '../storage/job-record';
import { openStagedFile } from '../storage/staging';
import type { CopyOutcome } from './staged-copy';

/** Read and hashed in blocks this large; the thread is given back between blocks. */
const BLOCK = 4 << 20;

const yieldThread = (): Promise<void> => new Promise((resolve) => setTimeout(resolve, 0));

/**
 * For a download saved to the browser's downloads the staged file is the saved one: nothing is
 * copied, but the file is checked where it lies — its full size, and its SHA-256 against the one
 * the person gave — before the browser gets it. The thread is given back between blocks, so the
 * other downloads' streams keep flowing while a large file is hashed.
 */
export async function checkKeptFile(job: JobRecord, signal: AbortSignal): Promise<CopyOutcome> {
  const staged = await openStagedFile(job.id);
  try {
    const size = job.size ?? staged.getSize();
    // Never a short file: the staged bytes must all be there.
    if (staged.getSize() < size) throw new Error(`Only ${staged.getSize()} of ${size} bytes are staged`);
    // The browser gets the staged file as it lies, so it must not be a byte longer than the file.
    if (staged.getSize() > size) {
      staged.truncate(size);
      staged.flush();
    }
    const hasher = await createSHA256();
    hasher.init();
    const block = new Uint8Array(Math.min(BLOCK, Math.max(size, 1)));
    for (let at = 0; at < size; ) {
      signal.throwIfAborted();
      const want = Math.min(block.length, size - at);
      const view = block.subarray(0, want);
      const read = staged.read(view, { at });
      if (read !== want) throw new Error(`Could read only ${at + read} of ${size} staged bytes`);
      hasher.update(view);
      at += want;
      await yieldThread();
    }
    const sha256 = hasher.digest('hex');
    if (job.expectedSha256 !== null && sha256 !== job.expectedSha256) return { kind: 'mismatch', sha256 };
    return { kind: 'done', sha256 };
  } finally {
    staged.close();
  }
}
