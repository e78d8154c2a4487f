/**
 * What the origin's own unit tests (test/unit/origin-*.test.ts) share: one origin per test file,
 * fresh file names, and ways to ask it things, including over a bare socket.
 */
import { connect } from 'node:net';
import { connect as connectHttp2, type ClientHttp2Session, type IncomingHttpHeaders, type OutgoingHttpHeaders, type Settings } from 'node:http2';
import { afterAll } from 'vitest';
import { startOrigin, type Origin, type StartOriginOptions } from './server.ts';

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
  /** The same with any method, e.g. an OPTIONS preflight. */
  rawRequest(method: string, path: string, headers?: Record<string, string>): Promise<{ head: string; bodyLength: number }>;
}

/**
 * Starts the origin of the calling test file, closed after the file's last test. Awaited at the
 * top of the file, so the tests get the origin itself rather than a variable filled in later.
 */
export async function startTestOrigin(opts: StartOriginOptions = {}): Promise<TestOrigin> {
  const origin = await startOrigin(opts);
  afterAll(async () => {
    await origin.close();
  });
  let n = 0;
  return {
    origin,
    fresh: () => `file-${++n}.bin`,
    get: (path, headers = {}) => fetch(`${origin.url}${path}`, { headers }),
    rawGet: (path, headers = {}) => rawRequest(origin, 'GET', path, headers),
    rawRequest: (method, path, headers = {}) => rawRequest(origin, method, path, headers),
  };
}

function rawRequest(
  origin: Origin,
  method: string,
  path: string,
  headers: Record<string, string>,
): Promise<{ head: string; bodyLength: number }> {
  return new Promise((resolve, reject) => {
    const socket = connect(origin.port, '127.0.0.1');
    const chunks: Buffer[] = [];
    const lines = [`${method} ${path} HTTP/1.1`, `Host: 127.0.0.1:${origin.port}`, 'Connection: close', ...Object.entries(headers).map(([k, v]) => `${k}: ${v}`)];
    socket.on('connect', () => socket.write(`${lines.join('\r\n')}\r\n\r\n`));
    socket.on('data', (chunk: Buffer) => chunks.push(chunk));
    socket.on('error', reject);
    socket.on('close', () => {
      const all = Buffer.concat(chunks);
      const split = all.indexOf('\r\n\r\n');
      resolve({ head: all.subarray(0, split).toString('latin1'), bodyLength: all.length - split - 4 });
    });
    socket.setTimeout(5000, () => socket.destroy(new Error(`raw ${method} timed out`)));
  });
}

/** The value of header `name` in a raw response head, null when it is absent. */
export const header = (head: string, name: string): string | null =>
  head
    .split('\r\n')
    .find((line) => line.toLowerCase().startsWith(`${name.toLowerCase()}:`))
    ?.slice(name.length + 1)
    .trim() ?? null;

/** Every value of header `name` in a raw response head, one per header line. */
export const headerLines = (head: string, name: string): string[] =>
  head
    .split('\r\n')
    .filter((line) => line.toLowerCase().startsWith(`${name.toLowerCase()}:`))
    .map((line) => line.slice(name.length + 1).trim());

/** An HTTP/2 session to an origin started with { http2: true }, closed after the file's tests. */
export function http2Session(origin: Origin, settings: Settings = {}): ClientHttp2Session {
  // The origin's certificate is self-signed.
  const session = connectHttp2(origin.url, { rejectUnauthorized: false, settings });
  session.on('error', () => undefined);
  afterAll(() => {
    session.destroy();
  });
  return session;
}

export interface Http2Answer {
  status: number;
  headers: IncomingHttpHeaders;
  body: Buffer;
  /** The RST_STREAM code when the origin reset the stream, undefined when it ended normally. */
  resetCode: number | undefined;
}

/** One request on `session`; resolves when the stream ends or is reset. */
export function http2Request(session: ClientHttp2Session, path: string, headers: OutgoingHttpHeaders = {}): Promise<Http2Answer> {
  return new Promise((resolve, reject) => {
    const stream = session.request({ ':path': path, ...headers });
    const chunks: Buffer[] = [];
    let answer: IncomingHttpHeaders | undefined;
    stream.on('response', (h) => (answer = h));
    stream.on('data', (chunk: Buffer) => chunks.push(chunk));
    stream.on('error', () => undefined);
    stream.on('close', () => {
      if (answer === undefined) return reject(new Error(`no response to ${path} (RST_STREAM ${stream.rstCode})`));
      const resetCode = stream.rstCode === 0 ? undefined : stream.rstCode;
      resolve({ status: Number(answer[':status']), headers: answer, body: Buffer.concat(chunks), resetCode });
    });
    stream.end();
  });
}

export function equalBytes(a: Uint8Array, b: Uint8Array): boolean {
  return Buffer.from(a.buffer, a.byteOffset, a.byteLength).equals(Buffer.from(b.buffer, b.byteOffset, b.byteLength));
}
