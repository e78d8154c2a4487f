/**
 * `npm run bench [-- --quick] [-- --runs N] [-- --only fast,many]`
 *
 * Builds the app, starts the test origin in its own process, then runs each scenario with every
 * contender (fresh headless Chromium per browser run), alternating them, and writes
 * bench/results/<date>.json and .md. See bench/README.md.
 */
import { fileURLToPath } from 'node:url';
import { startAppServer } from './app-server';
import { installSignalHandlers, shuttingDown } from './cleanup';
import { localDate, runMain } from './cli';
import { appContender } from './contenders/app';
import { browserDownloadContender } from './contenders/browser-download';
import { ceilingContender } from './contenders/ceiling';
import { aria2cContender, curlContender, ensureTool } from './contenders/cli-tools';
import { describeMachine } from './machine';
import { parseOptions } from './options';
import { startOriginProcess } from './origin';
import { writeReport, markdown, type BenchReport } from './report';
import { scenarios, type Contenders, type ScenarioResult } from './scenarios';
import { formatMs } from './stats';
import type { BenchEnv } from './types';

async function main(): Promise<void> {
  const options = parseOptions(process.argv.slice(2));
  // Paths below (test/origin, vite.config.ts, node_modules) are relative to the project root.
  process.chdir(fileURLToPath(new URL('..', import.meta.url)));
  installSignalHandlers();
  const startedAt = new Date();
  const t0 = performance.now();
  console.log(`[bench] scenarios: ${options.only.join(', ')}; ${options.runs} run(s) each${options.quick ? ' (quick)' : ''}`);

  const [aria2c, curl] = [await ensureTool('aria2c', 'aria2', options.install), await ensureTool('curl', 'curl', options.install)];
  const machine = await describeMachine({ aria2c, curl });
  console.log(`[bench] ${machine.cpu} ×${machine.cores}, ${machine.memoryGiB} GiB; ${machine.chromium}; aria2c: ${machine.aria2c}; curl: ${machine.curl}`);

  console.log('[bench] building the app into a temporary folder…');
  const app = await startAppServer();
  const origin = await startOriginProcess();
  console.log(`[bench] app ${app.url} · origin ${origin.url} (pid ${origin.pid})`);
  const env: BenchEnv = { origin, appUrl: app.url };
  const contenders: Contenders = {
    app: appContender(env),
    ceiling: ceilingContender(env),
    browser: browserDownloadContender(env),
    aria2c: aria2cContender(aria2c),
    curl: curlContender(curl),
  };

  const results: ScenarioResult[] = [];
  for (const def of scenarios(env, contenders, options)) {
    if (!options.only.includes(def.id)) continue;
    if (shuttingDown()) return;
    console.log(`[bench] ── ${def.title}`);
    const s0 = performance.now();
    try {
      results.push({ id: def.id, title: def.title, ...(await def.run()), durationMs: performance.now() - s0 });
    } catch (error) {
      // One broken scenario should not cost the results of the others.
      const message = error instanceof Error ? error.message : String(error);
      console.error(`[bench] ${def.title} failed: ${message}`);
      results.push({ id: def.id, title: def.title, description: `Failed: ${message}`, rows: [], targets: [], notes: [], durationMs: performance.now() - s0 });
    }
    console.log(`[bench] ${def.title} took ${formatMs(performance.now() - s0)}`);
  }

  // Interrupted: what was measured is incomplete, and must not replace a full result file.
  if (shuttingDown()) return;
  const finishedAt = new Date();
  const report: BenchReport = {
    date: localDate(startedAt),
    startedAt: startedAt.toISOString(),
    finishedAt: finishedAt.toISOString(),
    durationMs: performance.now() - t0,
    options,
    machine,
    scenarios: results,
  };
  const files = await writeReport(report);
  console.log(`\n${markdown(report)}`);
  console.log(`[bench] wrote ${files.json} and ${files.md}`);
}

await runMain('bench', main);
