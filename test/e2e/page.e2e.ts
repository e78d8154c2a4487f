/** The page as a person uses it: focus, what is read out, narrow screens, what the built page asks for. */
import { describe, expect, it } from 'vitest';
import {
  addUrls,
  applySettings,
  pollUntil,
  row,
  rowButton,
  useE2e,
  settingsPanel,
  waitForListReady,
  waitForProgress,
  waitForStatus,
} from './harness';

const MiB = 1024 * 1024;
const e2e = useE2e();

describe('the page', () => {
  it('keeps focus in the row when the clicked button goes away (Pause, Resume, Cancel)', async () => {
    const app = await e2e.newAppPage();
    const name = 'focus.bin';
    await addUrls(app.page, e2e.fileUrl(name, { size: 8 * MiB, seed: 7001, rate: 300_000 }));
    const target = row(app.page, name);
    await waitForProgress(target, 0.02, 30_000);
    const focusIsInRow = (): Promise<boolean> =>
      target.evaluate((li) => document.activeElement !== null && document.activeElement !== document.body && li.contains(document.activeElement));
    for (const [button, status] of [
      ['Pause', 'paused'],
      ['Resume', 'downloading'],
      ['Cancel', 'canceled'],
    ] as const) {
      await rowButton(target, button).click();
      await waitForStatus(target, status, 15_000);
      expect(await focusIsInRow(), `focus after ${button}`).toBe(true);
    }
  });

  it('reads out finished downloads in a polite live region', async () => {
    const app = await e2e.newAppPage();
    const name = 'announced.bin';
    await addUrls(app.page, e2e.fileUrl(name, { size: MiB, seed: 7002 }));
    await waitForStatus(row(app.page, name), 'completed', 30_000);
    const region = app.page.getByRole('status').filter({ hasText: `${name} completed` });
    await region.waitFor({ state: 'attached', timeout: 5_000 });
    expect(await region.getAttribute('aria-live')).toBe('polite');
  });

  it('drops the duplicate-link question once the job it names is removed', async () => {
    const app = await e2e.newAppPage();
    const name = 'asked-twice.bin';
    const url = e2e.fileUrl(name, { size: MiB, seed: 7003 });
    await addUrls(app.page, url);
    await waitForStatus(row(app.page, name), 'completed', 30_000);
    await addUrls(app.page, url);
    const question = app.page.getByRole('alertdialog');
    await question.waitFor({ state: 'visible', timeout: 5_000 });
    await rowButton(row(app.page, name), 'Remove').click();
    await question.waitFor({ state: 'detached', timeout: 5_000 });
  });

  it('fits a 360 px wide screen whatever the length of names and links', async () => {
    const app = await e2e.newAppPage();
    await app.page.setViewportSize({ width: 360, height: 800 });
    // Long, but within the 200 bytes a name is cut to.
    const long = `${'a-very-long-file-name-'.repeat(8)}.iso`;
    await addUrls(app.page, `${e2e.fileUrl(long, { size: MiB, seed: 7004 })} sha256=${'0'.repeat(64)}`);
    // A checksum that does not match fails the row, which then shows both long hashes.
    const failed = await waitForStatus(row(app.page, long), 'failed', 30_000);
    expect(failed.reason ?? '').toContain('0'.repeat(64));
    const width = await app.page.evaluate(() => document.documentElement.scrollWidth);
    expect(width, 'page width at 360 px').toBeLessThanOrEqual(360);
  });

  it('the built page asks no sample server for anything and allows no WebAssembly', async () => {
    const context = await e2e.newContext();
    const page = await context.newPage();
    const asked: string[] = [];
    page.on('request', (request) => asked.push(request.url()));
    await page.goto(e2e.appUrl);
    await page.waitForLoadState('networkidle');
    expect(asked.filter((url) => new URL(url).origin !== e2e.appOrigin)).toEqual([]);
    const policy = await page.locator('meta[http-equiv="Content-Security-Policy"]').getAttribute('content');
    expect(policy).toContain("script-src 'self'");
    expect(policy).not.toContain('wasm-unsafe-eval');
  });

  it('Settings explain each field in one line, and Reset to defaults stores the defaults', async () => {
    const app = await e2e.newAppPage();
    await applySettings(app.page, { connectionsPerServer: 3, speedLimitMBps: 2.5 });
    const panel = settingsPanel(app.page);
    const speed = panel.getByRole('spinbutton', { name: 'Speed limit (MiB/s, 0 for none)', exact: true });
    // The help line is the field's description, so it is read out with it.
    const described = await speed.evaluate((input) => document.getElementById(input.getAttribute('aria-describedby') ?? '')?.textContent ?? '');
    expect(described).toContain('the rows show speeds in the same unit');
    await panel.getByRole('button', { name: 'Reset to defaults', exact: true }).click();
    await expect.poll(async () => (await panel.getByRole('status').allInnerTexts()).join(' ')).toContain('Saved');
    // Stored, not only shown: a reload shows the defaults.
    await app.page.reload();
    await waitForListReady(app.page);
    await settingsPanel(app.page).locator('summary').click();
    const connections = settingsPanel(app.page).getByRole('spinbutton', { name: 'Connections per server', exact: true });
    await pollUntil(async () => ((await connections.inputValue()) === '6' ? true : undefined), 5_000, async () => `connections: ${await connections.inputValue()}`);
    expect(await settingsPanel(app.page).getByRole('spinbutton', { name: 'Speed limit (MiB/s, 0 for none)', exact: true }).inputValue()).toBe('0');
  });
});
