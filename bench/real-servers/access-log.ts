/**
 * Reads the access logs written with nginx.ts's LOG_FORMAT and sums up one phase of a scenario
 * (the app's attempt, aria2c's): requests by method and status, bytes sent, connections, and how
 * many GETs were sending at once. nginx logs a request when it ends, so a request's start is
 * `$msec - $request_time` (millisecond resolution).
 */
import { readFile, stat } from 'node:fs/promises';

export interface LogLine {
  /** End of the request, ms since the epoch. */
  end: number;
  /** Duration, ms. */
  duration: number;
  method: string;
  status: number;
  bodyBytes: number;
  bytesSent: number;
  range: string;
  connection: number;
  protocol: string;
  uri: string;
}

export interface LogSummary {
  requests: number;
  options: number;
  gets: number;
  heads: number;
  byStatus: Record<string, number>;
  bodyBytes: number;
  /** Headers included. */
  bytesSent: number;
  connections: number;
  /** Most GETs answered 200/206 that were in progress at the same moment. */
  maxConcurrent: number;
  protocols: string[];
  /** Median speed of the 206 answers that took at least 0.3 s, MiB/s: the pace limit_rate allowed. */
  paceMiBps: number | null;
}

const LINE = /^(\d+\.\d+) (\S+) (\d+) (\d+) (\d+) "([^"]*)" (\d+) (\d+) (\d+\.\d+) (\S+) "([^"]*)"$/;

export function parseLine(text: string): LogLine | null {
  const m = LINE.exec(text);
  if (m === null) return null;
  const [, msec, method, status, body, sent, range, connection, , time, protocol, uri] = m;
  const end = Number(msec) * 1000;
  return {
    end,
    duration: Number(time) * 1000,
    method: method ?? '',
    status: Number(status),
    bodyBytes: Number(body),
    bytesSent: Number(sent),
    range: range === '-' ? '' : (range ?? ''),
    connection: Number(connection),
    protocol: protocol ?? '',
    uri: uri ?? '',
  };
}

/** Current length of the log: lines after it belong to what comes next. */
export async function logOffset(path: string): Promise<number> {
  return stat(path).then((s) => s.size, () => 0);
}

export async function readLogFrom(path: string, offset: number): Promise<LogLine[]> {
  const text = await readFile(path).then((b) => b.subarray(offset).toString('utf8'), () => '');
  const lines: LogLine[] = [];
  for (const raw of text.split('\n')) {
    if (raw.trim() === '') continue;
    const line = parseLine(raw);
    if (line === null) throw new Error(`unexpected access log line: ${raw}`);
    lines.push(line);
  }
  return lines;
}

export function summarize(lines: readonly LogLine[]): LogSummary {
  const byStatus: Record<string, number> = {};
  for (const l of lines) byStatus[l.status] = (byStatus[l.status] ?? 0) + 1;
  const count = (method: string): number => lines.filter((l) => l.method === method).length;
  return {
    requests: lines.length,
    options: count('OPTIONS'),
    gets: count('GET'),
    heads: count('HEAD'),
    byStatus,
    bodyBytes: lines.reduce((sum, l) => sum + l.bodyBytes, 0),
    bytesSent: lines.reduce((sum, l) => sum + l.bytesSent, 0),
    connections: new Set(lines.map((l) => l.connection)).size,
    maxConcurrent: maxConcurrent(lines.filter((l) => l.method === 'GET' && (l.status === 200 || l.status === 206))),
    protocols: [...new Set(lines.map((l) => l.protocol))].sort(),
    paceMiBps: medianPace(lines),
  };
}

function medianPace(lines: readonly LogLine[]): number | null {
  const paces = lines.filter((l) => l.status === 206 && l.duration >= 300).map((l) => l.bodyBytes / 2 ** 20 / (l.duration / 1000));
  paces.sort((a, b) => a - b);
  return paces.length === 0 ? null : (paces[Math.floor(paces.length / 2)] ?? null);
}

/** Most 200/206 GETs in progress at once among those that started at or after `from` (ms since the epoch). */
export function maxConcurrentFrom(lines: readonly LogLine[], from: number): number {
  return maxConcurrent(lines.filter((l) => l.method === 'GET' && (l.status === 200 || l.status === 206) && l.end - l.duration >= from));
}

function maxConcurrent(lines: readonly LogLine[]): number {
  // Ends sort before starts at the same millisecond: a connection reused at once is not two.
  const events = lines.flatMap((l) => [{ t: l.end - l.duration, d: 1 }, { t: l.end, d: -1 }]);
  events.sort((a, b) => a.t - b.t || a.d - b.d);
  let now = 0;
  let max = 0;
  for (const e of events) {
    now += e.d;
    max = Math.max(max, now);
  }
  return max;
}

export function statusCount(summary: LogSummary, status: number): number {
  return summary.byStatus[String(status)] ?? 0;
}

/**
 * How many 200/206 GETs were in progress over time, sampled every 0.5 s from `from` (ms since the
 * epoch) and run-length encoded, e.g. "0–1.5 s: 2, 1.5–30.5 s: 1, 30.5–38 s: 2".
 */
export function concurrencyTimeline(lines: readonly LogLine[], from: number): string {
  const gets = lines.filter((l) => l.method === 'GET' && (l.status === 200 || l.status === 206));
  const last = Math.max(...gets.map((l) => l.end));
  const runs: Array<{ at: number; n: number }> = [];
  for (let t = from; t <= last; t += 500) {
    const n = gets.filter((l) => l.end - l.duration <= t && l.end > t).length;
    if (runs[runs.length - 1]?.n !== n) runs.push({ at: t, n });
  }
  if (runs.length > 12) {
    const counts = runs.map((r) => r.n);
    return `between ${Math.min(...counts)} and ${Math.max(...counts)}, changing ${runs.length} times`;
  }
  const s = (t: number): string => `${Number(((t - from) / 1000).toFixed(1))}`;
  return runs.map((r, i) => `${s(r.at)}–${s(runs[i + 1]?.at ?? last)} s: ${r.n}`).join(', ');
}
