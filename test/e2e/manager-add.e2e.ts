import { describe, expect, it } from 'vitest';
import { contentSeed, sha256OfContent } from '../origin/bytes';
import { downloadsList, listStatuses, outputSize, readOutputSha256, row, sleep, useE2e, waitForStatus, type AppPage } from './harness';

const KiB = 1024;

const e2e = useE2e();

function urlField(app: AppPage) {
  return app.page.getByRole('textbox', { name: 'URL', exact: true });
}

/** A link on the test origin written by hand: fileUrl would percent-encode the pattern's brackets. */
function patternUrl(path: string, query: string): string {
  return `${e2e.origin.url.replace(/\/$/, '')}/files/${path}?${query}`;
}

async function expectOutput(app: AppPage, name: string, size: number): Promise<void> {
  expect(await outputSize(app.page, name), `size of ${name}`).toBe(size);
  expect(await readOutputSha256(app.page, name), `sha256 of ${name}`).toBe(sha256OfContent(size, contentSeed(name)));
}

describe('adding many links', () => {
  it('previews a numbered pattern, then adds its downloads, each byte-exact', async () => {
    const size = 300 * KiB;
    const app = await e2e.newAppPage();
    await urlField(app).fill(patternUrl('p[1-3].bin', `size=${size}`));
    await app.page.getByRole('button', { name: 'Download', exact: true }).click();

    const dialog = app.page.getByRole('alertdialog');
    await expect.poll(() => dialog.textContent()).toContain('This adds 3 downloads.');
    const text = (await dialog.textContent()) ?? '';
    for (const n of [1, 2, 3]) expect(text).toContain(`/files/p${n}.bin`);
    // The safe answer has focus, as the duplicate question's has.
    await expect.poll(() => app.page.evaluate(() => document.activeElement?.textContent)).toBe('Cancel');
    expect(await listStatuses(app.page), 'nothing is queued before the answer').toEqual([]);

    await dialog.getByRole('button', { name: 'Add 3 downloads', exact: true }).click();
    for (const name of ['p1.bin', 'p2.bin', 'p3.bin']) await waitForStatus(row(app.page, name), 'completed', 30_000);
    expect(await downloadsList(app.page).getByRole('listitem').count()).toBe(3);
    for (const name of ['p1.bin', 'p2.bin', 'p3.bin']) await expectOutput(app, name, size);
    expect(await urlField(app).inputValue()).toBe('');
  });

  it('Cancel and Escape close the preview without adding anything', async () => {
    const app = await e2e.newAppPage();
    await urlField(app).fill(patternUrl('q[01-12].bin', 'size=1024'));
    await app.page.getByRole('button', { name: 'Download', exact: true }).click();
    const dialog = app.page.getByRole('alertdialog');
    await expect.poll(() => dialog.textContent()).toContain('This adds 12 downloads.');
    expect(await dialog.getByRole('button', { name: 'Add 12 downloads', exact: true }).count()).toBe(1);
    await app.page.keyboard.press('Escape');
    await expect.poll(() => dialog.count()).toBe(0);

    await app.page.getByRole('button', { name: 'Download', exact: true }).click();
    await dialog.getByRole('button', { name: 'Cancel', exact: true }).click();
    await expect.poll(() => dialog.count()).toBe(0);
    await sleep(300);
    expect(await listStatuses(app.page)).toEqual([]);
    expect(await urlField(app).inputValue(), 'the field keeps the pattern').toContain('q[01-12].bin');
  });

  it('a pattern over the cap, or malformed, is refused with a message and no preview', async () => {
    const app = await e2e.newAppPage();
    await urlField(app).fill(patternUrl('r[1-2500].bin', 'size=1024'));
    await urlField(app).press('Control+Enter');
    const alert = app.page.locator('#url-errors');
    await expect.poll(() => alert.textContent()).toContain('This pattern makes 2,500 links; at most 1,000 can be added at once.');
    expect(await app.page.getByRole('alertdialog').count()).toBe(0);
    expect(await app.page.getByRole('button', { name: 'Add the valid ones', exact: true }).count()).toBe(0);

    await urlField(app).fill(`${e2e.fileUrl('fine.bin', { size: 1024 })}\n${patternUrl('s[5-1].bin', 'size=1024')}`);
    await urlField(app).press('Control+Enter');
    await expect.poll(() => alert.textContent()).toContain('Line 2: [5-1] counts down');
    expect(await app.page.getByRole('alertdialog').count()).toBe(0);
    expect(await listStatuses(app.page)).toEqual([]);
  });

  it('Ctrl+Enter in the URL field downloads', async () => {
    const name = 'ctrl-enter.bin';
    const size = 64 * KiB;
    const app = await e2e.newAppPage();
    await urlField(app).fill(e2e.fileUrl(name, { size }));
    await urlField(app).press('Control+Enter');
    await waitForStatus(row(app.page, name), 'completed', 30_000);
    await expectOutput(app, name, size);
  });

  it('a paste with a bad line offers to add the valid ones, and adds only those', async () => {
    const size = 32 * KiB;
    const app = await e2e.newAppPage();
    await urlField(app).fill([e2e.fileUrl('good-1.bin', { size }), 'example.com/not a link', e2e.fileUrl('good-2.bin', { size })].join('\n'));
    await app.page.getByRole('button', { name: 'Download', exact: true }).click();
    const alert = app.page.locator('#url-errors');
    await expect.poll(() => alert.textContent()).toContain('Line 2:');
    expect(await listStatuses(app.page)).toEqual([]);

    await app.page.getByRole('button', { name: 'Add the valid ones', exact: true }).click();
    await waitForStatus(row(app.page, 'good-1.bin'), 'completed', 30_000);
    await waitForStatus(row(app.page, 'good-2.bin'), 'completed', 30_000);
    expect(await downloadsList(app.page).getByRole('listitem').count()).toBe(2);
    await expectOutput(app, 'good-1.bin', size);
    await expectOutput(app, 'good-2.bin', size);
    expect(await app.page.getByRole('button', { name: 'Add the valid ones', exact: true }).count()).toBe(0);
    expect(await urlField(app).inputValue(), 'the bad line is left to fix').toBe('example.com/not a link');
  });

  it('no "Add the valid ones" when no line is valid', async () => {
    const app = await e2e.newAppPage();
    await urlField(app).fill('not a link\nftp://example.com/x');
    await app.page.getByRole('button', { name: 'Download', exact: true }).click();
    await expect.poll(() => app.page.locator('#url-errors').textContent()).toContain('Line 1:');
    expect(await app.page.getByRole('button', { name: 'Add the valid ones', exact: true }).count()).toBe(0);
  });

  it('a dropped .txt file fills the URL field and starts nothing', async () => {
    const app = await e2e.newAppPage();
    await urlField(app).fill('https://example.com/already-there.iso');
    const first = e2e.fileUrl('dropped-1.bin', { size: 1024 });
    const second = e2e.fileUrl('dropped-2.bin', { size: 1024 });
    const hinted = await app.page.evaluate(
      ([content]) => {
        const data = new DataTransfer();
        data.items.add(new File([content ?? ''], 'links.txt', { type: 'text/plain' }));
        const target = document.querySelector('.downloads') ?? document.body;
        target.dispatchEvent(new DragEvent('dragenter', { dataTransfer: data, bubbles: true, cancelable: true }));
        target.dispatchEvent(new DragEvent('dragover', { dataTransfer: data, bubbles: true, cancelable: true }));
        const shown = document.body.classList.contains('drop-target');
        target.dispatchEvent(new DragEvent('drop', { dataTransfer: data, bubbles: true, cancelable: true }));
        return shown && !document.body.classList.contains('drop-target');
      },
      [`${first}\r\n${second}\r\n`],
    );
    expect(hinted, 'the hint shows while dragging and goes at the drop').toBe(true);
    await expect
      .poll(() => urlField(app).inputValue())
      .toBe(`https://example.com/already-there.iso\n${first}\n${second}`);
    await expect.poll(() => app.page.evaluate(() => document.activeElement?.id)).toBe('url-input');
    await sleep(300);
    expect(await listStatuses(app.page), 'a drop starts nothing').toEqual([]);
  });

  it('dropped links (text/uri-list) go into the field too', async () => {
    const app = await e2e.newAppPage();
    await app.page.evaluate(() => {
      const data = new DataTransfer();
      data.setData('text/uri-list', '# comment\r\nhttps://example.com/a.iso\r\nhttps://example.com/b.iso');
      document.body.dispatchEvent(new DragEvent('drop', { dataTransfer: data, bubbles: true, cancelable: true }));
    });
    await expect.poll(() => urlField(app).inputValue()).toBe('https://example.com/a.iso\nhttps://example.com/b.iso');
  });
});
