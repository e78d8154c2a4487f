/**
 * The test origin (test/origin) in a child process of its own: generating 1 GiB of bytes is real
 * CPU work, and in the driver's event loop it would compete with Playwright's bookkeeping and
 * skew every timing. It is driven only through its HTTP switches (/__stats, /__reset).
 */
import { spawn } from 'node:child_process';
import { createInterface } from 'node:readline';
import type { FileStats } from '../test/origin/server';
import { killGroup, onCleanup } from './cleanup';

export type { FileStats };

export interface OriginProcess {
  /** e.g. http://127.0.0.1:41234, no trailing slash. */
  url: string;
  pid: number;
  fileUrl(name: string, params?: Record<string, string | number>): string;
  stats(name: string): Promise<FileStats>;
  reset(): Promise<void>;
}

export async function startOriginProcess(): Promise<OriginProcess> {
  // detached: a process group of its own, so clean-up ends npx, tsx and the node it starts.
  const child = spawn('npx', ['tsx', 'test/origin/main.ts', '--port', '0'], {
    detached: true,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const pid = child.pid;
  if (pid === undefined) throw new Error('could not start the test origin (npx tsx test/origin/main.ts)');
  onCleanup('test origin', () => killGroup(pid));

  const stderrTail: string[] = [];
  child.stderr.setEncoding('utf8').on('data', (chunk: string) => {
    stderrTail.push(chunk);
    if (stderrTail.length > 20) stderrTail.shift();
  });
  const url = await new Promise<string>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`the test origin printed no URL in 60 s:\n${stderrTail.join('')}`)), 60_000);
    const lines = createInterface({ input: child.stdout });
    lines.once('line', (line) => {
      clearTimeout(timer);
      resolve(line.trim().replace(/\/$/, ''));
    });
    child.once('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`the test origin exited (${String(code)}) before printing its URL:\n${stderrTail.join('')}`));
    });
  });

  const control = async (path: string, method: 'GET' | 'POST'): Promise<unknown> => {
    const res = await fetch(`${url}${path}`, { method });
    if (!res.ok) throw new Error(`${method} ${path}: HTTP ${res.status} ${await res.text()}`);
    return res.json();
  };

  return {
    url,
    pid,
    fileUrl(name, params = {}) {
      const query = new URLSearchParams(Object.entries(params).map(([k, v]) => [k, String(v)]));
      const search = query.size > 0 ? `?${query.toString()}` : '';
      return `${url}/files/${encodeURIComponent(name)}${search}`;
    },
    // The origin's own JSON shape (see FileStats); nothing else answers on that port.
    stats: async (name) => (await control(`/__stats?name=${encodeURIComponent(name)}`, 'GET')) as FileStats,
    reset: async () => void (await control('/__reset', 'POST')),
  };
}
