/**
 * What a healthy file answer looks like: its headers, its bytes, and the switches that only
 * change how it is framed (norange, nolength, nocors, noexpose, webpage, ctype).
 */
import { describe, expect, it } from 'vitest';
import { contentBytes, seedForName } from '../origin/bytes';
import { webPageBytes } from '../origin/server';
import { equalBytes, startTestOrigin } from '../origin/test-client';

const { origin, fresh, get } = await startTestOrigin();

describe('test origin: files', () => {
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
});
