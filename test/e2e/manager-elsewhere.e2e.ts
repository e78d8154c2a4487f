/**
 * While you are elsewhere: system notifications when a download finishes or fails (opt-in, only
 * while the tab is hidden), the tab's icon showing progress, and Escape on "Download again?".
 */
import { describe, expect, it } from 'vitest';
import { addUrls, downloadsList, pollUntil, row, rowText, settingsPanel, sleep, useE2e, waitForListReady, waitForStatus, type AppPage } from './harness';

const MiB = 1024 * 1024;
const e2e = useE2e();

interface Shown {
  title: string;
  body: string | undefined;
  tag: string | undefined;
}

/**
 * A spy, not a mock: every `new Notification(...)` is recorded and then made by the real
 * constructor, so the browser's own checks (permission, arguments) still apply.
 */
function spyOnNotifications(): void {
  const Real = window.Notification;
  const shown: Shown[] = [];
  class Spy extends Real {
    constructor(title: string, options?: NotificationOptions) {
      shown.push({ title, body: options?.body, tag: options?.tag });
      super(title, options);
    }
  }
  Object.defineProperty(Spy, 'permission', { get: () => Real.permission });
  Object.defineProperty(Spy, 'requestPermission', { value: Real.requestPermission.bind(Real) });
  Object.assign(window, { Notification: Spy, __shownNotifications: shown });
}

const shownNotifications = (app: AppPage): Promise<Shown[]> => app.page.evaluate(() => (window as unknown as { __shownNotifications: Shown[] }).__shownNotifications);

/**
 * Headless Chromium keeps every page 'visible': a second page brought to the front, a minimized
 * window (Browser.setWindowBounds) and another active tab (Target.activateTarget) all leave
 * `document.visibilityState` at 'visible', and Page.setWebLifecycleState 'frozen' stops the page
 * altogether. So the page is told it is hidden the way a browser tells it: the property reads
 * 'hidden' and a `visibilitychange` event fires.
 */
async function setHidden(app: AppPage, hidden: boolean): Promise<void> {
  await app.page.evaluate((h) => {
    Object.defineProperty(document, 'visibilityState', { configurable: true, get: () => (h ? 'hidden' : 'visible') });
    Object.defineProperty(document, 'hidden', { configurable: true, get: () => h });
    document.dispatchEvent(new Event('visibilitychange'));
  }, hidden);
}

function notifyBox(app: AppPage) {
  return settingsPanel(app.page).getByRole('checkbox', { name: 'Notify when downloads finish or fail' });
}

async function openSettings(app: AppPage): Promise<void> {
  const panel = settingsPanel(app.page);
  if (!(await panel.evaluate((d) => (d as HTMLDetailsElement).open))) await panel.locator('summary').first().click();
}

const iconHref = (app: AppPage): Promise<string | null> => app.page.evaluate(() => document.querySelector('link[rel~="icon"]')?.getAttribute('href') ?? null);

describe('while you are elsewhere', () => {
  it('notifies once per finished or failed download, only when asked and only while the tab is hidden', async () => {
    const app = await e2e.newAppPage();
    await app.context.addInitScript(spyOnNotifications);
    await app.context.grantPermissions(['notifications'], { origin: e2e.appOrigin });
    await app.page.reload();
    await waitForListReady(app.page);

    // Off by default: a download finishing in a hidden tab says nothing.
    await setHidden(app, true);
    await addUrls(app.page, e2e.fileUrl('quiet.bin', { size: 64 * 1024 }));
    await waitForStatus(row(app.page, 'quiet.bin'), 'completed', 30_000);
    await setHidden(app, false);
    expect(await shownNotifications(app)).toEqual([]);

    await openSettings(app);
    await notifyBox(app).check();
    expect(await notifyBox(app).isChecked()).toBe(true);

    // On, but the person is looking: the row is enough.
    await addUrls(app.page, e2e.fileUrl('watched.bin', { size: 64 * 1024 }));
    await waitForStatus(row(app.page, 'watched.bin'), 'completed', 30_000);
    await sleep(300);
    expect(await shownNotifications(app)).toEqual([]);

    // Hidden: one notification per job that finishes or fails, titled by its file name.
    await setHidden(app, true);
    await addUrls(app.page, [e2e.fileUrl('away.bin', { size: 2 * MiB, rate: 1_000_000 }), e2e.fileUrl('gone.bin', { size: MiB, fail: 404, fails: 100 })].join('\n'));
    await waitForStatus(row(app.page, 'away.bin'), 'completed', 30_000);
    await waitForStatus(row(app.page, 'gone.bin'), 'failed', 30_000);
    await sleep(500);
    const shown = await shownNotifications(app);
    expect(shown.map((n) => n.title).sort()).toEqual(['away.bin', 'gone.bin']);
    expect(shown.find((n) => n.title === 'away.bin')?.body).toBe('Download complete');
    const failure = shown.find((n) => n.title === 'gone.bin');
    expect(failure?.body).not.toBe('Download complete');
    expect(await rowText(row(app.page, 'gone.bin')), 'the failure reason, as the row says it').toContain(failure?.body ?? '(none)');
    expect(new Set(shown.map((n) => n.tag)).size, 'a tag per job').toBe(2);

    // The choice is this browser's: it is still on after a reload.
    await app.page.reload();
    await waitForListReady(app.page);
    await openSettings(app);
    expect(await notifyBox(app).isChecked()).toBe(true);
    expect(await shownNotifications(app), 'the jobs found on loading notify nothing').toEqual([]);
  });

  it('a refused permission leaves the box unchecked and says so', async () => {
    const app = await e2e.newAppPage();
    // Granting none denies the rest (CDP Browser.grantPermissions), as a person's "Block" would.
    await app.context.grantPermissions([], { origin: e2e.appOrigin });
    await openSettings(app);
    await notifyBox(app).click();
    const panel = settingsPanel(app.page);
    await expect.poll(() => panel.getByRole('status').allInnerTexts()).toContainEqual(expect.stringContaining('Notifications are blocked for this page'));
    expect(await notifyBox(app).isChecked()).toBe(false);
    expect(await app.page.evaluate(() => localStorage.getItem('rangefetch.notifyWhenDone'))).toBeNull();
  });

  it('the tab icon shows a progress ring while downloading, redrawn at most twice a second, then the app icon again', async () => {
    const app = await e2e.newAppPage();
    expect(await iconHref(app)).toBe('/favicon.svg');
    await app.page.evaluate(() => {
      const changes: Array<{ at: number; href: string }> = [];
      const link = document.querySelector('link[rel~="icon"]')!;
      new MutationObserver(() => changes.push({ at: performance.now(), href: link.getAttribute('href') ?? '' })).observe(link, { attributeFilter: ['href'] });
      Object.assign(window, { __iconChanges: changes });
    });
    await addUrls(app.page, e2e.fileUrl('ring.bin', { size: 3 * MiB, rate: 600_000 }));
    await pollUntil(async () => ((await iconHref(app))?.startsWith('data:image/png;base64,') ? true : undefined), 10_000, async () => `icon: ${(await iconHref(app))?.slice(0, 40)}`);
    await waitForStatus(row(app.page, 'ring.bin'), 'completed', 60_000);
    await pollUntil(async () => ((await iconHref(app)) === '/favicon.svg' ? true : undefined), 5_000, async () => `icon: ${(await iconHref(app))?.slice(0, 40)}`);

    const changes = await app.page.evaluate(() => (window as unknown as { __iconChanges: Array<{ at: number; href: string }> }).__iconChanges);
    const rings = changes.filter((c) => c.href.startsWith('data:'));
    expect(rings.length, 'several rings over a download of about 5 s').toBeGreaterThan(2);
    const gaps = rings.slice(1).map((c, i) => c.at - rings[i]!.at);
    expect(Math.min(...gaps), 'ms between two redraws').toBeGreaterThanOrEqual(450);
    expect(new Set(rings.map((c) => c.href)).size, 'the ring grows').toBeGreaterThan(1);
    expect(changes.at(-1)?.href).toBe('/favicon.svg');
  });

  it('Escape on "Download again?" adds nothing and gives focus back to Download', async () => {
    const app = await e2e.newAppPage();
    const url = e2e.fileUrl('twice.bin', { size: 64 * 1024 });
    await addUrls(app.page, url);
    await waitForStatus(row(app.page, 'twice.bin'), 'completed', 30_000);

    await addUrls(app.page, url);
    const question = app.page.getByRole('alertdialog');
    await expect.poll(() => question.innerText()).toContain('Download again?');
    await expect.poll(() => app.page.evaluate(() => document.activeElement?.textContent)).toBe("Don't download");
    await app.page.keyboard.press('Escape');
    await expect.poll(() => question.count()).toBe(0);
    expect(await app.page.evaluate(() => document.activeElement?.textContent)).toBe('Download');
    await sleep(500);
    expect(await downloadsList(app.page).getByRole('listitem').count()).toBe(1);
  });
});
