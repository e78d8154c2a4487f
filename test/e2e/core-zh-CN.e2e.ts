import { describe, expect, it } from 'vitest';
import { en } from '../../src/ui/i18n/en';
import { zhCN } from '../../src/ui/i18n/zh-CN';
import { coreSuite } from './core-suite';
import { useE2e, waitForListReady } from './harness';

// The core downloads again, in a browser whose language is Simplified Chinese: the page speaks
// it without being asked, and every control the suite uses is found by its Chinese name.
coreSuite('zh-CN');

describe('the page in Chinese', () => {
  const e2e = useE2e({ lang: 'zh-CN' });

  it('opens in Simplified Chinese for a zh-CN browser', async () => {
    const { page } = await e2e.newAppPage();
    expect(await page.evaluate(() => navigator.language)).toBe('zh-CN');
    expect(await page.evaluate(() => document.documentElement.lang)).toBe('zh-CN');
    await expect(page.getByRole('heading', { name: zhCN.app.downloads, exact: true }).isVisible()).resolves.toBe(true);
    await expect(page.getByText(zhCN.app.tagline, { exact: true }).isVisible()).resolves.toBe(true);
    await expect(page.getByRole('button', { name: zhCN.add.download, exact: true }).isVisible()).resolves.toBe(true);
    // The switch names itself in the page's language and each language in its own.
    const select = page.getByRole('combobox', { name: zhCN.language.label, exact: true });
    expect(await select.inputValue()).toBe('zh-CN');
    expect(await select.locator('option').allInnerTexts()).toEqual(['English', '简体中文']);
    // Nothing English is left on the empty page but names (Rangefetch, URL examples, Ctrl+Enter).
    const text = await page.locator('main').innerText();
    expect(text).not.toContain(en.app.tagline);
    expect(text).not.toContain(en.app.empty);
  });
});

describe('the language switch', () => {
  // An English browser: the person chooses Chinese on the page.
  const e2e = useE2e({ lang: 'en' });

  it('switches to 简体中文 at once, and the page is still Chinese after a reload', async () => {
    const { page } = await e2e.newAppPage();
    expect(await page.evaluate(() => document.documentElement.lang)).toBe('en');
    await page.getByRole('combobox', { name: en.language.label, exact: true }).selectOption({ label: '简体中文' });
    // Applied without a reload: the heading, the list's name and the html lang follow.
    await page.getByRole('heading', { name: zhCN.app.downloads, exact: true }).waitFor();
    expect(await page.evaluate(() => document.documentElement.lang)).toBe('zh-CN');
    await page.getByRole('list', { name: zhCN.app.downloads, exact: true }).waitFor({ state: 'attached' });

    await page.reload();
    await page.locator(`ul[aria-label="${zhCN.app.downloads}"]:not([aria-busy="true"])`).waitFor({ state: 'attached' });
    expect(await page.evaluate(() => document.documentElement.lang)).toBe('zh-CN');
    await expect(page.getByText(zhCN.app.tagline, { exact: true }).isVisible()).resolves.toBe(true);
    const select = page.getByRole('combobox', { name: zhCN.language.label, exact: true });
    expect(await select.inputValue()).toBe('zh-CN');

    // And back: English names again, for the helpers of this file.
    await select.selectOption({ label: 'English' });
    await page.getByRole('heading', { name: en.app.downloads, exact: true }).waitFor();
    await page.reload();
    await waitForListReady(page);
    expect(await page.evaluate(() => document.documentElement.lang)).toBe('en');
  });
});
