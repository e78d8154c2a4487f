/**
 * What the origin's own unit tests (test/unit/origin-*.test.ts) share: one origin per test file,
 * fresh file names, and ways to ask it things, including over a bare socket.
 */
import { connect } from 'node:net';
import { afterAll } from 'vitest';
import { startOrigin, type Origin } from './server.ts';

export interface TestOrigin {
  origin: Origin;
  /** A fresh name per test keeps stats and fault counters independent. */
  fresh(): string;
  get(path: string, headers?: Record<string, string>): Promise<Response>;
  /**
   * GET over a bare socket: Node's own clients refuse the hostile headers lie= sends, which is the
   * point of them. Returns the status line and headers as sent, and how many body bytes came
   * before the origin closed the connection.
   */
  rawGet(path: string, headers?: Record<string, string>): Promise<{ head: string; bodyLength: number }>;
}

/**
 * Starts the origin of the calling test file, closed after the file's last test. Awaited at the
 * top of the file, so the tests get the origin itself rather than a variable filled in later.
 */
export async function startTestOrigin(): Promise<TestOrigin> {
  const origin = await startOrigin();
  afterAll(async () => {
    await origin.close();
  });
  let n = 0;
  return {
    origin,
    fresh: () => `file-${++n}.bin`,
    get: (path, headers = {}) => fetch(`${origin.url}${path}`, { headers }),
    rawGet: (path, headers = {}) =>
      new Promise((resolve, reject) => {
        const socket = connect(origin.port, '127.0.0.1');
        const chunks: Buffer[] = [];
        const lines = [`GET ${path} HTTP/1.1`, `Host: 127.0.0.1:${origin.port}`, 'Connection: close', ...Object.entries(headers).map(([k, v]) => `${k}: ${v}`)];
        socket.on('connect', () => socket.write(`${lines.join('\r\n')}\r\n\r\n`));
        socket.on('data', (chunk: Buffer) => chunks.push(chunk));
        socket.on('error', reject);
        socket.on('close', () => {
          const all = Buffer.concat(chunks);
          const split = all.indexOf('\r\n\r\n');
          resolve({ head: all.subarray(0, split).toString('latin1'), bodyLength: all.length - split - 4 });
        });
        socket.setTimeout(5000, () => socket.destroy(new Error('raw GET timed out')));
      }),
  };
}

/** The value of header `name` in a raw response head, null when it is absent. */
export const header = (head: string, name: string): string | null =>
  head
    .split('\r\n')
    .find((line) => line.toLowerCase().startsWith(`${name.toLowerCase()}:`))
    ?.slice(name.length + 1)
    .trim() ?? null;

export function equalBytes(a: Uint8Array, b: Uint8Array): boolean {
  return Buffer.from(a.buffer, a.byteOffset, a.byteLength).equals(Buffer.from(b.buffer, b.byteOffset, b.byteLength));
}
