/**
 * A new version waits for the person: two real builds of the app published one after the other
 * on one static host, under the headers the build ships (a report-uri added, so a policy
 * violation anywhere, the service worker's included, reaches the test).
 */
import { mkdtemp, readdir, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { sha256OfContent } from '../origin/bytes';
import { CSP_REPORT_PATH, startStaticHost, type StaticHost } from '../static-host';
import { addUrls, outputSize, readOutputSha256, row, useE2e, waitForListReady, waitForProgress, waitForStatus } from './harness';
import { buildVersion, deploy, VERSION_META } from './support/app-versions';

const MiB = 1024 * 1024;
const e2e = useE2e();

let builds = '';
let host: StaticHost | null = null;

beforeAll(async () => {
  builds = await mkdtemp(join(tmpdir(), 'rangefetch-versions-'));
  await buildVersion(join(builds, 'v1'), 'v1');
  await buildVersion(join(builds, 'v2'), 'v2');
});

afterEach(async () => {
  await host?.close();
  host = null;
});

afterAll(async () => {
  if (builds !== '') await rm(builds, { recursive: true, force: true });
});

/** A fresh site (a new origin, so no service worker of an earlier test) with version 1 published. */
async function publishFirstVersion(): Promise<StaticHost> {
  await deploy(join(builds, 'v1'), join(builds, 'site'));
  host = await startStaticHost({ root: join(builds, 'site'), editPolicy: (policy) => `${policy}; report-uri ${CSP_REPORT_PATH}` });
  return host;
}

const releaseSecondVersion = (): Promise<void> => deploy(join(builds, 'v2'), join(builds, 'site'));

function versionOf(page: Page): Promise<string | null> {
  return page.locator(`meta[name="${VERSION_META}"]`).getAttribute('content');
}

/** Counts the times a page loads a document from now on: a reload the test did not ask for shows here. */
function countLoads(page: Page): { readonly count: number } {
  const loads = { count: 0 };
  page.on('framenavigated', (frame) => {
    if (frame === page.mainFrame()) loads.count++;
  });
  return loads;
}

/** Uncaught errors of a page the harness did not open (the harness checks its own). */
function collectErrors(page: Page): string[] {
  const errors: string[] = [];
  page.on('pageerror', (error) => errors.push(error.message));
  return errors;
}

const note = (page: Page) => page.getByRole('status', { name: 'Update ready', exact: true });
const reloadButton = (page: Page) => note(page).getByRole('button', { name: 'Reload to update', exact: true });

describe('a new version', () => {
  it('waits: "Update ready" while a download runs, no reload by itself, and Reload to update brings it with the download resumed', async () => {
    const site = await publishFirstVersion();
    const context = await e2e.newContext();
    const first = await context.newPage();
    const errors = collectErrors(first);
    await first.goto(site.url);
    await waitForListReady(first);
    expect(await versionOf(first)).toBe('v1');
    await first.evaluate(async () => {
      await navigator.serviceWorker.ready;
    });

    // A download that is still running when the new version arrives.
    const name = 'across-update.bin';
    const size = 16 * MiB;
    const seed = 9201;
    await addUrls(first, e2e.fileUrl(name, { size, seed, rate: 400_000 }));
    await waitForProgress(row(first, name), 0.02, 60_000);
    const typed = 'https://example.com/typed-before-the-update.iso';
    await first.getByRole('textbox', { name: 'URL', exact: true }).fill(typed);
    const loads = countLoads(first);

    // The new version is released, and the person opens the app in another tab: the browser
    // checks for a new service worker on that navigation, installs it, and it waits.
    await releaseSecondVersion();
    const second = await context.newPage();
    errors.push(...collectErrors(second));
    await second.goto(site.url);
    await waitForListReady(second);
    // Still the old page: the running version serves it until the new one takes over.
    expect(await versionOf(second)).toBe('v1');

    await note(first).waitFor({ state: 'visible', timeout: 30_000 });
    expect(await note(first).innerText()).toContain('Downloads in progress will resume after the reload.');
    await note(second).waitFor({ state: 'visible', timeout: 30_000 });
    expect(await first.evaluate(async () => (await navigator.serviceWorker.getRegistration())?.waiting?.state)).toBe('installed');

    // Nothing reloaded: the first tab still has what was typed, its download still runs.
    expect(loads.count, 'loads of the first tab').toBe(0);
    expect(await first.getByRole('textbox', { name: 'URL', exact: true }).inputValue()).toBe(typed);
    await waitForProgress(row(first, name), 0.05, 60_000);
    expect(loads.count, 'loads of the first tab').toBe(0);

    // One tab is enough to show that the download resumes in the tab that reloads.
    await second.close();
    const reloaded = first.waitForEvent('load');
    await reloadButton(first).click();
    await reloaded;
    await waitForListReady(first);
    expect(await versionOf(first)).toBe('v2');
    expect(loads.count, 'loads of the first tab').toBe(1);
    await expect.poll(() => first.evaluate(async () => (await navigator.serviceWorker.getRegistration())?.waiting ?? null)).toBeNull();
    expect(await note(first).count(), 'no note once updated').toBe(0);

    // The download carries on from its bytes; the server may go at full speed now.
    e2e.origin.setSwitches(name, { rate: null });
    await waitForStatus(row(first, name), 'completed', 90_000);
    expect(await outputSize(first, name)).toBe(size);
    expect(await readOutputSha256(first, name)).toBe(sha256OfContent(size, seed));
    expect(errors).toEqual([]);
    expect(site.cspReports).toEqual([]);
  });

  it('without downloads, the note says only that the new version is ready', async () => {
    const site = await publishFirstVersion();
    const context = await e2e.newContext();
    const page = await context.newPage();
    const errors = collectErrors(page);
    await page.goto(site.url);
    await waitForListReady(page);
    expect(await versionOf(page)).toBe('v1');
    await page.evaluate(async () => {
      await navigator.serviceWorker.ready;
    });
    const loads = countLoads(page);
    await releaseSecondVersion();
    // What the page itself does every hour, asked now.
    await page.evaluate(async () => {
      await (await navigator.serviceWorker.getRegistration())?.update();
    });
    await note(page).waitFor({ state: 'visible', timeout: 30_000 });
    const text = await note(page).innerText();
    expect(text).toContain('A new version of Rangefetch is ready.');
    expect(text).not.toContain('resume');
    expect(loads.count).toBe(0);
    expect(errors).toEqual([]);
    expect(site.cspReports).toEqual([]);
  });

  it('leaves a tab of the old version working after another tab took the update: its first download still saves byte-exact', async () => {
    const site = await publishFirstVersion();
    // The copier worker starts with a tab's first copy. The old tab's copier is a file the host
    // no longer has once the new version is served: only the service worker still keeps it.
    const copierOf = async (version: string): Promise<string | undefined> =>
      (await readdir(join(builds, version, 'assets'))).find((file) => file.startsWith('copier-worker-') && file.endsWith('.js'));
    const oldCopier = await copierOf('v1');
    expect(oldCopier).toBeDefined();
    expect(await copierOf('v2')).not.toBe(oldCopier);

    const context = await e2e.newContext();
    const stale = await context.newPage();
    const errors = collectErrors(stale);
    await stale.goto(site.url);
    await waitForListReady(stale);
    // The first version takes in the page it was installed from.
    await expect.poll(() => stale.evaluate(() => navigator.serviceWorker.controller !== null), { timeout: 15_000 }).toBe(true);
    const other = await context.newPage();
    errors.push(...collectErrors(other));
    await other.goto(site.url);
    await waitForListReady(other);
    const loads = countLoads(stale);

    await releaseSecondVersion();
    const askedBefore = site.served.length;
    await other.evaluate(async () => {
      await (await navigator.serviceWorker.getRegistration())?.update();
    });
    await note(other).waitFor({ state: 'visible', timeout: 30_000 });
    const reloaded = other.waitForEvent('load');
    await reloadButton(other).click();
    await reloaded;
    await waitForListReady(other);
    expect(await versionOf(other)).toBe('v2');

    // The stale tab was told, and was not reloaded.
    await note(stale).waitFor({ state: 'visible', timeout: 30_000 });
    expect(await versionOf(stale)).toBe('v1');
    expect(loads.count).toBe(0);
    // Closed, so that the download below runs in the old tab and nowhere else (tabs of one
    // browser share jobs: either could have taken it).
    await other.close();

    // The HTTP cache may still hold it (the host marks assets immutable), but nothing keeps it
    // there: empty it, as the browser may, so only the service worker's own cache can answer.
    await (await context.newCDPSession(stale)).send('Network.clearBrowserCache');
    const name = 'in-the-old-tab.bin';
    const size = 2 * MiB;
    const seed = 9202;
    await addUrls(stale, e2e.fileUrl(name, { size, seed }));
    await waitForStatus(row(stale, name), 'completed', 60_000);
    expect(await outputSize(stale, name)).toBe(size);
    expect(await readOutputSha256(stale, name)).toBe(sha256OfContent(size, seed));
    // The host, which no longer has it, was never asked for it: the service worker kept it.
    expect(site.served.slice(askedBefore).map((entry) => entry.path)).not.toContain(`/assets/${oldCopier}`);
    expect(errors).toEqual([]);
    expect(site.cspReports).toEqual([]);
  });
});
