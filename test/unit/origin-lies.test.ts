/**
 * A lying server: 206 answers whose range or body is not what was asked (wrongrange=, badcr=,
 * long=, fromzero=, endless=), the hostile headers of lie=, and the K limits of those faults
 * (short= included, counted alongside long= and badcr=).
 */
import { describe, expect, it, vi } from 'vitest';
import { contentBytes, seedForName } from '../origin/bytes';
import { equalBytes, header, startTestOrigin } from '../origin/test-client';

const { origin, fresh, get, rawGet } = await startTestOrigin();

describe('test origin: lies', () => {
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
});
