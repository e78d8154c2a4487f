/**
 * Bodies that stop early or go slowly: cut=, short=, stall= and rate=, and the in-flight count
 * while clients abort.
 */
import { describe, expect, it, vi } from 'vitest';
import { startOrigin, type Origin } from '../origin/server';
import { startTestOrigin } from '../origin/test-client';

const { origin, fresh, get } = await startTestOrigin();

describe('test origin: body faults', () => {
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
});
