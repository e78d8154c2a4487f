/**
 * `npm run check:servers [-- --only limit-conn-2,http2] [-- --size 64]`
 *
 * The app against a real nginx configured as people configure it (see scenarios.ts): builds the
 * app and serves it with Vite's preview, starts a private nginx with one server block per
 * scenario, and drives a fresh headless Chromium per scenario from the app's origin to nginx's
 * (cross-origin, as in the issue). Prints a table and writes results/<date>.md. A manual check,
 * like the bench: not part of `npm test`. Everything started is stopped and removed at the end,
 * on an error and on Ctrl-C (../cleanup.ts).
 */
import { mkdir, mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { startAppServer } from '../app-server';
import { startAppAtRevision } from './app-at-revision';
import { installSignalHandlers, onCleanup, shuttingDown } from '../cleanup';
import { localDate, runMain } from '../cli';
import { ensureTool } from '../contenders/cli-tools';
import { describeMachine } from '../machine';
import { freePort, makeCertificate, NGINX_PATH, nginxConf, serverBlock, startNginx, type ServerBlock } from './nginx';
import { parseOptions, selectScenarios } from './options';
import { table, writeReport, type CheckReport } from './report';
import { SCENARIOS } from './scenarios';
import { MiB, writeTestFile } from './test-file';
import type { CaseResult, RunContext, ScenarioReport } from './types';

/** A scenario that hangs beyond its own phase limits is cut off here; its browser goes at clean-up. */
const SCENARIO_LIMIT_MS = 12 * 60_000;

async function main(): Promise<void> {
  const options = parseOptions(process.argv.slice(2));
  process.chdir(fileURLToPath(new URL('../..', import.meta.url)));
  installSignalHandlers();
  const selected = selectScenarios(SCENARIOS, options.only);
  const startedAt = new Date();
  const t0 = performance.now();
  const log = (text: string): void => console.log(`[servers] ${text}`);
  log(`scenarios: ${selected.map((s) => s.id).join(', ')}`);

  const aria2c = await ensureTool('aria2c', 'aria2', true);
  const machine = await describeMachine({ aria2c, curl: { command: 'curl', version: null, absent: 'not used here' } });
  const dir = await mkdtemp(join(tmpdir(), 'rangefetch-servers-'));
  onCleanup(`nginx folder ${dir}`, async () => {
    if (!options.keep) return rm(dir, { recursive: true, force: true });
    // The configuration and logs stay; the test file's bytes do not.
    for (const bulky of ['source.bin', 'www']) await rm(join(dir, bulky), { recursive: true, force: true });
    log(`kept ${dir} (nginx.conf, logs/)`);
  });
  const flagDir = join(dir, 'flags');
  await mkdir(flagDir);
  log(`writing the ${options.sizeMiB} MiB test file…`);
  const file = await writeTestFile(join(dir, 'source.bin'), options.sizeMiB * MiB);

  const blocks: ServerBlock[] = [];
  for (const s of selected) {
    const shape = s.server({ flagDir });
    blocks.push({ id: s.id, port: await freePort(), tls: shape.tls === true, directives: shape.directives, locations: shape.locations ?? [] });
  }
  const tls = blocks.some((b) => b.tls) ? await makeCertificate(dir) : null;
  const nginx = await startNginx(dir, nginxConf(dir, blocks, tls), blocks.map((b) => b.port));
  log(`nginx ${nginx.version} (pid ${nginx.pid}) in ${dir}`);
  log('building the app into a temporary folder…');
  const app = options.appRev === null ? { ...(await startAppServer()), revision: machine.app } : await startAppAtRevision(options.appRev);
  log(`app ${app.url} (${app.revision})`);

  const reports: ScenarioReport[] = [];
  for (const [i, s] of selected.entries()) {
    const block = blocks[i];
    if (block === undefined || shuttingDown()) return;
    log(`── ${s.id}: ${s.title}`);
    const ctx: RunContext = {
      id: s.id,
      origin: `${block.tls ? 'https' : 'http'}://127.0.0.1:${block.port}`,
      appUrl: app.url,
      file,
      docroot: join(dir, 'www'),
      flagDir,
      logPath: nginx.logPath(s.id),
    };
    const s0 = performance.now();
    let result: CaseResult;
    try {
      result = await withLimit(s.run(ctx), SCENARIO_LIMIT_MS);
    } catch (error) {
      // One broken scenario must not cost the others their results.
      const message = error instanceof Error ? error.message : String(error);
      result = { pass: false, outcome: `the check itself failed: ${message.split('\n')[0] ?? message}`, appMs: null, app: null, aria2: null, rowTexts: [], notes: [message.slice(0, 1000)] };
    }
    const report: ScenarioReport = { ...result, id: s.id, group: s.group, title: s.title, expected: s.expected, fileSize: file.size, durationMs: performance.now() - s0 };
    reports.push(report);
    log(`${s.id}: ${report.pass ? 'PASS' : 'FAIL'} — ${report.outcome}`);
  }
  if (shuttingDown()) return;

  const errors = (await nginx.errorLog()).split('\n').filter((l) => /\[(emerg|alert|crit)\]/.test(l));
  const report: CheckReport = {
    date: localDate(startedAt),
    startedAt: startedAt.toISOString(),
    durationMs: performance.now() - t0,
    environment: [
      ['app', app.revision],
      ['nginx', `${nginx.version} (${NGINX_PATH}), worker_processes 2`],
      ['browser', `${machine.chromium}, ${machine.playwright}, headless, fresh profile per scenario`],
      ['aria2c', machine.aria2c],
      ['machine', `${machine.cpu} ×${machine.cores}, ${machine.memoryGiB} GiB, ${machine.kernel}, load ${machine.loadAtStart.join(' ')}`],
      ['file', `${file.size} bytes (${options.sizeMiB} MiB), sha256 ${file.sha256}`],
      ...(errors.length > 0 ? [['nginx errors', errors.slice(-3).join(' | ')] as [string, string]] : []),
    ],
    scenarios: reports,
    configs: Object.fromEntries(blocks.map((b) => [b.id, serverBlock('$TMP', b, tls === null ? null : { cert: '$TMP/cert.pem', key: '$TMP/key.pem' })
      .replaceAll(dir, '$TMP').replace(/127\.0\.0\.1:\d+/, '127.0.0.1:$PORT')])),
  };
  const partial = options.only.length > 0 ? '-partial' : '';
  const size = options.sizeMiB === 256 ? '' : `-${options.sizeMiB}MiB`;
  const rev = options.appRev === null ? '' : `-at-${app.revision.split(' ')[0] ?? options.appRev}`;
  console.log(`\n${table(reports)}\n`);
  const path = await writeReport(report, options.outDir, `${rev}${partial}${size}`);
  log(`wrote ${path}`);
}

function withLimit<T>(promise: Promise<T>, ms: number): Promise<T> {
  let timer: ReturnType<typeof setTimeout> | undefined;
  const limit = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`scenario not done after ${Math.round(ms / 60_000)} min`)), ms);
  });
  return Promise.race([promise, limit]).finally(() => clearTimeout(timer));
}

await runMain('servers', main);
