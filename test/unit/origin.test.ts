import { createHash } from 'node:crypto';
import { connect } from 'node:net';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { contentBytes, contentSeed, fillBytes, fillBytesSource, seedForName, sha256OfContent } from '../origin/bytes';
import { startOrigin, webPageBytes, type Origin } from '../origin/server';

/** The content definition written out naively, to pin the fast fill to it. */
function referenceByte(i: number, seed: number): number {
  const fmix = (x: number): number => {
    let h = x;
    h ^= h >>> 16;
    h = Math.imul(h, 0x85ebca6b);
    h ^= h >>> 13;
    h = Math.imul(h, 0xc2b2ae35);
    h ^= h >>> 16;
    return h;
  };
  const w = Math.floor(i / 4);
  const hi = Math.floor(w / 2 ** 32);
  let h = fmix((w >>> 0) ^ Math.imul(seed, 0x9e3779b1));
  if (hi !== 0) h = fmix(h ^ Math.imul(hi, 0xcc9e2d51));
  return (h >>> ((i % 4) * 8)) & 255;
}

function equalBytes(a: Uint8Array, b: Uint8Array): boolean {
  return Buffer.from(a.buffer, a.byteOffset, a.byteLength).equals(Buffer.from(b.buffer, b.byteOffset, b.byteLength));
}

describe('fillBytes', () => {
  const seed = 12345;

  it('matches the reference definition, below and above the 16 GiB word boundary', () => {
    for (const base of [0, 5, 2 ** 34 - 7, 64 * 2 ** 30 - 40]) {
      const got = contentBytes(base, base + 37, seed);
      const want = Uint8Array.from({ length: 37 }, (_, k) => referenceByte(base + k, seed));
      expect(Array.from(got)).toEqual(Array.from(want));
    }
  });

  it('gives the same bytes however the range is split and whatever the target alignment', () => {
    const whole = contentBytes(0, 200_003, seed);
    const backing = new Uint8Array(200_003 + 8);
    for (const misalign of [0, 1, 2, 3]) {
      const target = backing.subarray(misalign, misalign + whole.length);
      target.fill(0);
      const cuts = [0, 1, 2, 7, 4096, 4099, 65_537, 131_070, 199_999, whole.length];
      for (let k = 0; k + 1 < cuts.length; k++) {
        fillBytes(target.subarray(cuts[k], cuts[k + 1]), cuts[k] ?? 0, seed);
      }
      expect(equalBytes(target, whole)).toBe(true);
    }
  });

  it('detects shifted blocks and different seeds', () => {
    const a = contentBytes(4096, 8192, seed);
    expect(equalBytes(a, contentBytes(8192, 12288, seed))).toBe(false);
    expect(equalBytes(a, contentBytes(4100, 8196, seed))).toBe(false);
    expect(equalBytes(a, contentBytes(4096, 8192, seed + 1))).toBe(false);
    expect(equalBytes(contentBytes(0, 64, seed), contentBytes(2 ** 34, 2 ** 34 + 64, seed))).toBe(false);
  });

  it('is reproduced exactly by fillBytesSource', () => {
    // The same text is injected into browser pages; evaluate it independently of the module.
    const fromSource = new Function(`${fillBytesSource}; return fillBytes;`)() as typeof fillBytes;
    for (const [offset, length] of [[0, 100_000], [3, 1001], [2 ** 34 - 2, 64], [17, 0]] as const) {
      const a = new Uint8Array(length + 1).subarray(1);
      const b = new Uint8Array(length);
      fromSource(a, offset, 99);
      fillBytes(b, offset, 99);
      expect(equalBytes(a, b)).toBe(true);
    }
  });

  it('hashes the whole content', () => {
    const want = createHash('sha256').update(contentBytes(0, 3_000_001, 7)).digest('hex');
    expect(sha256OfContent(3_000_001, 7)).toBe(want);
    expect(sha256OfContent(0, 7)).toBe(createHash('sha256').digest('hex'));
  });
});

describe('test origin', () => {
  let origin: Origin;
  let n = 0;
  /** A fresh name per test keeps stats and fault counters independent. */
  const fresh = (): string => `file-${++n}.bin`;
  const get = (path: string, headers: Record<string, string> = {}): Promise<Response> =>
    fetch(`${origin.url}${path}`, { headers });

  beforeAll(async () => {
    origin = await startOrigin();
  });
  afterAll(async () => {
    await origin.close();
  });

  it('serves the whole file with the documented headers', async () => {
    const name = fresh();
    const res = await get(`/files/${name}?size=100000`);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-length')).toBe('100000');
    expect(res.headers.get('accept-ranges')).toBe('bytes');
    expect(res.headers.get('etag')).toMatch(/^"[0-9a-f]+"$/);
    expect(res.headers.get('last-modified')).toBe('Thu, 01 Jan 2026 00:00:00 GMT');
    expect(res.headers.get('access-control-allow-origin')).toBe('*');
    expect(res.headers.get('access-control-expose-headers')).toContain('Content-Range');
    expect(res.headers.get('access-control-expose-headers')).toContain('Retry-After');
    expect(res.headers.get('content-disposition')).toBe(`attachment; filename="${name}"; filename*=UTF-8''${name}`);
    const body = new Uint8Array(await res.arrayBuffer());
    expect(equalBytes(body, contentBytes(0, 100_000, seedForName(name)))).toBe(true);
    const st = origin.stats(name);
    expect(st).toMatchObject({ requests: 1, rangeRequests: 0, bytesSent: 100_000, inFlight: 0, ranges: [''], statuses: [200] });
    expect(st.queries).toEqual(['size=100000']);
  });

  it('answers ranges, suffix ranges and unsatisfiable ranges', async () => {
    const name = fresh();
    const seed = contentSeed(name, 5);
    const r1 = await get(`/files/${name}?size=10000&seed=5`, { Range: 'bytes=100-199' });
    expect(r1.status).toBe(206);
    expect(r1.headers.get('content-range')).toBe('bytes 100-199/10000');
    expect(equalBytes(new Uint8Array(await r1.arrayBuffer()), contentBytes(100, 200, seed))).toBe(true);
    const r2 = await get(`/files/${name}?size=10000&seed=5`, { Range: 'bytes=-300' });
    expect(r2.headers.get('content-range')).toBe('bytes 9700-9999/10000');
    expect(equalBytes(new Uint8Array(await r2.arrayBuffer()), contentBytes(9700, 10000, seed))).toBe(true);
    const r3 = await get(`/files/${name}?size=10000&seed=5`, { Range: 'bytes=10000-' });
    expect(r3.status).toBe(416);
    expect(r3.headers.get('content-range')).toBe('bytes */10000');
    await r3.arrayBuffer();
    const r4 = await get(`/files/${name}?size=10000&seed=5`, { Range: 'bytes=0-1,5-6' });
    expect(r4.status).toBe(200);
    await r4.arrayBuffer();
    expect(origin.stats(name)).toMatchObject({ requests: 4, rangeRequests: 4, bytesSent: 100 + 300 + 10000 });
    expect(origin.stats(name).statuses).toEqual([206, 206, 416, 200]);
  });

  it('honours If-Range only while the validator is current, and versions change everything', async () => {
    const name = fresh();
    const head = await fetch(`${origin.url}/files/${name}?size=5000`, { method: 'HEAD' });
    const etag = head.headers.get('etag') ?? '';
    const lastModified = head.headers.get('last-modified') ?? '';
    for (const validator of [etag, lastModified]) {
      const hit = await get(`/files/${name}?size=5000`, { Range: 'bytes=10-19', 'If-Range': validator });
      expect(hit.status).toBe(206);
      await hit.arrayBuffer();
    }
    const miss = await get(`/files/${name}?size=5000`, { Range: 'bytes=10-19', 'If-Range': '"stale"' });
    expect(miss.status).toBe(200);
    expect((await miss.arrayBuffer()).byteLength).toBe(5000);

    origin.setVersion(name, 1);
    const v1 = await get(`/files/${name}?size=5000`, { Range: 'bytes=10-19', 'If-Range': etag });
    expect(v1.status).toBe(200);
    expect(v1.headers.get('etag')).not.toBe(etag);
    expect(v1.headers.get('last-modified')).not.toBe(lastModified);
    const bytes = new Uint8Array(await v1.arrayBuffer());
    expect(equalBytes(bytes, contentBytes(0, 5000, contentSeed(name, undefined, 1)))).toBe(true);
    expect(equalBytes(bytes, contentBytes(0, 5000, contentSeed(name)))).toBe(false);

    await fetch(`${origin.url}/__version?name=${name}&v=0`, { method: 'POST' });
    expect((await fetch(`${origin.url}/files/${name}?size=5000`, { method: 'HEAD' })).headers.get('etag')).toBe(etag);
  });

  it('norange, nolength, nocors and noexpose', async () => {
    const name = fresh();
    const a = await get(`/files/${name}?size=3000&norange=1`, { Range: 'bytes=0-9' });
    expect(a.status).toBe(200);
    expect(a.headers.get('accept-ranges')).toBeNull();
    expect((await a.arrayBuffer()).byteLength).toBe(3000);
    const b = await get(`/files/${name}?size=3000&norange=1&nolength=1`);
    expect(b.headers.get('content-length')).toBeNull();
    expect(b.headers.get('transfer-encoding')).toBe('chunked');
    expect(equalBytes(new Uint8Array(await b.arrayBuffer()), contentBytes(0, 3000, seedForName(name)))).toBe(true);
    const c = await get(`/files/${name}?size=10&nocors=1`);
    const corsHeaders: string[] = [];
    c.headers.forEach((_value, key) => key.startsWith('access-control-') && corsHeaders.push(key));
    expect(corsHeaders).toEqual([]);
    await c.arrayBuffer();
    const d = await get(`/files/${name}?size=10&noexpose=1`);
    expect(d.headers.get('access-control-allow-origin')).toBe('*');
    expect(d.headers.get('access-control-expose-headers')).toBeNull();
    await d.arrayBuffer();
  });

  it('cut and short bodies end early without hanging', async () => {
    const name = fresh();
    const cut = await get(`/files/${name}?size=1000000&cut=70000&cuts=1`);
    expect(cut.status).toBe(200);
    const received = await cut.arrayBuffer().then((b) => b.byteLength, () => -1);
    expect(received === -1 || received < 1_000_000).toBe(true);
    expect(origin.stats(name).bytesSent).toBe(70_000);
    const whole = await get(`/files/${name}?size=1000000&cut=70000&cuts=1`);
    expect((await whole.arrayBuffer()).byteLength).toBe(1_000_000);

    const shortName = fresh();
    const short = await get(`/files/${shortName}?size=50000&short=100`);
    expect(short.headers.get('content-length')).toBe('50000');
    await expect(short.arrayBuffer()).rejects.toThrow();
    expect(origin.stats(shortName).bytesSent).toBe(49_900);
  });

  it('fail=503&fails=2 fails twice, then serves', async () => {
    const name = fresh();
    const path = `/files/${name}?size=100&fail=503&fails=2&retryafter=1`;
    const statuses: number[] = [];
    for (let k = 0; k < 3; k++) {
      const res = await get(path);
      statuses.push(res.status);
      if (res.status === 503) expect(res.headers.get('retry-after')).toBe('1');
      await res.arrayBuffer();
    }
    expect(statuses).toEqual([503, 503, 200]);
    expect(origin.stats(name).statuses).toEqual([503, 503, 200]);
  });

  it('lies on demand: wrongrange, badcr, html', async () => {
    const name = fresh();
    const seed = seedForName(name);
    const wrong = await get(`/files/${name}?size=100000&wrongrange=1`, { Range: 'bytes=0-999' });
    expect(wrong.headers.get('content-range')).toBe('bytes 0-999/100000');
    expect(equalBytes(new Uint8Array(await wrong.arrayBuffer()), contentBytes(4096, 5096, seed))).toBe(true);
    const bad = await get(`/files/${name}?size=100000&badcr=1`, { Range: 'bytes=0-9999' });
    expect(bad.headers.get('content-range')).toBe('bytes 4096-14095/100000');
    expect(equalBytes(new Uint8Array(await bad.arrayBuffer()), contentBytes(4096, 14096, seed))).toBe(true);
    const html = await get(`/files/${name}?size=100000&html=1&htmls=1`, { Range: 'bytes=0-9' });
    expect(html.status).toBe(200);
    expect(html.headers.get('content-type')).toContain('text/html');
    expect(await html.text()).toContain('<html>');
    const after = await get(`/files/${name}?size=100000&html=1&htmls=1`, { Range: 'bytes=0-9' });
    expect(after.status).toBe(206);
    await after.arrayBuffer();
  });

  it('counts parallel rate-limited bodies and keeps inFlight right when clients abort', async () => {
    const name = fresh();
    const t0 = performance.now();
    const sizes = await Promise.all(
      [0, 1, 2, 3].map(async () => (await (await get(`/files/${name}?size=40000&rate=200000`)).arrayBuffer()).byteLength),
    );
    expect(sizes).toEqual([40000, 40000, 40000, 40000]);
    expect(performance.now() - t0).toBeGreaterThan(150);
    expect(origin.stats(name)).toMatchObject({ maxInFlight: 4, inFlight: 0, bytesSent: 160_000 });

    const stalled = fresh();
    const abort = new AbortController();
    const res = await fetch(`${origin.url}/files/${stalled}?size=1000000&stall=1000`, { signal: abort.signal });
    const reader = res.body?.getReader();
    const first = await reader?.read();
    expect(first?.done).toBe(false);
    expect(origin.stats(stalled).inFlight).toBe(1);
    abort.abort();
    await expect(reader?.read()).rejects.toThrow();
    await vi.waitFor(() => expect(origin.stats(stalled).inFlight).toBe(0));
    expect(origin.stats(stalled).bytesSent).toBe(1000);

    const big = fresh();
    const stop = new AbortController();
    const fast = await fetch(`${origin.url}/files/${big}?size=${2 ** 36}`, { signal: stop.signal });
    expect(fast.headers.get('content-length')).toBe(String(2 ** 36));
    const fastReader = fast.body?.getReader();
    await fastReader?.read();
    stop.abort();
    await expect(fastReader?.read()).rejects.toThrow();
    await vi.waitFor(() => expect(origin.stats(big).inFlight).toBe(0));
    expect(origin.stats(big).bytesSent).toBeLessThan(2 ** 30);
  });

  it('lists samples on the host the client used, and resets', async () => {
    const samples = (await (await fetch(`http://localhost:${origin.port}/samples`)).json()) as Array<{ name: string; size: number; url: string }>;
    expect(samples.map((s) => s.name)).toEqual(['sample-1MiB.bin', 'sample-100MiB.bin', 'sample-1GiB.bin']);
    expect(samples[0]?.url).toBe(`http://localhost:${origin.port}/files/sample-1MiB.bin?size=1048576`);
    const name = fresh();
    await (await get(`/files/${name}?size=10`)).arrayBuffer();
    expect(((await (await fetch(`${origin.url}/__stats?name=${name}`)).json()) as { requests: number }).requests).toBe(1);
    await fetch(`${origin.url}/__reset`, { method: 'POST' });
    expect(origin.stats(name).requests).toBe(0);
  });

  it('answers malformed switches with 400 and keeps running', async () => {
    const name = fresh();
    expect((await get(`/files/${name}?size=abc`)).status).toBe(400);
    expect((await get(`/files/${name}?disposition=${encodeURIComponent('a\u0001')}`)).status).toBe(400);
    const head = await fetch(`${origin.url}/files/${name}?fail=503`, { method: 'HEAD' });
    expect(head.status).toBe(503);
    expect((await get(`/files/${name}?size=1`)).status).toBe(200);
  });

  /**
   * GET over a bare socket: Node's own clients refuse the hostile headers lie= sends, which is the
   * point of them. Returns the status line and headers as sent, and how many body bytes came
   * before the origin closed the connection.
   */
  function rawGet(path: string, headers: Record<string, string> = {}): Promise<{ head: string; bodyLength: number }> {
    return new Promise((resolve, reject) => {
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
    });
  }
  const header = (head: string, name: string): string | null =>
    head
      .split('\r\n')
      .find((line) => line.toLowerCase().startsWith(`${name.toLowerCase()}:`))
      ?.slice(name.length + 1)
      .trim() ?? null;

  it('failafter: serves the first N requests, then fails every one (or fails=K of them)', async () => {
    const name = fresh();
    const statusesOf = async (path: string, count: number): Promise<number[]> => {
      const out: number[] = [];
      for (let k = 0; k < count; k++) {
        const res = await get(path, { Range: 'bytes=0-9' });
        out.push(res.status);
        await res.arrayBuffer();
      }
      return out;
    };
    expect(await statusesOf(`/files/${name}?size=1000&fail=404&failafter=2`, 5)).toEqual([206, 206, 404, 404, 404]);
    expect(origin.stats(name).faultKinds).toEqual({ status: 3 });
    // "The first N requests" are counted per name, whatever their query said.
    const other = fresh();
    expect(await statusesOf(`/files/${other}?size=1000`, 1)).toEqual([206]);
    expect(await statusesOf(`/files/${other}?size=1000&fail=410&failafter=2&fails=1`, 3)).toEqual([206, 410, 206]);
    expect(origin.stats(other).faults).toBe(1);
  });

  it('fail= takes a list of statuses used in turn, and retryafterdate= an HTTP-date', async () => {
    const name = fresh();
    const path = `/files/${name}?size=100&fail=503,429,500&fails=4&retryafterdate=5`;
    const statuses: number[] = [];
    for (let k = 0; k < 5; k++) {
      const before = Math.floor(Date.now() / 1000) * 1000;
      const res = await get(path);
      statuses.push(res.status);
      if (res.status !== 200) {
        const at = Date.parse(res.headers.get('retry-after') ?? '');
        expect(at).toBeGreaterThanOrEqual(before + 4000);
        expect(at).toBeLessThanOrEqual(Date.now() + 5000);
        expect(await res.text()).toContain(`injected failure: ${res.status}`);
      } else {
        await res.arrayBuffer();
      }
    }
    expect(statuses).toEqual([503, 429, 500, 503, 200]);
    expect(origin.stats(name).faultKinds).toEqual({ status: 4 });
    expect((await get(`/files/${fresh()}?fail=503&retryafter=1&retryafterdate=1`)).status).toBe(400);
    expect((await get(`/files/${fresh()}?fail=503,abc`)).status).toBe(400);
  });

  it('norangeafter: after N requests a Range gets the whole file with the same validators', async () => {
    const name = fresh();
    const path = `/files/${name}?size=20000&norangeafter=1`;
    const first = await get(path, { Range: 'bytes=100-199' });
    expect(first.status).toBe(206);
    await first.arrayBuffer();
    const second = await get(path, { Range: 'bytes=100-199', 'If-Range': first.headers.get('etag') ?? '' });
    expect(second.status).toBe(200);
    expect(second.headers.get('etag')).toBe(first.headers.get('etag'));
    expect(second.headers.get('last-modified')).toBe(first.headers.get('last-modified'));
    expect(second.headers.get('accept-ranges')).toBe('bytes');
    expect(second.headers.get('content-range')).toBeNull();
    expect(equalBytes(new Uint8Array(await second.arrayBuffer()), contentBytes(0, 20000, seedForName(name)))).toBe(true);
    // A request that asked for no range was not refused anything: not a fault.
    await (await get(path)).arrayBuffer();
    expect(origin.stats(name)).toMatchObject({ statuses: [206, 200, 200], faults: 1, faultKinds: { norange: 1 } });
  });

  it('htmlafter: a captive portal page appears after N requests, htmls=K times', async () => {
    const name = fresh();
    const path = `/files/${name}?size=5000&htmlafter=1&htmls=2`;
    const kinds: string[] = [];
    for (let k = 0; k < 4; k++) {
      const res = await get(path, { Range: 'bytes=0-99' });
      kinds.push(`${res.status} ${res.headers.get('content-type')?.split(';')[0] ?? ''}`);
      await res.arrayBuffer();
    }
    expect(kinds).toEqual(['206 application/octet-stream', '200 text/html', '200 text/html', '206 application/octet-stream']);
    expect(origin.stats(name).faultKinds).toEqual({ html: 2 });

    const as206 = fresh();
    const page = await get(`/files/${as206}?size=100000&html=1&htmls=1&html206=1`, { Range: 'bytes=5000-9999' });
    const body = await page.text();
    expect(page.status).toBe(206);
    expect(page.headers.get('content-type')).toContain('text/html');
    expect(page.headers.get('content-range')).toBe(`bytes 5000-${5000 + Buffer.byteLength(body) - 1}/100000`);
    expect(body).toContain('<html>');
  });

  it('novalidators: no ETag or Last-Modified, and an If-Range can never match', async () => {
    const name = fresh();
    const path = `/files/${name}?size=5000&novalidators=1`;
    const plain = await get(path, { Range: 'bytes=0-9' });
    expect(plain.status).toBe(206);
    expect(plain.headers.get('etag')).toBeNull();
    expect(plain.headers.get('last-modified')).toBeNull();
    await plain.arrayBuffer();
    const withHead = await fetch(`${origin.url}/files/${name}?size=5000`, { method: 'HEAD' });
    const conditional = await get(path, { Range: 'bytes=0-9', 'If-Range': withHead.headers.get('etag') ?? '' });
    expect(conditional.status).toBe(200);
    expect((await conditional.arrayBuffer()).byteLength).toBe(5000);
    expect(origin.stats(name).faults).toBe(0);
  });

  it('cut=MIN-MAX cuts each response at a different reproducible offset', async () => {
    const cutsOf = async (o: Origin, name: string): Promise<number[]> => {
      const sent: number[] = [];
      for (let k = 0; k < 4; k++) {
        const before = o.stats(name).bytesSent;
        const res = await fetch(`${o.url}/files/${name}?size=500000&cut=1000-300000&cuts=3`);
        await res.arrayBuffer().catch(() => undefined);
        await vi.waitFor(() => expect(o.stats(name).inFlight).toBe(0));
        sent.push(o.stats(name).bytesSent - before);
      }
      return sent;
    };
    const name = fresh();
    const sent = await cutsOf(origin, name);
    expect(sent[3]).toBe(500_000);
    const cuts = sent.slice(0, 3);
    for (const n of cuts) {
      expect(n).toBeGreaterThanOrEqual(1000);
      expect(n).toBeLessThanOrEqual(300_000);
    }
    expect(new Set(cuts).size).toBe(3);
    expect(origin.stats(name).faultKinds).toEqual({ cut: 3 });
    const again = await startOrigin();
    try {
      expect((await cutsOf(again, name)).slice(0, 3)).toEqual(cuts);
    } finally {
      await again.close();
    }
    expect((await get(`/files/${fresh()}?cut=9-3`)).status).toBe(400);
  });

  it('shorts, longs and badcrs limit those faults to the first K responses, and each is counted', async () => {
    const shortName = fresh();
    const shortPath = `/files/${shortName}?size=50000&short=100&shorts=1`;
    await expect((await get(shortPath)).arrayBuffer()).rejects.toThrow();
    expect((await (await get(shortPath)).arrayBuffer()).byteLength).toBe(50_000);
    await vi.waitFor(() => expect(origin.stats(shortName).faultKinds).toEqual({ short: 1 }));

    const longName = fresh();
    const seed = seedForName(longName);
    const longPath = `/files/${longName}?size=10000&long=150&longs=1`;
    // A range that already reaches the end cannot be longer: no fault, and K is not used up.
    const tail = await get(longPath, { Range: 'bytes=9900-' });
    expect(tail.headers.get('content-range')).toBe('bytes 9900-9999/10000');
    await tail.arrayBuffer();
    const longer = await get(longPath, { Range: 'bytes=100-199' });
    expect(longer.headers.get('content-range')).toBe('bytes 100-349/10000');
    expect(equalBytes(new Uint8Array(await longer.arrayBuffer()), contentBytes(100, 350, seed))).toBe(true);
    const exact = await get(longPath, { Range: 'bytes=100-199' });
    expect(exact.headers.get('content-range')).toBe('bytes 100-199/10000');
    await exact.arrayBuffer();
    expect(origin.stats(longName).faultKinds).toEqual({ long: 1 });

    const badName = fresh();
    const badPath = `/files/${badName}?size=100000&badcr=1&badcrs=1`;
    const bad = await get(badPath, { Range: 'bytes=0-999' });
    expect(bad.headers.get('content-range')).toBe('bytes 4096-5095/100000');
    await bad.arrayBuffer();
    const good = await get(badPath, { Range: 'bytes=0-999' });
    expect(good.headers.get('content-range')).toBe('bytes 0-999/100000');
    await good.arrayBuffer();
    expect(origin.stats(badName).faultKinds).toEqual({ badcr: 1 });
  });

  it('counts wrongrange, html, stall and status faults as they are injected', async () => {
    const name = fresh();
    await (await get(`/files/${name}?size=100000&wrongrange=1&wrongranges=1`, { Range: 'bytes=0-999' })).arrayBuffer();
    await (await get(`/files/${name}?size=100000&wrongrange=1&wrongranges=1`, { Range: 'bytes=0-999' })).arrayBuffer();
    await (await get(`/files/${name}?size=100000&html=1&htmls=1`)).arrayBuffer();
    await (await get(`/files/${name}?size=100000&fail=500`)).arrayBuffer();
    const abort = new AbortController();
    const stalled = await fetch(`${origin.url}/files/${name}?size=100000&stall=10`, { signal: abort.signal });
    await vi.waitFor(() => expect(origin.stats(name).faultKinds.stall).toBe(1));
    abort.abort();
    await stalled.arrayBuffer().catch(() => undefined);
    expect(origin.stats(name)).toMatchObject({ faults: 4, faultKinds: { wrongrange: 1, html: 1, status: 1, stall: 1 } });
  });

  it('lie=petabytes|negative|nan send hostile lengths, then the real bytes and a close', async () => {
    const name = fresh();
    const peta = await rawGet(`/files/${name}?size=3000&lie=petabytes`, { Range: 'bytes=0-' });
    expect(peta.head).toMatch(/^HTTP\/1\.1 206 /);
    expect(header(peta.head, 'Content-Length')).toBe('1152921504606846976');
    expect(header(peta.head, 'Content-Range')).toBe('bytes 0-1152921504606846975/1152921504606846976');
    expect(header(peta.head, 'Connection')).toBe('close');
    expect(peta.bodyLength).toBe(3000);
    const bounded = await rawGet(`/files/${name}?size=3000&lie=petabytes`, { Range: 'bytes=10-19' });
    expect(header(bounded.head, 'Content-Range')).toBe('bytes 10-19/1152921504606846976');
    expect(header(bounded.head, 'Content-Length')).toBe('10');
    const whole = await rawGet(`/files/${name}?size=3000&lie=petabytes`);
    expect(whole.head).toMatch(/^HTTP\/1\.1 200 /);
    expect(header(whole.head, 'Content-Length')).toBe('1152921504606846976');

    const negative = await rawGet(`/files/${name}?size=3000&lie=negative`, { Range: 'bytes=0-' });
    expect(header(negative.head, 'Content-Length')).toBe('-5');
    expect(header(negative.head, 'Content-Range')).toBe('bytes 0-2999/-5');
    expect(negative.bodyLength).toBe(3000);
    const nan = await rawGet(`/files/${name}?size=3000&lie=nan`);
    expect(header(nan.head, 'Content-Length')).toBe('abc');
    expect(nan.bodyLength).toBe(3000);
    expect(origin.stats(name).faultKinds).toEqual({ lie: 5 });
    expect((await get(`/files/${fresh()}?lie=maybe`)).status).toBe(400);
  });

  it('lie=traversal|bidi send hostile file names in Content-Disposition', async () => {
    const name = fresh();
    const traversal = await get(`/files/${name}?size=10&lie=traversal`);
    const value = traversal.headers.get('content-disposition') ?? '';
    expect(value).toContain(`filename*=UTF-8''..%5C..%5Cevil%3Cscript%3E.exe`);
    expect(decodeURIComponent(value.split("''")[1] ?? '')).toBe('..\\..\\evil<script>.exe');
    await traversal.arrayBuffer();
    const bidi = await get(`/files/${name}?size=10&lie=bidi`);
    const bidiName = decodeURIComponent((bidi.headers.get('content-disposition') ?? '').split("''")[1] ?? '');
    expect(bidiName).toContain('\u202e');
    expect(bidiName).toMatch(/[\x00-\x1f]/);
    expect(new Uint8Array(await bidi.arrayBuffer())).toHaveLength(10);
    expect(origin.stats(name).faultKinds).toEqual({ lie: 2 });
  });

  it('setSwitches and /__switches change a name from now on; cutAll drops live bodies', async () => {
    const name = fresh();
    const path = `/files/${name}?size=1000&fail=503&fails=100`;
    expect((await get(path)).status).toBe(503);
    origin.setSwitches(name, { fail: null });
    expect((await get(path)).status).toBe(200);
    const post = await fetch(`${origin.url}/__switches?name=${name}&fail=404&fails=`, { method: 'POST' });
    expect(post.status).toBe(200);
    // fails= removed, so the default of one failure applies again, on top of the 1 used before.
    expect((await get(path)).status).toBe(200);
    origin.setSwitches(name, { fails: 5 });
    expect((await get(path)).status).toBe(404);
    expect((await fetch(`${origin.url}/__switches?name=${name}&size=x`, { method: 'POST' })).status).toBe(400);

    const slow = fresh();
    const res = await fetch(`${origin.url}/files/${slow}?size=1000000&rate=100000`);
    const reader = res.body?.getReader();
    await reader?.read();
    expect(origin.cutAll(slow)).toBe(1);
    await expect((async () => {
      for (;;) if ((await reader?.read())?.done !== false) return;
    })()).rejects.toThrow();
    expect(origin.stats(slow).faultKinds).toEqual({ cut: 1 });
    expect(((await (await fetch(`${origin.url}/__cut?name=${slow}`, { method: 'POST' })).json()) as { cut: number }).cut).toBe(0);

    origin.reset();
    expect((await get(path)).status).toBe(503);
  });

  it('delays=K holds back only the first K answers; reason= sets the reason phrase; If-Range is recorded', async () => {
    const name = fresh();
    const t0 = performance.now();
    await (await get(`/files/${name}?size=10&delay=300&delays=1`)).arrayBuffer();
    expect(performance.now() - t0).toBeGreaterThanOrEqual(290);
    const t1 = performance.now();
    await (await get(`/files/${name}?size=10&delay=300&delays=1`, { Range: 'bytes=0-4', 'If-Range': '"x"' })).arrayBuffer();
    expect(performance.now() - t1).toBeLessThan(250);
    expect(origin.stats(name)).toMatchObject({ ifRanges: ['', '"x"'], faultKinds: { delay: 1 } });

    const markup = '<img src=x onerror=alert(1)>';
    const raw = await rawGet(`/files/${fresh()}?fail=503&reason=${encodeURIComponent(markup)}`);
    expect(raw.head.split('\r\n')[0]).toBe(`HTTP/1.1 503 ${markup}`);
  });

  it('counts version changes and faults a test records, by name', async () => {
    const name = fresh();
    origin.setVersion(name, 0);
    origin.setVersion(name, 1);
    origin.setVersion(name, 1);
    origin.recordFault(name, 'reload');
    expect(origin.stats(name)).toMatchObject({ faults: 2, faultKinds: { changed: 1, reload: 1 } });
    expect(origin.faultsByName()[name]).toBe(2);
    origin.reset();
    expect(origin.stats(name).faults).toBe(0);
    expect(origin.faultsByName()[name]).toBeUndefined();
  });

  it('fromzero: a 206 after byte 0 carries the first bytes under an honest-looking Content-Range', async () => {
    const name = fresh();
    const seed = seedForName(name);
    const path = `/files/${name}?size=100000&fromzero=1&fromzeros=2&noexpose=1`;
    const bodyOf = async (res: Response): Promise<Uint8Array> => new Uint8Array(await res.arrayBuffer());
    // The probe starts at 0, so it is the same answer either way and uses up none of K.
    const probe = await get(path, { Range: 'bytes=0-' });
    expect(equalBytes(await bodyOf(probe), contentBytes(0, 100_000, seed))).toBe(true);
    const lie = await get(path, { Range: 'bytes=5000-5999' });
    expect(lie.status).toBe(206);
    expect(lie.headers.get('content-length')).toBe('1000');
    expect(lie.headers.get('content-range')).toBe('bytes 5000-5999/100000');
    expect(lie.headers.get('access-control-expose-headers')).toBeNull();
    expect(equalBytes(await bodyOf(lie), contentBytes(0, 1000, seed))).toBe(true);
    const tail = await get(path, { Range: 'bytes=99000-' });
    expect(tail.headers.get('content-range')).toBe('bytes 99000-99999/100000');
    expect(equalBytes(await bodyOf(tail), contentBytes(0, 1000, seed))).toBe(true);
    const honest = await get(path, { Range: 'bytes=5000-5999' });
    expect(equalBytes(await bodyOf(honest), contentBytes(5000, 6000, seed))).toBe(true);
    expect(origin.stats(name).faultKinds).toEqual({ fromzero: 2 });
  });

  it('webpage: the resource is a sign-in page, served like any file and byte for byte', async () => {
    const page = webPageBytes();
    expect(new TextDecoder().decode(page)).toMatch(/^<!doctype html><title>Sign in<\/title><form .*<\/form>\n$/);
    const name = fresh();
    const path = `/files/${name}?webpage=1&size=99999`;
    const whole = await get(path);
    expect(whole.status).toBe(200);
    expect(whole.headers.get('content-type')).toBe('text/html; charset=utf-8');
    expect(whole.headers.get('content-length')).toBe(String(page.length));
    expect(whole.headers.get('accept-ranges')).toBe('bytes');
    expect(whole.headers.get('content-disposition')).toBeNull();
    expect(equalBytes(new Uint8Array(await whole.arrayBuffer()), page)).toBe(true);
    const etag = whole.headers.get('etag') ?? '';
    expect(etag).toMatch(/^"[0-9a-f]+"$/);

    const part = await get(path, { Range: 'bytes=10-19', 'If-Range': etag });
    expect(part.status).toBe(206);
    expect(part.headers.get('content-range')).toBe(`bytes 10-19/${page.length}`);
    expect(equalBytes(new Uint8Array(await part.arrayBuffer()), page.subarray(10, 20))).toBe(true);
    const stale = await get(path, { Range: 'bytes=10-19', 'If-Range': '"stale"' });
    expect(stale.status).toBe(200);
    expect(equalBytes(new Uint8Array(await stale.arrayBuffer()), page)).toBe(true);
    const past = await get(path, { Range: `bytes=${page.length}-` });
    expect(past.status).toBe(416);
    expect(past.headers.get('content-range')).toBe(`bytes */${page.length}`);
    await past.arrayBuffer();

    // A file of the same name and size is another resource, with another validator.
    const file = await get(`/files/${name}?size=${page.length}`);
    expect(file.headers.get('etag')).not.toBe(etag);
    await file.arrayBuffer();
    const named = await get(`${path}&disposition=${encodeURIComponent('attachment; filename="login.html"')}`);
    expect(named.headers.get('content-disposition')).toBe('attachment; filename="login.html"');
    await named.arrayBuffer();
    expect(origin.stats(name).faults).toBe(0);
  });

  it('ctype= sets the Content-Type of file answers, and must be printable ASCII', async () => {
    const name = `${fresh()}.html`;
    const html = await get(`/files/${name}?size=100&ctype=text/html`, { Range: 'bytes=0-9' });
    expect(html.headers.get('content-type')).toBe('text/html');
    expect(equalBytes(new Uint8Array(await html.arrayBuffer()), contentBytes(0, 10, seedForName(name)))).toBe(true);
    const xhtml = await get(`/files/${name}?webpage=1&ctype=${encodeURIComponent('application/xhtml+xml; charset=utf-8')}`);
    expect(xhtml.headers.get('content-type')).toBe('application/xhtml+xml; charset=utf-8');
    expect(equalBytes(new Uint8Array(await xhtml.arrayBuffer()), webPageBytes())).toBe(true);
    const refused = await get(`/files/${name}?size=100&ctype=text/plain`, { Range: 'bytes=100-' });
    expect(refused.status).toBe(416);
    expect(refused.headers.get('content-type')).toBe('text/plain');
    await refused.arrayBuffer();
    expect((await get(`/files/${name}?ctype=${encodeURIComponent('text/html\u00e9')}`)).status).toBe(400);
    expect((await get(`/files/${name}?ctype=`)).status).toBe(400);
  });

  it('endless: a 206 runs past the asked end, with no length, until the client goes away', async () => {
    const name = fresh();
    const seed = seedForName(name);
    const path = `/files/${name}?size=1000&endless=1&endlesses=1`;
    const abort = new AbortController();
    const res = await fetch(`${origin.url}${path}`, { headers: { Range: 'bytes=100-199' }, signal: abort.signal });
    expect(res.status).toBe(206);
    expect(res.headers.get('content-length')).toBeNull();
    expect(res.headers.get('transfer-encoding')).toBe('chunked');
    expect(res.headers.get('content-range')).toBe('bytes 100-199/1000');
    const reader = res.body?.getReader();
    const chunks: Uint8Array[] = [];
    let received = 0;
    // Three thousand times the 100 bytes asked, and on past the 1000-byte file.
    while (received < 300_000) {
      const chunk = await reader?.read();
      if (chunk === undefined || chunk.done) throw new Error('the endless body ended');
      chunks.push(chunk.value);
      received += chunk.value.length;
    }
    expect(equalBytes(Buffer.concat(chunks), contentBytes(100, 100 + received, seed))).toBe(true);
    abort.abort();
    await expect(reader?.read()).rejects.toThrow();
    await vi.waitFor(() => expect(origin.stats(name).inFlight).toBe(0));
    expect(origin.stats(name).faultKinds).toEqual({ endless: 1 });

    const bounded = await get(path, { Range: 'bytes=100-199' });
    expect(bounded.headers.get('content-length')).toBe('100');
    expect(equalBytes(new Uint8Array(await bounded.arrayBuffer()), contentBytes(100, 200, seed))).toBe(true);
  });

  it('closes promptly while a response is stalled', async () => {
    const other = await startOrigin();
    const res = await fetch(`${other.url}/files/x?size=100000&stall=0`);
    expect(res.status).toBe(200);
    const t0 = performance.now();
    await other.close();
    expect(performance.now() - t0).toBeLessThan(1000);
    await expect(res.arrayBuffer()).rejects.toThrow();
  });
});

