/**
 * The control side of the origin: samples, stats, reset, versions, switch overrides, cutAll, fault
 * counting, malformed switches, and closing.
 */
import { describe, expect, it, vi } from 'vitest';
import { startOrigin } from '../origin/server';
import { startTestOrigin } from '../origin/test-client';

const { origin, fresh, get } = await startTestOrigin();

describe('test origin: control', () => {
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
