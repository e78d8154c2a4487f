/**
 * Servers as people configure them: preflights they refuse (options=), error answers without CORS
 * headers (errcors=0), a doubled Access-Control-Allow-Origin (dup416=), a per-client connection
 * limit (maxconns=), presigned redirects that expire (redirect=, sigttl=) and tao=.
 */
import { request } from 'node:http';
import { describe, expect, it, vi } from 'vitest';
import { header, headerLines, startTestOrigin } from '../origin/test-client';

const { origin, fresh, get, rawGet, rawRequest } = await startTestOrigin();

/** The Access-Control-* header names of a fetch response. */
function corsNames(res: Response): string[] {
  const names: string[] = [];
  res.headers.forEach((_value, key) => {
    if (key.startsWith('access-control-')) names.push(key);
  });
  return names;
}
const rawCorsLines = (head: string): string[] => head.split('\r\n').filter((line) => /^access-control-/i.test(line));

describe('test origin: preflights (options=)', () => {
  it('answers a preflight properly by default, and counts it only in stats.preflights', async () => {
    const name = fresh();
    const { head } = await rawRequest('OPTIONS', `/files/${name}?size=100`, { Origin: 'http://app.test', 'Access-Control-Request-Method': 'GET' });
    expect(head).toMatch(/^HTTP\/1\.1 204 /);
    expect(header(head, 'access-control-allow-origin')).toBe('*');
    expect(header(head, 'access-control-allow-headers')).toContain('If-Range');
    await (await get(`/files/${name}?size=100`)).arrayBuffer();
    expect(origin.stats(name)).toMatchObject({ preflights: 1, requests: 1, statuses: [200], ranges: [''] });
  });

  it('options=405 refuses it with no Access-Control-* header; options=302 redirects it to itself with them', async () => {
    const name = fresh();
    const refused = await rawRequest('OPTIONS', `/files/${name}?size=100&options=405`);
    expect(refused.head).toMatch(/^HTTP\/1\.1 405 /);
    expect(rawCorsLines(refused.head)).toEqual([]);

    const path = `/files/${name}?size=100&options=302`;
    const redirected = await rawRequest('OPTIONS', path);
    expect(redirected.head).toMatch(/^HTTP\/1\.1 302 /);
    expect(header(redirected.head, 'location')).toBe(path);
    expect(header(redirected.head, 'access-control-allow-origin')).toBe('*');
    expect(origin.stats(name)).toMatchObject({ preflights: 2, requests: 0, statuses: [] });

    // The switch changes preflights only.
    const res = await get(`/files/${name}?size=100&options=405`, { Range: 'bytes=0-9' });
    expect(res.status).toBe(206);
    expect(res.headers.get('access-control-allow-origin')).toBe('*');
    await res.arrayBuffer();
    expect((await get(`/files/${name}?options=404`)).status).toBe(400);
  });
});

describe('test origin: CORS on error answers (errcors=, dup416=)', () => {
  it('errcors=0 leaves Access-Control-* off every error answer and on every success', async () => {
    const name = fresh();
    const q = `size=100&errcors=0`;
    const failed = await get(`/files/${name}?${q}&fail=503&retryafter=3`);
    expect(failed.status).toBe(503);
    expect(corsNames(failed)).toEqual([]);
    expect(failed.headers.get('retry-after')).toBe('3');
    const unsatisfiable = await get(`/files/${name}?${q}`, { Range: 'bytes=500-' });
    expect(unsatisfiable.status).toBe(416);
    expect(corsNames(unsatisfiable)).toEqual([]);
    const post = await fetch(`${origin.url}/files/${name}?${q}`, { method: 'POST' });
    expect(post.status).toBe(405);
    expect(corsNames(post)).toEqual([]);
    for (const range of [undefined, 'bytes=0-9']) {
      const ok = await get(`/files/${name}?${q}`, range === undefined ? {} : { Range: range });
      expect(ok.status).toBe(range === undefined ? 200 : 206);
      expect(corsNames(ok).sort()).toEqual(['access-control-allow-origin', 'access-control-expose-headers']);
      await ok.arrayBuffer();
    }
    // Without the switch the same errors carry them.
    const other = fresh();
    expect(corsNames(await get(`/files/${other}?size=100&fail=503`))).toContain('access-control-allow-origin');
    expect(corsNames(await get(`/files/${other}?size=100`, { Range: 'bytes=500-' }))).toContain('access-control-allow-origin');
  });

  it('dup416=1 sends two Access-Control-Allow-Origin lines on a 416 only', async () => {
    const name = fresh();
    const twice = await rawGet(`/files/${name}?size=100&dup416=1`, { Range: 'bytes=500-' });
    expect(twice.head).toMatch(/^HTTP\/1\.1 416 /);
    expect(headerLines(twice.head, 'access-control-allow-origin')).toEqual(['*', '*']);
    const ranged = await rawGet(`/files/${name}?size=100&dup416=1`, { Range: 'bytes=0-9' });
    expect(headerLines(ranged.head, 'access-control-allow-origin')).toEqual(['*']);
    const plain = await rawGet(`/files/${name}?size=100`, { Range: 'bytes=500-' });
    expect(headerLines(plain.head, 'access-control-allow-origin')).toEqual(['*']);
    const neither = await rawGet(`/files/${name}?size=100&dup416=1&errcors=0`, { Range: 'bytes=500-' });
    expect(rawCorsLines(neither.head)).toEqual([]);
  });
});

/** A GET from the given local address (any 127.x address reaches the origin on 127.0.0.1). */
function getFrom(localAddress: string, path: string): Promise<number> {
  return new Promise((resolve, reject) => {
    const req = request(`${origin.url}${path}`, { localAddress, agent: false }, (res) => {
      res.resume();
      res.on('end', () => resolve(res.statusCode ?? 0));
    });
    req.on('error', reject);
    req.end();
  });
}

describe('test origin: connection limit (maxconns=)', () => {
  it('answers exactly one of N+1 simultaneous slow bodies 503, with Retry-After, and counts it', async () => {
    const name = fresh();
    const path = `/files/${name}?size=20000&rate=40000&maxconns=2&retryafter=7`;
    const answers = await Promise.all([0, 1, 2].map(() => get(path)));
    const statuses = answers.map((res) => res.status);
    expect(statuses.filter((s) => s === 503)).toHaveLength(1);
    expect(statuses.filter((s) => s === 200)).toHaveLength(2);
    const refused = answers.find((res) => res.status === 503);
    expect(refused?.headers.get('retry-after')).toBe('7');
    expect(refused?.headers.get('content-type')).toMatch(/^text\/plain/);
    expect(refused?.headers.get('access-control-allow-origin')).toBe('*');
    const bodies = await Promise.all(answers.map(async (res) => (await res.arrayBuffer()).byteLength));
    expect(bodies.sort((a, b) => a - b)).toEqual([expect.any(Number), 20000, 20000]);
    await vi.waitFor(() => expect(origin.stats(name).inFlight).toBe(0));
    // Once the bodies are done, the next request is served.
    expect((await get(path)).status).toBe(200);
    expect(origin.stats(name)).toMatchObject({ limited: 1, maxInFlight: 2, requests: 4, faultKinds: { limit: 1 } });
    expect(origin.stats(name).statuses.filter((s) => s === 503)).toHaveLength(1);
  });

  it('frees a slot when a client goes away mid-body, and counts per client address', async () => {
    const name = fresh();
    const path = `/files/${name}?size=1000000&stall=1000&maxconns=1&errcors=0`;
    const abort = new AbortController();
    const first = await fetch(`${origin.url}${path}`, { signal: abort.signal });
    expect(first.status).toBe(200);
    const refused = await get(path);
    expect(refused.status).toBe(503);
    expect(corsNames(refused)).toEqual([]);
    expect(refused.headers.get('retry-after')).toBeNull();
    // Another client address has slots of its own.
    const other = new AbortController();
    const elsewhere = getFrom('127.0.0.2', `/files/${name}?size=100&maxconns=1`);
    expect(await elsewhere).toBe(200);
    abort.abort();
    await vi.waitFor(() => expect(origin.stats(name).inFlight).toBe(0));
    const again = await fetch(`${origin.url}${path}`, { signal: other.signal });
    expect(again.status).toBe(200);
    other.abort();
    expect(origin.stats(name)).toMatchObject({ limited: 1, maxInFlight: 2, statuses: [200, 503, 200, 200] });
    expect((await get(`/files/${name}?maxconns=0`)).status).toBe(400);
  });
});

describe('test origin: presigned redirects (redirect=, sigttl=)', () => {
  it('redirect=1 answers 302 to a signed URL with CORS headers; the target is served', async () => {
    const name = fresh();
    const before = Date.now();
    const found = await fetch(`${origin.url}/files/${name}?size=100&redirect=1&sigttl=60000`, { redirect: 'manual' });
    expect(found.status).toBe(302);
    expect(found.headers.get('access-control-allow-origin')).toBe('*');
    const location = found.headers.get('location') ?? '';
    const m = /^\/files\/file-\d+\.bin\?size=100&sigttl=60000&sig=(\d+)$/.exec(location);
    expect(m).not.toBeNull();
    expect(Number(m?.[1])).toBeGreaterThanOrEqual(before);
    expect(Number(m?.[1])).toBeLessThanOrEqual(Date.now());
    const target = await get(location, { Range: 'bytes=0-9' });
    expect(target.status).toBe(206);
    expect((await target.arrayBuffer()).byteLength).toBe(10);
    // fetch follows it by itself.
    const followed = await get(`/files/${name}?size=100&redirect=1`);
    expect(followed.status).toBe(200);
    expect(followed.redirected).toBe(true);
    await followed.arrayBuffer();
    expect(origin.stats(name)).toMatchObject({ redirects: 2, requests: 4, statuses: [302, 206, 302, 200] });
  });

  it('sigttl=MS answers 403 to a sig older than MS or none, without CORS under errcors=0', async () => {
    const name = fresh();
    const fresh403 = await get(`/files/${name}?size=100&sigttl=1000&sig=${Date.now() - 5000}`);
    expect(fresh403.status).toBe(403);
    expect(fresh403.headers.get('access-control-allow-origin')).toBe('*');
    expect((await get(`/files/${name}?size=100&sigttl=1000`)).status).toBe(403);
    expect((await get(`/files/${name}?size=100&sigttl=1000&sig=soon`)).status).toBe(403);
    const bare = await get(`/files/${name}?size=100&sigttl=1000&sig=${Date.now() - 5000}&errcors=0`);
    expect(bare.status).toBe(403);
    expect(corsNames(bare)).toEqual([]);
    const ok = await get(`/files/${name}?size=100&sigttl=1000&sig=${Date.now()}`);
    expect(ok.status).toBe(200);
    await ok.arrayBuffer();
    expect(origin.stats(name)).toMatchObject({ statuses: [403, 403, 403, 403, 200], faultKinds: { expired: 4 } });

    // A short TTL: the signed URL works at first, then expires.
    const short = fresh();
    const found = await fetch(`${origin.url}/files/${short}?size=100&redirect=1&sigttl=150`, { redirect: 'manual' });
    const location = found.headers.get('location') ?? '';
    expect((await get(location)).status).toBe(200);
    await new Promise((resolve) => setTimeout(resolve, 200));
    expect((await get(location)).status).toBe(403);
  });

  it('with options=302 the preflight of a redirecting URL is a 302 too; setSwitches cannot make it loop', async () => {
    const name = fresh();
    const path = `/files/${name}?size=100&redirect=1&options=302`;
    const { head } = await rawRequest('OPTIONS', path);
    expect(head).toMatch(/^HTTP\/1\.1 302 /);
    expect(header(head, 'location')).toBe(path);
    origin.setSwitches(name, { redirect: 1 });
    const res = await get(`/files/${name}?size=100`);
    expect(res.status).toBe(200);
    await res.arrayBuffer();
    expect(origin.stats(name)).toMatchObject({ redirects: 1, requests: 2, preflights: 1 });
  });
});

describe('test origin: tao= and protocols', () => {
  it('tao=1 adds Timing-Allow-Origin; stats.protocols records HTTP/1.1', async () => {
    const name = fresh();
    const res = await get(`/files/${name}?size=100&tao=1`);
    expect(res.headers.get('timing-allow-origin')).toBe('*');
    await res.arrayBuffer();
    const plain = await get(`/files/${name}?size=100`);
    expect(plain.headers.get('timing-allow-origin')).toBeNull();
    await plain.arrayBuffer();
    expect(origin.stats(name).protocols).toEqual(['1.1', '1.1']);
  });
});
