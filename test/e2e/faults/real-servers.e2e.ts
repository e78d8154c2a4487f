/**
 * Fault suite (see fault-kit.ts): servers set up as people set up nginx — a one-line CORS config
 * that refuses preflights and sends errors without CORS headers, a connection limit per client,
 * a redirect to a signed URL that expires, a doubled header on a 416. Every case runs unattended
 * (no Retry clicked) and every completed file is checked byte for byte.
 */
import { describe, expect, it } from 'vitest';
import { applySettings, rowButton, waitForAnyStatus, waitForProgress, waitForStatus, waitForStatusChange, row, addUrls } from '../harness';
import { FAST, KiB, MiB, file, recorder, useFaultKit } from './fault-kit';

const { e2e, urlOf, faultCase, completesExact, startOne } = useFaultKit('real-servers');

/** nginx with `add_header Access-Control-Allow-Origin *;` and nothing else. */
const ONE_LINE_CORS = { options: 405, errcors: 0, noexpose: 1 } as const;

describe('a server that answers no preflight', () => {
  it('a 256 MiB download sends no OPTIONS request at all and is byte-exact', async () => {
    const f = file('no-preflight-256m.bin', 256 * MiB, 9101);
    await faultCase([f.name], async () => {
      const app = await e2e.newAppPage();
      await startOne(app, f, ONE_LINE_CORS);
      await completesExact(app, f, 110_000);
      const stats = e2e.origin.stats(f.name);
      expect(stats.preflights, 'OPTIONS requests').toBe(0);
      expect(stats.rangeRequests, 'it still came in parallel ranges').toBeGreaterThanOrEqual(6);
      expect(stats.ifRanges.filter((v) => v !== ''), 'headers that would need a preflight').toEqual([]);
    });
  });

  it('an empty file whose 416 carries Access-Control-Allow-Origin twice is saved, not refused as CORS', async () => {
    const f = file('empty-dup416.bin', 0, 9102);
    await faultCase([f.name], async () => {
      const app = await e2e.newAppPage();
      await startOne(app, f, { dup416: 1 });
      await completesExact(app, f, 30_000);
    });
  });
});

describe('a server that allows two connections per client (limit_conn)', () => {
  it.each([
    ['readable 503s with Retry-After', { retryafter: 1 }],
    ['503s without CORS headers', { errcors: 0 }],
  ])('finishes unattended with two connections once refused: %s', async (_label, extra) => {
    const f = file(`limit-conn-${Object.keys(extra).join('')}.bin`, 24 * MiB, 9111);
    await faultCase([f.name], async () => {
      const app = await e2e.newAppPage();
      const seen = recorder();
      await startOne(app, f, { maxconns: 2, rate: 2_000_000, ...extra });
      await waitForStatus(row(app.page, f.name), 'completed', 90_000, seen.onSample);
      await completesExact(app, f);
      const stats = e2e.origin.stats(f.name);
      expect(stats.limited, 'refusals: the first wave, then none or almost none').toBeGreaterThanOrEqual(1);
      expect(stats.limited).toBeLessThanOrEqual(8);
      expect(stats.maxInFlight).toBe(2);
      const texts = seen.samples.map((s) => s.text).join('\n');
      expect(texts, 'the row tells the limit').toContain('(the server allows 2)');
      // The probe's answer, cut off by the page, is still counted by the server for a moment: that
      // refusal must not cost the job one of its two connections.
      expect(texts, 'the limit learned is the one the server has').not.toContain('(the server allows 1)');
      expect(texts).not.toMatch(/CORS|Failed/);
    });
  });
});

describe('error answers the page may not read', () => {
  it('a transient 503 without CORS headers is retried, not called a CORS refusal', async () => {
    const f = file('unreadable-503.bin', 4 * MiB, 9121);
    await faultCase([f.name], async () => {
      const app = await e2e.newAppPage();
      await applySettings(app.page, FAST);
      const seen = recorder();
      await startOne(app, f, { errcors: 0, fail: 503, fails: 3, failafter: 1, rate: 4_000_000 });
      await waitForStatus(row(app.page, f.name), 'completed', 60_000, seen.onSample);
      await completesExact(app, f);
      expect(e2e.origin.stats(f.name).faultKinds.status ?? 0).toBe(3);
      expect(seen.samples.map((s) => s.text).join('\n')).not.toContain('CORS');
    });
  });

  it('an expired link behind a header-less 404 says so after its retries, and Change URL carries on', async () => {
    const f = file('unreadable-404.bin', 6 * MiB, 9122);
    await faultCase([f.name], async () => {
      const app = await e2e.newAppPage();
      await applySettings(app.page, { ...FAST, retries: 2 });
      const target = await startOne(app, f, { errcors: 0, rate: 600_000 });
      await waitForProgress(target, 0.3, 30_000);
      e2e.origin.setSwitches(f.name, { fail: 404, fails: 100_000 });
      e2e.origin.cutAll(f.name);
      const failed = await waitForAnyStatus(target, ['failed', 'completed'], 90_000);
      expect(failed.status).toBe('failed');
      expect(failed.reason ?? '', `row: ${JSON.stringify(failed.text)}`).toContain('would not let this page read');
      expect(failed.reason ?? '').not.toContain('CORS)');
      await rowButton(target, 'Change URL').click();
      e2e.origin.setSwitches(f.name, { fail: null });
      await target.getByRole('textbox', { name: 'New URL', exact: true }).fill(urlOf(f, { token: 'fresh', errcors: 0, rate: 4_000_000 }));
      await rowButton(target, 'Use this URL').click();
      await waitForStatusChange(target, 'failed');
      await completesExact(app, f);
    });
  });
  it('a header-less 404 beside a healthy download from the same server still fails after its retries', async () => {
    const broken = file('unreadable-beside.bin', 4 * MiB, 9123);
    const healthy = file('healthy-beside.bin', 24 * MiB, 9124);
    await faultCase([broken.name, healthy.name], async () => {
      const app = await e2e.newAppPage();
      await applySettings(app.page, { ...FAST, retries: 2 });
      await addUrls(app.page, [urlOf(broken, { errcors: 0, rate: 400_000 }), urlOf(healthy, { rate: 1_000_000 })].join('\n'));
      const target = row(app.page, broken.name);
      await waitForProgress(target, 0.2, 30_000);
      e2e.origin.setSwitches(broken.name, { fail: 404, fails: 100_000 });
      e2e.origin.cutAll(broken.name);
      // The healthy job keeps delivering from the same server all along: that is no connection limit.
      const failed = await waitForAnyStatus(target, ['failed', 'completed'], 60_000);
      expect(failed.status).toBe('failed');
      expect(failed.reason ?? '').toContain('would not let this page read');
      await completesExact(app, healthy, 90_000);
    });
  });
});

describe('a link that redirects to the file', () => {
  it('is followed once: the pieces ask the final URL', async () => {
    const f = file('redirected.bin', 12 * MiB, 9131);
    await faultCase([f.name], async () => {
      const app = await e2e.newAppPage();
      await startOne(app, f, { redirect: 1, options: 302, rate: 4_000_000 });
      await completesExact(app, f);
      const stats = e2e.origin.stats(f.name);
      expect(stats.redirects, 'redirects followed').toBe(1);
      expect(stats.rangeRequests, 'ranges asked of the final URL').toBeGreaterThanOrEqual(4);
      expect(stats.preflights).toBe(0);
    });
  });

  it('a signed target that expires sends the pieces back to the link for a fresh one', async () => {
    const f = file('redirected-expiring.bin', 12 * MiB, 9132);
    await faultCase([f.name], async () => {
      const app = await e2e.newAppPage();
      const seen = recorder();
      // Signed URLs that live 1 s, on a download that takes several: each expiry is a 403 without CORS.
      await startOne(app, f, { redirect: 1, sigttl: 1_000, errcors: 0, rate: 1_000_000 });
      await waitForStatus(row(app.page, f.name), 'completed', 90_000, seen.onSample);
      await completesExact(app, f);
      const stats = e2e.origin.stats(f.name);
      expect(stats.faultKinds.expired ?? 0, 'signed URLs that had expired').toBeGreaterThanOrEqual(1);
      expect(stats.redirects, 'fresh signed URLs fetched').toBeGreaterThanOrEqual(2);
      expect(seen.samples.map((s) => s.text).join('\n')).not.toMatch(/no longer works|Failed/);
    });
  });
});

describe('the picked file', () => {
  it('a small file behind a one-line CORS server downloads as any other', async () => {
    const f = file('one-line-small.bin', 300 * KiB, 9141);
    await faultCase([f.name], async () => {
      const app = await e2e.newAppPage();
      await addUrls(app.page, urlOf(f, ONE_LINE_CORS));
      await completesExact(app, f);
    });
  });
});
