/**
 * One Web Lock per job: only the tab holding it fetches and writes that job's bytes. A lock is
 * released when its page or worker goes away, which is how another tab learns it may take over.
 */
function jobLockName(id: string): string {
  return `rangefetch-job-${id}`;
}

/**
 * Takes the job's lock if no tab holds it and runs `hold` while holding it; `busy` runs instead
 * when another tab holds it.
 */
export async function tryJobLock(id: string, hold: () => Promise<void>, busy: () => void): Promise<void> {
  await navigator.locks.request(jobLockName(id), { ifAvailable: true }, async (lock) => {
    if (lock) await hold();
    else busy();
  });
}

/** Waits in line for the job's lock (until `signal` aborts), then runs `hold` while holding it. */
export async function waitForJobLock(id: string, signal: AbortSignal, hold: () => Promise<void>): Promise<void> {
  await navigator.locks.request(jobLockName(id), { signal }, hold);
}
