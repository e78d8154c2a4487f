import { describe, it } from 'vitest';
import { useE2e } from './harness';
const e2e = useE2e();

const workerSource = `
onmessage = async (ev) => {
  const { url, size, mode, block, flushEvery, conns } = ev.data;
  const root = await navigator.storage.getDirectory();
  const fh = await root.getFileHandle('perf-' + mode + '.bin', { create: true });
  const h = mode === 'discard' ? null : await fh.createSyncAccessHandle();
  if (h) h.truncate(size);
  const t0 = performance.now();
  let flushes = 0, flushMs = 0, writeMs = 0, chunks = 0;
  const per = Math.ceil(size / conns);
  let sinceFlush = 0;
  await Promise.all(Array.from({ length: conns }, async (_, i) => {
    const start = i * per, end = Math.min(size, start + per);
    const r = await fetch(url, { headers: { Range: 'bytes=' + start + '-' + (end - 1) }, cache: 'no-store' });
    const reader = r.body.getReader();
    const buf = new Uint8Array(block); let filled = 0; let at = start;
    for (;;) {
      const { done, value } = await reader.read();
      if (done) break;
      chunks++;
      if (!h) continue;
      let off = 0;
      while (off < value.length) {
        const take = Math.min(value.length - off, block - filled);
        buf.set(value.subarray(off, off + take), filled); filled += take; off += take;
        if (filled === block) {
          const w0 = performance.now(); h.write(buf, { at }); writeMs += performance.now() - w0;
          at += filled; sinceFlush += filled; filled = 0;
          if (flushEvery && sinceFlush >= flushEvery) { const f0 = performance.now(); h.flush(); flushMs += performance.now() - f0; flushes++; sinceFlush = 0; }
        }
      }
    }
    if (h && filled) { h.write(buf.subarray(0, filled), { at }); }
  }));
  const ms = performance.now() - t0;
  if (h) { h.close(); }
  await root.removeEntry('perf-' + mode + '.bin');
  postMessage({ mode, block, flushEvery, mbps: (size / 1e6) / (ms / 1000), ms, flushes, flushMs, writeMs, chunks });
};`;

describe('scratch perf', () => {
  it('write path', async () => {
    const browserPage = await e2e.newAppPage();
    const page = browserPage.page;
    await page.goto(e2e.origin.url + '/samples');
    const size = 256 << 20;
    const url = e2e.fileUrl('perf.bin', { size, seed: 3 });
    const configs = [
      { mode: 'discard', block: 1 << 20, flushEvery: 0 },
      { mode: 'write', block: 1 << 20, flushEvery: 0 },
      { mode: 'write', block: 4 << 20, flushEvery: 0 },
      { mode: 'write', block: 256 << 10, flushEvery: 0 },
      { mode: 'write', block: 1 << 20, flushEvery: 4 << 20 },
      { mode: 'write', block: 1 << 20, flushEvery: 32 << 20 },
      { mode: 'discard', block: 1 << 20, flushEvery: 0 },
    ];
    for (const c of configs) {
      const result = await page.evaluate(async ({ src, msg }) => {
        const w = new Worker(URL.createObjectURL(new Blob([src], { type: 'text/javascript' })));
        const r = await new Promise((res) => { w.onmessage = (e) => res(e.data); w.postMessage(msg); });
        w.terminate();
        return r;
      }, { src: workerSource, msg: { url, size, conns: 6, ...c } });
      console.log(JSON.stringify(result));
    }
  });
});
