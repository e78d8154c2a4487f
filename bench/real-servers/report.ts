/** The table printed at the end and the results file: bench/real-servers/results/<date>.md. */
import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { statusCount, type LogSummary } from './access-log';
import { ARIA2_ARGS } from './aria2';
import type { ScenarioReport } from './types';

export interface CheckReport {
  date: string;
  startedAt: string;
  durationMs: number;
  /** Where the app was built from, nginx, Chromium, aria2c, the machine. */
  environment: Array<[string, string]>;
  scenarios: ScenarioReport[];
  /** The server block of each scenario as nginx read it. */
  configs: Record<string, string>;
}

const MB = (bytes: number): string => `${(bytes / 1e6).toFixed(1)} MB`;
const seconds = (ms: number | null): string => (ms === null ? '–' : `${(ms / 1000).toFixed(1)} s`);
const cell = (text: string): string => text.replace(/\|/g, '\\|').replace(/\n/g, ' ');

function sent(log: LogSummary | null, size: number): string {
  if (log === null) return '–';
  return `${MB(log.bytesSent)} (${(log.bytesSent / size).toFixed(2)}×)`;
}

const plural = (n: number, word: string): string => `${n} ${word}${n === 1 ? '' : 's'}`;

function pace(log: LogSummary): string {
  return log.paceMiBps === null ? '' : `, median ${log.paceMiBps.toFixed(1)} MiB/s per 206 answer`;
}

function aria2Cell(r: ScenarioReport): string {
  const a = r.aria2;
  if (a === null) return '–';
  const more = `, max ${a.log.maxConcurrent} at once, ${statusCount(a.log, 503)}×503`;
  const ratio = a.ok && r.appMs !== null && r.pass ? ` (app ${(r.appMs / a.ms).toFixed(2)}×)` : '';
  return a.ok ? `${seconds(a.ms)}${ratio}${more}` : `failed after ${seconds(a.ms)}: ${a.outcome}${more}`;
}

const HEADER = ['scenario', 'result', 'outcome', 'app time', 'OPTIONS', 'GETs', 'HEADs', '302', '503', '404', 'sent by nginx (× file)', 'max concurrent GETs', 'TCP conns', 'protocol', `aria2c ${ARIA2_ARGS.slice(0, 2).join(' ')} (app time ÷ aria2c time)`];

function row(r: ScenarioReport): string[] {
  const a = r.app;
  const n = (f: (l: LogSummary) => number): string => (a === null ? '–' : String(f(a)));
  return [
    r.id, r.pass ? 'PASS' : 'FAIL', r.outcome, seconds(r.appMs),
    n((l) => l.options), n((l) => l.gets), n((l) => l.heads),
    n((l) => statusCount(l, 302)), n((l) => statusCount(l, 503)), n((l) => statusCount(l, 404)),
    sent(a, r.fileSize), n((l) => l.maxConcurrent), n((l) => l.connections), a === null ? '–' : a.protocols.join(' '),
    aria2Cell(r),
  ];
}

export function table(scenarios: readonly ScenarioReport[]): string {
  const lines = [HEADER, HEADER.map(() => '---'), ...scenarios.map(row)];
  return lines.map((cells) => `| ${cells.map(cell).join(' | ')} |`).join('\n');
}

export function markdown(report: CheckReport): string {
  const out: string[] = [
    `# Rangefetch against a real nginx — ${report.date}`,
    '',
    '`npm run check:servers` (bench/real-servers). Every request below was counted from nginx\'s own access log',
    '(`$msec $request_method $status $body_bytes_sent $bytes_sent $http_range $connection $connection_requests $request_time $server_protocol`);',
    '"sent" is `$bytes_sent` (headers included) summed over the app\'s attempt; "max concurrent GETs" counts 200/206 answers',
    'in progress at once, each spanning `$msec - $request_time` … `$msec` (meaningful where `limit_rate` paces requests:',
    'unthrottled, nginx is done with a piece once it sits in the socket buffers). The page is on another origin than nginx.',
    'nginx\'s `limit_rate` is per request (per HTTP/2 stream) and lets a request send `limit_rate × (seconds since it began + 1)`:',
    'short requests (the app\'s pieces) run faster than the nominal rate, long ones (aria2c\'s segments) near it — see the',
    'median pace per answer. `http2-conn-paced` paces each TCP connection instead, with a relay in front of nginx.',
    '',
    ...report.environment.map(([k, v]) => `- ${k}: ${v}`),
    `- started ${report.startedAt}, took ${seconds(report.durationMs)}`,
    '',
    table(report.scenarios),
    '',
  ];
  for (const r of report.scenarios) {
    out.push(`## ${r.id} — ${r.pass ? 'PASS' : 'FAIL'}`, '', `${r.title}.`, '', `- expected: ${r.expected}`, `- outcome: ${r.outcome}`);
    if (r.app !== null) {
      const statuses = Object.entries(r.app.byStatus).map(([s, c]) => `${c}×${s}`).join(', ');
      out.push(`- nginx, app's attempt: ${r.app.requests} requests (${statuses}), body ${MB(r.app.bodyBytes)}, sent ${MB(r.app.bytesSent)} for a ${MB(r.fileSize)} file, ${plural(r.app.connections, 'connection')}, max ${r.app.maxConcurrent} GETs at once${pace(r.app)}`);
    }
    if (r.timeline !== undefined) out.push(`- GETs in progress, by time since the click: ${r.timeline}`);
    if (r.aria2 !== null) {
      const statuses = Object.entries(r.aria2.log.byStatus).map(([s, c]) => `${c}×${s}`).join(', ');
      out.push(`- aria2c ${ARIA2_ARGS.join(' ')}: ${r.aria2.ok ? 'byte-exact' : r.aria2.outcome} in ${seconds(r.aria2.ms)}; ${r.aria2.log.requests} requests (${statuses}), sent ${MB(r.aria2.log.bytesSent)}, max ${r.aria2.log.maxConcurrent} GETs at once${pace(r.aria2.log)}`);
    }
    if (r.rowTexts.length > 0) out.push(`- the row said: ${r.rowTexts.map((t) => `"${t}"`).join('; ')}`);
    for (const note of r.notes) out.push(`- ${note}`);
    out.push(`- scenario wall time ${seconds(r.durationMs)}`, '', '```nginx', report.configs[r.id] ?? '', '```', '');
  }
  return out.join('\n');
}

export async function writeReport(report: CheckReport, outDir: string, suffix: string): Promise<string> {
  await mkdir(outDir, { recursive: true });
  const path = join(outDir, `${report.date}${suffix}.md`);
  await writeFile(path, markdown(report));
  return path;
}
