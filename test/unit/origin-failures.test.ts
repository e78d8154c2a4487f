/**
 * Answers that stand in for the file: injected statuses (fail=, failafter=, retryafter=), the
 * captive portal page (htmlafter=, html206=), and delayed answers (delay=, reason=).
 */
import { describe, expect, it } from 'vitest';
import { startTestOrigin } from '../origin/test-client';

const { origin, fresh, get, rawGet } = await startTestOrigin();

describe('test origin: failures', () => {
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
});
