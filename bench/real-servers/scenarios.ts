/**
 * nginx as people configure it, one server block per case. The add_header lines are the ones found
 * in tutorials: without `always`, nginx adds them only to 200, 201, 204, 206, 301, 302, 303, 304,
 * 307 and 308, so a 404 or 503 reaches the page with no CORS header and fetch() sees a bare
 * TypeError, as if the server refused cross-origin reads.
 */
import { rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { maxConcurrentFrom, statusCount } from './access-log';
import { fraction } from './app-driver';
import { startPacingProxy } from './pacing-proxy';
import { changeUrlCase } from './change-url-case';
import { resultOf, runApp, runAria2Phase, serveFile, type AppRun, type OnState } from './phases';
import { MiB } from './test-file';
import type { CaseResult, RunContext, Scenario, ServerShape } from './types';

const ACAO = 'add_header Access-Control-Allow-Origin *';
const EXPOSE = 'add_header Access-Control-Expose-Headers "Content-Range, ETag, Content-Disposition, Content-Length"';
const always = (directive: string): string => `${directive} always`;
const GOOD_CORS = [ACAO, EXPOSE];
/** How long transient-503 answers 503. */
const DOWN_MS = 5_000;
const seconds = (ms: number): string => `${(ms / 1000).toFixed(1)} s`;

/** The app's run (and aria2c's if asked); passes when the app completes byte-exact and `check` agrees. */
async function download(
  ctx: RunContext,
  path: string,
  opts: { timeoutMs: number; aria2?: boolean; onState?: OnState },
  check: (r: CaseResult, run: AppRun) => { pass: boolean; notes?: string[] } = () => ({ pass: true }),
): Promise<CaseResult> {
  const url = `${ctx.origin}${path}`;
  const run = await runApp(ctx, url, { timeoutMs: opts.timeoutMs, ...(opts.onState ? { onState: opts.onState } : {}) });
  const base = resultOf(run, run.exact);
  const aria2 = opts.aria2 === true ? await runAria2Phase(ctx, url, opts.timeoutMs) : null;
  const extra = check({ ...base, aria2 }, run);
  return { ...base, aria2, pass: run.exact && extra.pass, notes: [...base.notes, ...(extra.notes ?? [])] };
}

const overHttp2 = (r: CaseResult): { pass: boolean; notes?: string[] } =>
  r.app !== null && !r.app.protocols.includes('HTTP/2.0')
    ? { pass: false, notes: [`the app's requests came over ${r.app.protocols.join(', ')}, not HTTP/2`] }
    : { pass: true };

const noOptions = (r: CaseResult): { pass: boolean; notes?: string[] } =>
  r.app !== null && r.app.options > 0 ? { pass: false, notes: [`${r.app.options} OPTIONS (CORS preflights) where none are needed`] } : { pass: true };

function simple(id: string, group: string, title: string, server: ServerShape, expected: string, timeoutMs = 120_000): Scenario {
  return {
    id, group, title, expected,
    server: () => server,
    run: async (ctx) => download(ctx, await serveFile(ctx, `${id}.bin`), { timeoutMs }, noOptions),
  };
}

function limitConn(id: string, cors: string[]): Scenario {
  return {
    id, group: 'limit-conn-2',
    title: `limit_conn 2 per address, limit_rate 4m per request; CORS ${cors[0]?.endsWith('always') ? 'with' : 'without'} always`,
    expected: 'completes unattended (no Retry click), byte-exact; time vs aria2c -x6',
    server: () => ({ directives: [...cors, 'limit_conn perip 2', 'limit_rate 4m'] }),
    run: async (ctx) => download(ctx, await serveFile(ctx, `${id}.bin`), { timeoutMs: 240_000, aria2: true }),
  };
}

export const SCENARIOS: readonly Scenario[] = [
  simple('cors-oneline', 'cors-oneline', 'add_header Access-Control-Allow-Origin * (only; OPTIONS → 405)',
    { directives: [ACAO] }, 'completes byte-exact with 0 OPTIONS'),
  simple('cors-expose', 'cors-expose', 'ACAO * + Expose-Headers (without always)',
    { directives: GOOD_CORS }, 'completes byte-exact with 0 OPTIONS'),
  simple('cors-expose-always', 'cors-expose', 'ACAO * + Expose-Headers, both `always`',
    { directives: GOOD_CORS.map(always) }, 'completes byte-exact with 0 OPTIONS'),
  {
    id: 'redirect', group: 'redirect', title: '/go/… answers `return 302 /files/…` (ACAO + Expose, no always)',
    expected: 'completes byte-exact; requests per piece reported',
    server: () => ({ directives: GOOD_CORS, locations: ['location /go/ {\n  return 302 /files/redirect.bin;\n}'] }),
    run: async (ctx) => {
      await serveFile(ctx, 'redirect.bin');
      return download(ctx, '/go/redirect.bin', { timeoutMs: 120_000 }, (r) => {
        if (r.app === null) return { pass: true };
        const pieces = statusCount(r.app, 206) + statusCount(r.app, 200);
        const perPiece = pieces === 0 ? '–' : (r.app.requests / pieces).toFixed(2);
        return { pass: true, notes: [`${r.app.requests} requests for ${pieces} ranged answers: ${perPiece} requests per piece`] };
      });
    },
  },
  limitConn('limit-conn-2', GOOD_CORS),
  limitConn('limit-conn-2-always', GOOD_CORS.map(always)),
  {
    id: 'errors-without-cors', group: 'errors-without-cors',
    title: 'ACAO + Expose without always, limit_rate 2m; the file is renamed away at 30 % (404 without CORS)',
    expected: 'row offers "Change URL" (not a CORS failure); Change URL to the restored file completes byte-exact',
    server: () => ({ directives: [...GOOD_CORS, 'limit_rate 2m'] }),
    run: changeUrlCase,
  },
  {
    id: 'transient-503', group: 'transient-503',
    title: '/files/ answers 503 without CORS for 5 s from 20 % (flag file), limit_rate 4m',
    expected: 'retries through the 503s and completes byte-exact',
    server: ({ flagDir }) => ({
      directives: [...GOOD_CORS, 'limit_rate 4m'],
      locations: [`location /files/ {\n  if (-f ${join(flagDir, 'transient-503.down')}) {\n    return 503;\n  }\n}`],
    }),
    run: async (ctx) => {
      const flag = join(ctx.flagDir, 'transient-503.down');
      let downAt: number | null = null;
      let upAt: number | null = null;
      const onState: OnState = async (s) => {
        if (downAt !== null || fraction(s) < 0.2) return;
        downAt = Date.now();
        await writeFile(flag, '');
        setTimeout(() => void rm(flag, { force: true }).then(() => void (upAt = Date.now())), DOWN_MS);
      };
      return download(ctx, await serveFile(ctx, 'transient-503.bin'), { timeoutMs: 180_000, onState }, (r, run) => {
        const n503 = r.app === null ? 0 : statusCount(r.app, 503);
        if (n503 === 0) return { pass: false, notes: ['no 503 was served: the down window missed every request'] };
        const notes = [`503 for ${DOWN_MS / 1000} s from ${downAt === null ? '?' : seconds(downAt - run.startedAt)} after the click`];
        if (upAt !== null) {
          const n = maxConcurrentFrom(run.lines, upAt);
          notes.push(`after the window, at most ${n} GET${n === 1 ? '' : 's'} ran at once`);
        }
        return { pass: true, notes };
      });
    },
  },
  {
    id: 'http2', group: 'http2', title: '`listen ssl http2`, self-signed, ACAO + Expose always, limit_rate 4m per request',
    expected: 'completes byte-exact over HTTP/2; time vs aria2c -x6 (HTTP/1.1, 6 TCP connections)',
    server: () => ({ tls: true, directives: [...GOOD_CORS.map(always), 'limit_rate 4m'] }),
    run: async (ctx) => download(ctx, await serveFile(ctx, 'http2.bin'), { timeoutMs: 180_000, aria2: true }, overHttp2),
  },
  {
    id: 'http2-conn-paced', group: 'http2',
    title: '`listen ssl http2`, no limit_rate; a TCP relay in front paces each connection to 4 MiB/s',
    expected: 'completes byte-exact over HTTP/2; time vs aria2c -x6 (one multiplexed connection against six)',
    server: () => ({ tls: true, directives: GOOD_CORS.map(always) }),
    run: async (ctx) => {
      const path = await serveFile(ctx, 'http2-conn-paced.bin');
      const proxy = await startPacingProxy(Number(new URL(ctx.origin).port), 4 * MiB);
      try {
        return await download({ ...ctx, origin: `https://127.0.0.1:${proxy.port}` }, path, { timeoutMs: 240_000, aria2: true }, overHttp2);
      } finally {
        await proxy.close();
      }
    },
  },
  {
    id: 'cors-check-cost', group: 'cors-check-cost', title: 'no CORS header at all',
    expected: 'a CORS message; bytes nginx sent for the attempt reported',
    server: () => ({ directives: [] }),
    run: async (ctx) => {
      const run = await runApp(ctx, `${ctx.origin}${await serveFile(ctx, 'cors-check-cost.bin')}`, { timeoutMs: 60_000 });
      const s = run.end.state;
      const cors = run.end.kind === 'matched' && s?.status === 'failed' && /CORS/.test(s.reason ?? s.text);
      return resultOf(run, cors);
    },
  },
];
