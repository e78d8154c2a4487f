import type { Dialog, Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { contentSeed, sha256OfContent } from '../origin/bytes';
import { listStatuses, readOutputSha256, row, sleep, useE2e, waitForListReady, waitForStatus, type AppPage } from './harness';

const KiB = 1024;
const e2e = useE2e();

function urlField(page: Page) {
  return page.getByRole('textbox', { name: 'URL', exact: true });
}

/** Opens the app of `app` anew at its address plus `suffix` (a query or a fragment), as another app or page would. */
async function openWith(app: AppPage, suffix: string): Promise<void> {
  // From elsewhere: a fragment alone would not load the page again.
  await app.page.goto('about:blank');
  await app.page.goto(`${e2e.appUrl}${suffix}`);
  await waitForListReady(app.page);
}

/** The handed-in links are in the field, the address bar is back to the app's own address, nothing started. */
async function expectHandedIn(page: Page, text: string): Promise<void> {
  await expect.poll(() => urlField(page).inputValue()).toBe(text);
  await expect.poll(() => page.url()).toBe(e2e.appUrl);
  expect(await page.evaluate(() => document.activeElement?.id), 'the field has focus, ready for Ctrl+Enter').toBe('url-input');
  expect(await listStatuses(page), 'nothing starts by itself').toEqual([]);
}

/** The bookmarklet's address as the app page renders it in "Add links from any page". */
async function bookmarkletOf(page: Page): Promise<string> {
  await page.getByText('Add links from any page', { exact: true }).click();
  const href = await page.getByRole('link', { name: 'Rangefetch: collect links', exact: true }).getAttribute('href');
  expect(href?.startsWith('javascript:'), 'Preact renders the javascript: address as it is').toBe(true);
  return href ?? '';
}

/**
 * A page of another site (the test origin) with links to its files, relative and absolute, and
 * things that are not downloads: an in-page anchor, mailto:, javascript:, a repeat with a fragment.
 */
async function openLinkPage(app: AppPage, sizes: Record<string, number>): Promise<Page> {
  const page = await app.context.newPage();
  await page.goto(`${e2e.origin.url}/samples`);
  const [iso1, iso2, text, clip] = ['disc-1.iso', 'disc-2.ISO', 'readme.txt', 'clip.mp4'].map((name) => `/files/${name}?size=${sizes[name] ?? 1024}`);
  await page.setContent(`<!doctype html><title>Mirror</title>
    <h1 id="top">Files</h1>
    <p><a href="${iso1}">Disc 1</a> <a href="${e2e.origin.url}${iso2}">Disc 2</a> <a href="${text}">Read me</a>
    <a href="#top">Top</a> <a href="mailto:files@example.com">Mail</a> <a href="javascript:void 0">Menu</a>
    <a href="${iso1}#again">Disc 1 again</a></p>
    <video src="${clip}"></video>`);
  return page;
}

/** Puts the bookmarklet on `page` as a link and clicks it, as a click on the bookmark would run it there. */
async function runBookmarklet(page: Page, href: string): Promise<void> {
  await page.evaluate((address) => {
    const link = document.createElement('a');
    link.href = address;
    link.textContent = 'Rangefetch: collect links';
    document.body.append(link);
  }, href);
  await page.getByRole('link', { name: 'Rangefetch: collect links', exact: true }).click();
}

describe('links handed in by the address', () => {
  it('shared text with a sentence around the link fills the field, and a reload does not again', async () => {
    const link = e2e.fileUrl('shared.bin', { size: 1024 });
    const app = await e2e.newAppPage();
    await openWith(app, `?share-title=Shared&share-text=${encodeURIComponent(`Look at ${link} — it is small.`)}`);
    await expectHandedIn(app.page, link);
    await app.page.reload();
    await waitForListReady(app.page);
    expect(await urlField(app.page).inputValue()).toBe('');
  });

  it('a shared URL fills the field', async () => {
    const link = e2e.fileUrl('shared-url.bin', { size: 1024 });
    const app = await e2e.newAppPage();
    await openWith(app, `?share-url=${encodeURIComponent(link)}&share-text=&share-title=`);
    await expectHandedIn(app.page, link);
  });

  it('a web+rangefetch: link fills the field, the link after the scheme plain or encoded', async () => {
    const first = e2e.fileUrl('protocol-1.bin', { size: 1024 });
    const second = e2e.fileUrl('protocol-2.bin', { size: 1024 });
    const app = await e2e.newAppPage();
    // As Chromium hands it to the handler's "./?link=%s": the whole web+rangefetch: URL, encoded.
    await openWith(app, `?link=${encodeURIComponent(`web+rangefetch:${first}`)}`);
    await expectHandedIn(app.page, first);
    await openWith(app, `?link=${encodeURIComponent(`web+rangefetch:${encodeURIComponent(second)}`)}`);
    await expectHandedIn(app.page, second);
  });

  it('the #add= fragment fills the field with each link on its line', async () => {
    const links = [e2e.fileUrl('fragment-1.bin', { size: 1024 }), e2e.fileUrl('fragment-2.bin', { size: 1024 })];
    const app = await e2e.newAppPage();
    await openWith(app, `#add=${encodeURIComponent(links.join('\n'))}`);
    await expectHandedIn(app.page, links.join('\n'));
  });

  it('an #add= put on the address of the open page joins what the field holds', async () => {
    const link = e2e.fileUrl('later.bin', { size: 1024 });
    const app = await e2e.newAppPage();
    await urlField(app.page).fill('https://example.com/typed.iso');
    await app.page.goto(`${e2e.appUrl}#add=${encodeURIComponent(link)}`);
    await expectHandedIn(app.page, `https://example.com/typed.iso\n${link}`);
  });

  it('a link that is not http(s) gets the form’s message at once, and nothing is lost', async () => {
    const good = e2e.fileUrl('fine.bin', { size: 1024 });
    const app = await e2e.newAppPage();
    await openWith(app, `#add=${encodeURIComponent(`ftp://files.example/x.iso\n${good}`)}`);
    await expectHandedIn(app.page, `ftp://files.example/x.iso\n${good}`);
    await expect.poll(() => app.page.locator('#url-errors').textContent()).toContain('Line 1: only http and https links can be downloaded (got ftp:).');
    expect(await app.page.getByRole('button', { name: 'Add the valid ones', exact: true }).count()).toBe(1);
  });
});

describe('the bookmarklet', () => {
  it('clicked on the app page itself, says to drag it and opens nothing', async () => {
    const app = await e2e.newAppPage();
    await bookmarkletOf(app.page);
    const pages = app.context.pages().length;
    await app.page.getByRole('link', { name: 'Rangefetch: collect links', exact: true }).click();
    await expect
      .poll(() => app.page.getByRole('status').filter({ hasText: 'Drag this link to your bookmarks bar' }).count())
      .toBe(1);
    await sleep(300);
    expect(app.context.pages()).toHaveLength(pages);
    expect(app.page.url()).toBe(e2e.appUrl);

    // Dragged towards the bookmarks bar, it is not mistaken for links dropped on the page.
    const hinted = await app.page.getByRole('link', { name: 'Rangefetch: collect links', exact: true }).evaluate((link) => {
      const data = new DataTransfer();
      data.setData('text/uri-list', (link as HTMLAnchorElement).href);
      link.dispatchEvent(new DragEvent('dragstart', { dataTransfer: data, bubbles: true, cancelable: true }));
      document.body.dispatchEvent(new DragEvent('dragenter', { dataTransfer: data, bubbles: true, cancelable: true }));
      const shown = document.body.classList.contains('drop-target');
      link.dispatchEvent(new DragEvent('dragend', { dataTransfer: data, bubbles: true }));
      return shown;
    });
    expect(hinted, 'no "drop here" hint while the bookmarklet is dragged').toBe(false);
  });

  it('collects the matching links of another site’s page and opens the app with them; one completes byte-exact', async () => {
    const sizes = { 'disc-1.iso': 256 * KiB, 'disc-2.ISO': 96 * KiB, 'readme.txt': 1024, 'clip.mp4': 2048 };
    const app = await e2e.newAppPage();
    const href = await bookmarkletOf(app.page);
    const site = await openLinkPage(app, sizes);
    // The app's first tab stays open, as it often will: the new tab's jobs may be driven by either.

    const asked: string[] = [];
    site.once('dialog', (dialog: Dialog) => {
      asked.push(dialog.message());
      void dialog.accept('*.iso');
    });
    const popupOpened = app.context.waitForEvent('page');
    await runBookmarklet(site, href);
    const popup = await popupOpened;
    const errors: string[] = [];
    popup.on('pageerror', (error) => errors.push(error.message));
    popup.on('console', (message) => {
      if (message.type() === 'error' && /Uncaught|Unhandled/i.test(message.text())) errors.push(message.text());
    });
    // The four http(s) links, each once: not the anchor, mailto:, javascript: or the repeat.
    expect(asked).toEqual([
      'Rangefetch found links on this page: 4. To take only some, type a pattern such as *.iso (several: *.iso *.zip); leave it empty for all.',
    ]);

    await popup.waitForURL((url) => url.href.startsWith(e2e.appUrl));
    await waitForListReady(popup);
    const iso = (name: string) => `${e2e.origin.url}/files/${name}?size=${sizes[name as keyof typeof sizes]}`;
    await expectHandedIn(popup, `${iso('disc-1.iso')}\n${iso('disc-2.ISO')}`);

    await popup.getByRole('button', { name: 'Download', exact: true }).click();
    for (const name of ['disc-1.iso', 'disc-2.ISO']) {
      await waitForStatus(row(popup, name), 'completed', 60_000);
      expect(await readOutputSha256(popup, name), `sha256 of ${name}`).toBe(sha256OfContent(sizes[name as keyof typeof sizes], contentSeed(name)));
    }
    expect(errors).toEqual([]);
  });

  it('says so on the page when no link matches, and opens nothing', async () => {
    const app = await e2e.newAppPage();
    const href = await bookmarkletOf(app.page);
    const site = await openLinkPage(app, {});
    const dialogs: string[] = [];
    site.on('dialog', (dialog: Dialog) => {
      dialogs.push(`${dialog.type()}: ${dialog.message()}`);
      void (dialog.type() === 'prompt' ? dialog.accept('*.dmg') : dialog.accept());
    });
    const pages = app.context.pages().length;
    await runBookmarklet(site, href);
    await expect.poll(() => dialogs.length).toBe(2);
    expect(dialogs[1]).toBe('alert: Rangefetch: no link on this page matches *.dmg.');
    await sleep(300);
    expect(app.context.pages()).toHaveLength(pages);
  });
});
