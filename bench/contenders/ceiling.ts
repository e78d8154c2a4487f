/**
 * The ceiling for any in-page downloader: the same browser fetching the same bytes over the same
 * number of parallel requests, from a dedicated worker on the app's origin, and throwing them away.
 * No storage, no progress records, no final copy — whatever the app spends on those shows as the
 * gap to this row.
 */
import { launchBrowser } from '../browser';
import { cpuFields, meterProcessTree } from '../cpu';
import { memoryFields, sampleProcessTree } from '../memory';
import { fetchAndDiscardExpression, type FetchJob } from '../page-scripts';
import { runTimeoutMs, type BenchEnv, type Contender, type Measurement, type Workload } from '../types';
import { waitWithTimeout } from './app';

/** Chromium's HTTP/1.1 limit per host, and what the app uses. */
export const PARALLEL = 6;

export function ceilingContender(env: BenchEnv): Contender {
  return {
    id: 'ceiling',
    label: 'Ceiling: fetch and discard',
    method: (w) =>
      w.files.length === 1
        ? `worker on the app's origin: ${PARALLEL} Range requests at once, bodies read and dropped`
        : `worker on the app's origin: ${PARALLEL} files at once (Range: bytes=0-), bodies read and dropped`,
    absent: null,
    async run(workload, opts) {
      const session = await launchBrowser({ replacePickers: false });
      try {
        // A static file of the app's origin: its origin without running the app itself.
        await session.page.goto(new URL('favicon.svg', env.appUrl).href);
        const expression = fetchAndDiscardExpression(fetchJobs(workload), PARALLEL);
        const sampler = opts.sampleMemory ? sampleProcessTree(session.pid) : null;
        const cpu = await meterProcessTree(session.pid);
        const started = performance.now();
        // The expression resolves to the byte count (page-scripts.ts).
        const bytes = (await waitWithTimeout(session.page.evaluate(expression), runTimeoutMs(workload), session)) as number;
        const ms = performance.now() - started;
        const cpuUsed = await cpu.stop();
        const memory = await sampler?.stop();
        if (bytes !== workload.totalBytes) throw new Error(`read ${bytes} bytes, expected ${workload.totalBytes}`);
        const result: Measurement = { ms, bytes };
        Object.assign(result, memoryFields(memory), cpuFields(cpuUsed));
        return result;
      } finally {
        await session.close();
      }
    },
  };
}

/** One file: PARALLEL equal ranges. Several files: each whole, as the app's first request asks. */
function fetchJobs(workload: Workload): FetchJob[] {
  const [only] = workload.files;
  if (workload.files.length === 1 && only !== undefined && only.size >= PARALLEL) {
    const part = Math.ceil(only.size / PARALLEL);
    const jobs: FetchJob[] = [];
    for (let start = 0; start < only.size; start += part) {
      jobs.push({ url: only.url, range: `bytes=${start}-${Math.min(start + part, only.size) - 1}` });
    }
    return jobs;
  }
  return workload.files.map((f) => ({ url: f.url, range: 'bytes=0-' }));
}
