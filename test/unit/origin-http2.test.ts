/**
 * The origin over HTTPS with HTTP/2 (startOrigin({ http2: true })): the same routes and switches,
 * stats.protocols, cuts that reset one stream, and connrate= shared by the streams of a session.
 */
import { Agent, get as httpsGet } from 'node:https';
import type { TLSSocket } from 'node:tls';
import { afterAll, describe, expect, it, vi } from 'vitest';
import { contentSeed, fillBytes } from '../origin/bytes';
import { equalBytes, http2Request, http2Session, startTestOrigin } from '../origin/test-client';

const { origin, fresh } = await startTestOrigin({ http2: true });
const session = http2Session(origin);
// Node warns (once per process) when a response has a header or a reason phrase HTTP/2 forbids.
const warnings: string[] = [];
const onWarning = (w: Error): void => void warnings.push(w.message);
process.on('warning', onWarning);
afterAll(() => void process.off('warning', onWarning));

function expectedBytes(name: string, from: number, length: number): Uint8Array {
  const out = new Uint8Array(length);
  fillBytes(out, from, contentSeed(name, undefined, 0));
  return out;
}

/** A GET over HTTP/1.1 on TLS, as a client without h2 in its ALPN list makes it. */
function http1Get(path: string): Promise<{ status: number; alpn: string | false | null; length: number }> {
  return new Promise((resolve, reject) => {
    const agent = new Agent({ rejectUnauthorized: false, ALPNProtocols: ['http/1.1'], keepAlive: false });
    httpsGet(`${origin.url}${path}`, { agent }, (res) => {
      let length = 0;
      res.on('data', (chunk: Buffer) => (length += chunk.length));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, alpn: (res.socket as TLSSocket).alpnProtocol, length }));
    }).on('error', reject);
  });
}

describe('test origin over HTTP/2', () => {
  it('serves ranges over h2 and HTTP/1.1 on the same https URL, and records each protocol', async () => {
    expect(origin.url).toMatch(/^https:\/\/127\.0\.0\.1:\d+$/);
    const name = fresh();
    const answer = await http2Request(session, `/files/${name}?size=100000`, { range: 'bytes=1000-1999' });
    expect(answer.status).toBe(206);
    expect(answer.headers['content-range']).toBe('bytes 1000-1999/100000');
    expect(answer.headers['access-control-allow-origin']).toBe('*');
    expect(equalBytes(answer.body, expectedBytes(name, 1000, 1000))).toBe(true);
    const old = await http1Get(`/files/${name}?size=100000`);
    expect(old).toEqual({ status: 200, alpn: 'http/1.1', length: 100000 });
    expect(origin.stats(name).protocols).toEqual(['2.0', '1.1']);

    const samples = (await http2Request(session, '/samples')).body.toString();
    expect(JSON.parse(samples)[0].url).toMatch(new RegExp(`^https://127\\.0\\.0\\.1:${origin.port}/files/`));
  });

  it('leaves out connection-specific headers and reason phrases; dup416 still doubles the header', async () => {
    const name = fresh();
    const short = await http2Request(session, `/files/${name}?size=5000&short=100`);
    expect(short.status).toBe(200);
    expect(short.headers.connection).toBeUndefined();
    expect(short.headers['content-length']).toBe('5000');
    expect(short.body.length).toBe(4900);
    const failed = await http2Request(session, `/files/${name}?size=100&fail=503&reason=Busy`);
    expect(failed.status).toBe(503);
    const twice = await http2Request(session, `/files/${name}?size=100&dup416=1`, { range: 'bytes=500-' });
    expect(twice.status).toBe(416);
    // Node's client joins repeated fields into one value.
    expect(twice.headers['access-control-allow-origin']).toBe('*, *');
    const refused = await http2Request(session, `/files/${name}?options=405`, { ':method': 'OPTIONS' });
    expect(refused.status).toBe(405);
    expect(Object.keys(refused.headers).filter((k) => k.startsWith('access-control-'))).toEqual([]);
    expect(origin.stats(name)).toMatchObject({ preflights: 1, statuses: [200, 503, 416] });
    expect(warnings).toEqual([]);
  });

  it('a cut resets only its own stream; cutAll() too; the session lives on', async () => {
    const name = fresh();
    const [cut, whole] = await Promise.all([
      // Past the stream's initial flow-control window (64 KiB), so the cut must wait for the client.
      http2Request(session, `/files/${name}?size=400000&cut=150000&cuts=1`),
      http2Request(session, `/files/${fresh()}?size=200000&rate=1000000`),
    ]);
    expect(cut.resetCode).toBe(2); // NGHTTP2_INTERNAL_ERROR
    expect(cut.body.length).toBe(150000);
    expect(whole.resetCode).toBeUndefined();
    expect(whole.body.length).toBe(200000);

    // A client that does not read keeps the last slice in the origin's queue (its flow-control
    // window is full): the reset must wait for it rather than drop it.
    const narrow = http2Session(origin, { initialWindowSize: 10_000 });
    const held = narrow.request({ ':path': `/files/${name}?size=100000&rate=300000&cut=12000` });
    held.pause();
    await new Promise((resolve) => setTimeout(resolve, 150));
    let heldBytes = 0;
    held.on('data', (chunk: Buffer) => (heldBytes += chunk.length));
    held.on('error', () => undefined);
    held.resume();
    await new Promise((resolve) => held.on('close', resolve));
    expect(heldBytes).toBe(12000);
    expect(held.rstCode).toBe(2);

    const stalled = fresh();
    const pending = http2Request(session, `/files/${stalled}?size=100000&stall=500`);
    await vi.waitFor(() => expect(origin.stats(stalled).bytesSent).toBe(500));
    expect(origin.cutAll(stalled)).toBe(1);
    expect((await pending).resetCode).toBe(2);
    expect(origin.stats(name).faultKinds).toEqual({ cut: 2 });
    expect((await http2Request(session, `/files/${name}?size=10`)).status).toBe(200);
  });

  it('maxconns= counts the streams of one client address, whatever the connection', async () => {
    const name = fresh();
    const path = `/files/${name}?size=20000&rate=40000&maxconns=1`;
    const answers = await Promise.all([http2Request(session, path), http2Request(session, path)]);
    expect(answers.map((a) => a.status).sort()).toEqual([200, 503]);
    expect(origin.stats(name)).toMatchObject({ limited: 1, maxInFlight: 1, inFlight: 0 });
  });

  it('connrate= is shared by the streams of a session, rate= is not', async () => {
    const size = 60_000;
    const rate = 300_000;
    /** ms for `count` bodies of `size` at once on `sessions`, and their lengths. */
    const timed = async (query: string, sessions: Array<typeof session>): Promise<number> => {
      const t0 = performance.now();
      const answers = await Promise.all(sessions.map((s) => http2Request(s, `/files/${fresh()}?size=${size}&${query}`)));
      for (const a of answers) expect(a.body.length).toBe(size);
      return performance.now() - t0;
    };
    // Both throttles send the first slice (rate/50 bytes) at once, then pace the rest.
    const single = ((size - rate / 50) / rate) * 1000;
    const shared = await timed(`connrate=${rate}`, [session, session]);
    // Two bodies through one connection's pacer take at least twice as long as one would.
    expect(shared).toBeGreaterThan(single + (size / rate) * 1000 - 5);
    const separate = await timed(`rate=${rate}`, [session, session]);
    expect(separate).toBeGreaterThan(single - 5);
    expect(separate).toBeLessThan(shared);
    const other = http2Session(origin);
    const twoConnections = await timed(`connrate=${rate}`, [session, other]);
    expect(twoConnections).toBeLessThan(shared);
  });
});
