/**
 * The build served the way the README tells a host to serve it: with the headers of its own
 * dist/_headers (test/static-host.ts), which `vite preview` does not send. A report-uri is added
 * to the policy so every violation, in the page or in a worker, reaches the test.
 */
import type { Page } from 'playwright-core';
import { afterEach, describe, expect, inject, it } from 'vitest';
import { seedForName, sha256OfContent } from '../origin/bytes';
import { CSP_REPORT_PATH, startStaticHost, type StaticHost } from '../static-host';
import { addUrls, pollUntil, readOutputSha256, row, useE2e, waitForListReady, waitForStatus } from './harness';

const e2e = useE2e();
const distDir = inject('distDir');
const MiB = 1024 * 1024;

let host: StaticHost | null = null;
afterEach(async () => {
  await host?.close();
  host = null;
});

const reportTo = (policy: string): string => `${policy}; report-uri ${CSP_REPORT_PATH}`;

/** The `csp-report` member of each report received (the report-uri format). */
function reports(): Array<Record<string, unknown>> {
  return (host?.cspReports ?? []).map((body) => (body as { 'csp-report': Record<string, unknown> })['csp-report']);
}

async function openHosted(editPolicy: (policy: string) => string): Promise<Page> {
  host = await startStaticHost({ root: distDir, editPolicy });
  const page = await (await e2e.newContext()).newPage();
  await page.goto(host.url);
  await waitForListReady(page);
  return page;
}

describe('hosted with the headers the build ships', () => {
  it('downloads byte-exact and hashes in the copier worker with no policy violation anywhere, and refuses to be framed', async () => {
    const page = await openHosted(reportTo);
    const name = 'hosted.bin';
    const size = 9 * MiB + 17;
    await addUrls(page, e2e.fileUrl(name, { size }));
    const done = await waitForStatus(row(page, name), 'completed', 60_000);

    const sha256 = sha256OfContent(size, seedForName(name));
    expect(await readOutputSha256(page, name)).toBe(sha256);
    // The row's SHA-256 is computed by hash-wasm in the copier worker, under the header policy.
    expect(done.text).toContain(sha256);
    // Every script, the workers' among them (the engine and the copier it starts), was sent with
    // the header policy: a worker is governed by its own response's header, not by the page.
    const scripts = host?.served.filter((entry) => entry.path.endsWith('.js')) ?? [];
    expect(scripts.map((entry) => entry.path).some((path) => path.includes('copier-worker'))).toBe(true);
    for (const { policy } of scripts) expect(policy).toContain("script-src 'self' 'wasm-unsafe-eval'");
    expect(reports()).toEqual([]);

    // frame-ancestors 'none': even a frame of the app's own origin is refused.
    await page.evaluate((url) => {
      const frame = document.createElement('iframe');
      frame.src = url;
      document.body.append(frame);
    }, host?.url ?? '');
    const refused = await pollUntil(
      async () => reports().find((report) => report['effective-directive'] === 'frame-ancestors'),
      10_000,
      () => JSON.stringify(reports()),
    );
    expect(refused['blocked-uri']).toBe(host?.url);
  });

  it('governs the workers, which the <meta> cannot: without wasm-unsafe-eval the copier worker is refused WebAssembly', async () => {
    const page = await openHosted((policy) => reportTo(policy.replace(" 'wasm-unsafe-eval'", '')));
    const name = 'hosted-no-wasm.bin';
    await addUrls(page, e2e.fileUrl(name, { size: MiB }));
    const refused = await pollUntil(
      async () => reports().find((report) => report['blocked-uri'] === 'wasm-eval'),
      30_000,
      () => JSON.stringify(reports()),
    );
    expect(String(refused['source-file'])).toContain('copier-worker');
  });
});
