/** The loop of the app-only scenarios (resume, crash): runs on a settled machine and a reset origin. */
import { shuttingDown } from './cleanup';
import { settle } from './settle';
import type { BenchEnv } from './types';

/**
 * Runs `once` `runs` times, each after the machine settles and the origin forgets its counts;
 * a run that throws is a failure (its first line kept), not the end of the scenario.
 */
export async function repeatRuns<R>(
  env: BenchEnv,
  runs: number,
  label: string,
  once: () => Promise<R>,
  describe: (run: R) => string,
): Promise<{ runs: R[]; failures: string[] }> {
  const result: { runs: R[]; failures: string[] } = { runs: [], failures: [] };
  for (let i = 0; i < runs; i++) {
    if (shuttingDown()) throw new Error('interrupted');
    const tag = `[bench] ${label} · app ${i + 1}/${runs}`;
    await settle();
    await env.origin.reset();
    try {
      const run = await once();
      result.runs.push(run);
      console.log(`${tag}: ${describe(run)}`);
    } catch (error) {
      const message = error instanceof Error ? error.message : String(error);
      result.failures.push(message.split('\n')[0] ?? message);
      console.log(`${tag}: FAILED ${message}`);
    }
  }
  return result;
}
