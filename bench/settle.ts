/**
 * Flushes dirty pages to disk before a run. A 2 GiB app run writes 4 GiB (staging + final copy);
 * left to the kernel's writeback, that I/O would land on whichever contender runs next and bill
 * it for the previous one's disk work.
 */
import { execFile } from 'node:child_process';
import { promisify } from 'node:util';

const run = promisify(execFile);

export async function settle(): Promise<void> {
  await run('sync', [], { timeout: 120_000 }).catch(() => undefined);
}
