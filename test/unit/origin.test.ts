import { createHash } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { contentBytes, contentSeed, fillBytes, fillBytesSource, seedForName, sha256OfContent } from '../origin/bytes';
import { startOrigin, type Origin } from '../origin/server';

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
    expect(res.headers.get('content-disposition')).toBe(`attachment; filename="${name}"; filename*=UTF-8''${name}`);
    const body = new Uint8Array(await res.arrayBuffer());
    expect(equalBytes(body, contentBytes(0, 100_000, seedForName(name)))).toBe(true);
    const st = origin.stats(name);
    expect(st).toMatchObject({ requests: 1, rangeRequests: 0, bytesSent: 100_000, inFlight: 0, ranges: [''], statuses: [200] });
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

