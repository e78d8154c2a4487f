/**
 * Chromium's own download manager on the same URLs: a link the origin answers with
 * `Content-Disposition: attachment`, one connection per file, saved by the browser to disk.
 */
import type { Download } from 'playwright-core';
import { stat } from 'node:fs/promises';
import { launchBrowser } from '../browser';
import { cpuFields, meterProcessTree } from '../cpu';
import { memoryFields, sampleProcessTree } from '../memory';
import { prepareDownloadLinksExpression, startDownloadsExpression } from '../page-scripts';
import { runTimeoutMs, type BenchEnv, type Contender, type Measurement } from '../types';
import { waitWithTimeout } from './app';

export function browserDownloadContender(env: BenchEnv): Contender {
  return {
    id: 'browser',
    label: "Browser's own download",
    method: (w) =>
      w.files.length === 1
        ? 'click on <a href> (Content-Disposition: attachment), until the download completes'
        : '<a download> links clicked at once (≤10 per frame: Chromium’s limit), until all complete',
    absent: null,
    async run(workload, opts) {
      const session = await launchBrowser({ replacePickers: false });
      const downloads: Download[] = [];
      try {
        const { page } = session;
        // A page on the files' own origin: `download` links to it are honoured (cross-origin
        // they are ignored), which lets many downloads start without one navigation each.
        await page.goto(`${env.origin.url}/samples`);
        const single = workload.files.length === 1;
        const [first] = workload.files;
        if (single && first !== undefined) {
          await page.evaluate(
            `(() => { document.body.innerHTML = ''; const a = document.createElement('a'); a.id = 'file'; a.href = ${JSON.stringify(first.url)}; a.textContent = 'Download'; document.body.append(a); })()`,
          );
        } else {
          await page.evaluate(prepareDownloadLinksExpression(workload.files.map((f) => f.url)));
        }
        const all = new Promise<void>((resolve) => {
          page.on('download', (download) => {
            downloads.push(download);
            if (downloads.length === workload.files.length) resolve();
          });
        });
        const sampler = opts.sampleMemory ? sampleProcessTree(session.pid) : null;
        const cpu = await meterProcessTree(session.pid);
        const started = performance.now();
        if (single) await page.click('#file');
        else await page.evaluate(startDownloadsExpression);
        // path() resolves once the download has finished (and rejects if it failed).
        const paths = waitWithTimeout(
          all.then(() => Promise.all(downloads.map((d) => d.path()))),
          runTimeoutMs(workload),
          session,
        );
        const done = await paths;
        const ms = performance.now() - started;
        const cpuUsed = await cpu.stop();
        const memory = await sampler?.stop();
        let bytes = 0;
        for (const path of done) bytes += (await stat(path)).size;
        if (bytes !== workload.totalBytes) throw new Error(`saved ${bytes} bytes, expected ${workload.totalBytes}`);
        const result: Measurement = { ms, bytes };
        Object.assign(result, memoryFields(memory), cpuFields(cpuUsed));
        return result;
      } finally {
        await Promise.all(downloads.map((d) => d.delete().catch(() => undefined)));
        await session.close();
      }
    },
  };
}
