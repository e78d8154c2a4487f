/**
 * Ranges, If-Range and validators: what the origin honours, and the switches that make it stop
 * (norangeafter, novalidators) or change the resource under a client (versions).
 */
import { describe, expect, it } from 'vitest';
import { contentBytes, contentSeed, seedForName } from '../origin/bytes';
import { equalBytes, startTestOrigin } from '../origin/test-client';

const { origin, fresh, get } = await startTestOrigin();

describe('test origin: ranges', () => {
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
});
