/**
 * Fault suite (see fault-kit.ts): a server that speaks HTTP/2, where every "connection" is a
 * stream of one TCP connection. The download is the same, byte for byte; the row tells the truth
 * about what runs in parallel.
 */
import { describe, expect, it } from 'vitest';
import { row, waitForStatus } from '../harness';
import { MiB, file, recorder, useFaultKit } from './fault-kit';

const { e2e, faultCase, completesExact, startOne } = useFaultKit('http2', { http2: true });

describe('an HTTP/2 server', () => {
  it('serves parallel ranges as streams, byte-exact, and the row names the protocol where the server lets it be seen', async () => {
    const f = file('h2-tao.bin', 16 * MiB, 9201);
    await faultCase([f.name], async () => {
      const app = await e2e.newAppPage();
      const seen = recorder();
      await startOne(app, f, { tao: 1, rate: 2_000_000 });
      await waitForStatus(row(app.page, f.name), 'completed', 60_000, seen.onSample);
      await completesExact(app, f);
      const stats = e2e.origin.stats(f.name);
      expect(new Set(stats.protocols), 'every request went over HTTP/2').toEqual(new Set(['2.0']));
      expect(stats.maxInFlight, 'ranges in parallel').toBeGreaterThanOrEqual(3);
      expect(seen.samples.map((s) => s.text).join('\n')).toMatch(/\d parallel requests over HTTP\/2/);
    });
  });

  it('without Timing-Allow-Origin the protocol is not claimed', async () => {
    const f = file('h2-plain.bin', 12 * MiB, 9202);
    await faultCase([f.name], async () => {
      const app = await e2e.newAppPage();
      const seen = recorder();
      await startOne(app, f, { rate: 2_000_000 });
      await waitForStatus(row(app.page, f.name), 'completed', 60_000, seen.onSample);
      await completesExact(app, f);
      const texts = seen.samples.map((s) => s.text).join('\n');
      expect(texts).toMatch(/\d parallel requests/);
      expect(texts).not.toContain('HTTP/');
    });
  });
});
