import { createServer, type AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { contentSeed, sha256OfContent } from '../origin/bytes';
import { startOrigin } from '../origin/server';
import { addUrls, listStatuses, outputSize, readOutputSha256, row, rowButton, rowText, useE2e, waitForProgress, waitForStatus, type AppPage, type Origin } from './harness';

const MiB = 1024 * 1024;
/** Big enough for a dozen connections to each take a piece (pieces are 1 MiB at least). */
const SIZE = 12 * MiB;
/** Per response: the browser's six connections to one server give 3 MiB/s in all. */
const RATE = 512 * 1024;

const e2e = useE2e();
/** A second server of the same files: another port is another host to the browser's 6-per-host limit. */
let mirror: Origin | null = null;

beforeAll(async () => {
  mirror = await startOrigin();
});

afterAll(async () => {
  await mirror?.close();
});

/** A port on this machine that nothing listens on. */
async function closedPort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}

function mirrorUrl(name: string, params: Record<string, string | number>): string {
  if (mirror === null) throw new Error('mirror not started');
  const query = new URLSearchParams(Object.entries(params).map(([k, v]) => [k, String(v)]));
  return `${mirror.url}/files/${encodeURIComponent(name)}?${query.toString()}`;
}

async function expectExact(app: AppPage, name: string, size: number): Promise<void> {
  expect(await outputSize(app.page, name), `size of ${name}`).toBe(size);
  expect(await readOutputSha256(app.page, name), `sha256 of ${name}`).toBe(sha256OfContent(size, contentSeed(name)));
}

/** Adds `text` and waits for the row `name` to complete; the seconds it took. */
async function timedDownload(app: AppPage, text: string, name: string): Promise<number> {
  const started = performance.now();
  await addUrls(app.page, text);
  await waitForStatus(row(app.page, name), 'completed', 30_000);
  return (performance.now() - started) / 1000;
}

describe('one file from several servers', () => {
  it('two servers at a paced rate: the file arrives byte-exact, each gives a real share, and sooner than from one', async () => {
    const app = await e2e.newAppPage();
    const single = 'one-server.bin';
    const alone = await timedDownload(app, e2e.fileUrl(single, { size: SIZE, rate: RATE }), single);
    await expectExact(app, single, SIZE);

    const name = 'two-servers.bin';
    const link = e2e.fileUrl(name, { size: SIZE, rate: RATE });
    const both = await timedDownload(app, `${link}\t${mirrorUrl(name, { size: SIZE, rate: RATE })}`, name);
    await expectExact(app, name, SIZE);
    const fromLink = e2e.origin.stats(name).bytesSent;
    const fromMirror = mirror?.stats(name).bytesSent ?? 0;
    expect(fromLink, 'the link gave a real share').toBeGreaterThan(SIZE * 0.25);
    expect(fromMirror, 'the mirror gave a real share').toBeGreaterThan(SIZE * 0.25);
    console.log(`mirror speed-up: ${SIZE / MiB} MiB at ${RATE / 1024} KiB/s per response: one server ${alone.toFixed(2)} s, two servers ${both.toFixed(2)} s, x${(alone / both).toFixed(2)}`);
    expect(both, 'two servers are faster than one').toBeLessThan(alone * 0.8);

    const text = await rowText(row(app.page, name));
    const mirrorHost = new URL(mirrorUrl(name, {})).host;
    expect(text).toContain(mirrorHost);
    expect(text).toContain(new URL(link).host);
  });

  it('a mirror that serves different bytes is dropped with a note, and the file is still right', async () => {
    const app = await e2e.newAppPage();
    const name = 'bad-mirror.bin';
    const size = 4 * MiB;
    const link = e2e.fileUrl(name, { size, rate: 2 * MiB });
    // The same name and size, other bytes (another seed): another file that only looks the same.
    const impostor = mirrorUrl(name, { size, rate: 2 * MiB, seed: 12345 });
    // And one that fails: the same server under another host name, answering 404.
    const failing = `http://localhost:${mirror?.port ?? 0}/files/${name}?size=${size}&fail=404&fails=100`;
    await addUrls(app.page, `${link}\t${impostor}\t${failing}`);
    const done = await waitForStatus(row(app.page, name), 'completed', 30_000);
    await expectExact(app, name, size);
    // The note says the last of the two that were dropped.
    expect(done.notes.join(' ')).toMatch(/^Mirror \S+ dropped: it (serves a different file|failed)/);
    // Of the impostor only its fingerprint was asked, two small ranges (and the other one's 404
    // pages): nothing of either was staged.
    expect(mirror?.stats(name).bytesSent ?? 0).toBeLessThanOrEqual(2 * 64 * 1024 + 1024);
    const servers = await row(app.page, name).getByRole('list', { name: 'Servers' }).getByRole('listitem').allInnerTexts();
    expect(servers).toHaveLength(3);
    expect(servers[1]).toBe(`${new URL(impostor).host} dropped: it serves a different file (its first and last bytes are different)`);
    expect(servers[2]).toBe(`localhost:${mirror?.port ?? 0} dropped: it failed: The server answered 404 Not Found`);
  });

  it('a mirror cut off on the last pieces, once the link had nothing left to take, leaves no hole', async () => {
    const app = await e2e.newAppPage();
    const name = 'mirror-cut-late.bin';
    // Twelve 2 MiB pieces: the link takes six and is done with them long before the slow mirror,
    // and a piece with less than 2 MiB left is not split, so the link has nothing more to take.
    const size = 24 * MiB;
    const link = e2e.fileUrl(name, { size, rate: 2 * MiB });
    const slow = mirrorUrl(name, { size, rate: 256 * 1024, cut: 600_000, cuts: 1 });
    await addUrls(app.page, `${link}\t${slow}`);
    const done = await waitForStatus(row(app.page, name), 'completed', 60_000);
    await expectExact(app, name, size);
    const stats = mirror?.stats(name);
    console.log(`[e2e] late cut: mirror sent ${stats?.bytesSent}; ranges ${stats?.ranges.join(' ')}; statuses ${stats?.statuses.join(' ')}`);
    expect(done.notes.join(' ')).toMatch(/^Mirror \S+ dropped: it failed/);
    expect(stats?.bytesSent ?? 0, 'the mirror had ranges to give').toBeGreaterThan(1024 * 1024);
  });

  it('a link that stops answering midway leaves its ranges to the mirror, which finishes the file', async () => {
    const app = await e2e.newAppPage();
    const name = 'link-dies.bin';
    const size = 12 * MiB;
    // After its probe, its fingerprint's two ranges and one more, the link answers 503 for good:
    // retried alone for minutes, it would fail the job with the mirror's work half done.
    const link = e2e.fileUrl(name, { size, rate: RATE, failafter: 4, fail: 503, fails: 1000 });
    await addUrls(app.page, `${link}\t${mirrorUrl(name, { size, rate: RATE })}`);
    await waitForStatus(row(app.page, name), 'completed', 30_000);
    await expectExact(app, name, size);
    const fromLink = e2e.origin.stats(name);
    expect(fromLink.statuses.filter((s) => s === 503).length, `statuses ${fromLink.statuses.join(' ')}`).toBeGreaterThan(0);
    expect(mirror?.stats(name).bytesSent ?? 0, 'the mirror gave the rest').toBeGreaterThan(size / 2);
  });

  it('a paused job whose link died meanwhile resumes from its mirror, keeping the bytes it has', async () => {
    const app = await e2e.newAppPage();
    const name = 'paused-link-dies.bin';
    const size = 12 * MiB;
    await addUrls(app.page, `${e2e.fileUrl(name, { size, rate: RATE })}\t${mirrorUrl(name, { size, rate: RATE })}`);
    const target = row(app.page, name);
    await waitForProgress(target, 0.25, 30_000);
    await rowButton(target, 'Pause').click();
    const paused = await waitForStatus(target, 'paused', 10_000);
    const kept = paused.value ?? 0;
    // From now on the link answers 503 to everything, which alone it would retry for minutes.
    e2e.origin.setSwitches(name, { fail: 503, fails: 1000 });
    const mirrorBefore = mirror?.stats(name).bytesSent ?? 0;
    await rowButton(target, 'Resume').click();
    const done = await waitForStatus(target, 'completed', 30_000);
    await expectExact(app, name, size);
    expect(done.notes.join(' ')).toMatch(/^Server \S+ dropped: it failed: The server answered 503 Service Unavailable; \S+ took its place$/);
    const fromMirror = (mirror?.stats(name).bytesSent ?? 0) - mirrorBefore;
    expect(fromMirror, `bytes the mirror sent after Resume (${kept} of ${size} were kept)`).toBeLessThanOrEqual(size - kept + 2 * MiB);
  });

  it('a link that fails before a byte came hands over to the next server that works, each failed one asked once', async () => {
    const app = await e2e.newAppPage();
    const name = 'dead-link.bin';
    const size = 3 * MiB;
    const dead = e2e.fileUrl(name, { size, fail: 404, fails: 100 });
    // A port nothing listens on: the connection is refused, which is retried for minutes without mirrors.
    const refused = `http://127.0.0.1:${await closedPort()}/files/${name}?size=${size}`;
    // The server that works publishes the file's checksum beside it (set by name: a sidecar's request has no query).
    mirror?.setSwitches(name, { size, published: 'file' });
    const good = `${mirror?.url ?? ''}/files/${name}`;
    await addUrls(app.page, `${dead}\t${refused}\t${good}`);
    const done = await waitForStatus(row(app.page, name), 'completed', 30_000);
    await expectExact(app, name, size);
    expect(await rowText(row(app.page, name))).toContain(`Verified against ${name}.sha256 from ${new URL(good).host}`);
    // The dead link answered its probe and nothing more: it was not asked again in this start.
    expect(e2e.origin.stats(name).statuses).toEqual([404]);
    expect(done.notes.join(' ')).toMatch(/^Server 127\.0\.0\.1:\d+ dropped: it failed: .+; 127\.0\.0\.1:\d+ took its place$/);
    const servers = await row(app.page, name).getByRole('list', { name: 'Servers' }).getByRole('listitem').allInnerTexts();
    expect(servers[0]).toBe(`${new URL(good).host} gave 3.00 MiB`);
    expect(servers[1]).toBe(`${new URL(dead).host} dropped: it failed: The server answered 404 Not Found`);
    expect(servers[2]).toMatch(new RegExp(`^${new URL(refused).host} dropped: it failed: `));
  });

  it('Import list takes a Metalink: its file with both servers, its name and its checksum', async () => {
    const app = await e2e.newAppPage();
    const name = 'from-meta4.bin';
    // Listed one byte longer than the server's: another file, refused before a byte is staged.
    const wrong = 'listed-bigger.bin';
    // More 1 MiB pieces than the link's six connections take at once, so the mirror gets some.
    const size = 8 * MiB;
    const sha256 = sha256OfContent(size, contentSeed(name));
    const xml = (url: string): string => url.replace(/&/g, '&amp;');
    const meta4 = `<?xml version="1.0" encoding="UTF-8"?>
<metalink xmlns="urn:ietf:params:xml:ns:metalink">
  <file name="${name}">
    <size>${size}</size>
    <hash type="sha-256">${sha256}</hash>
    <url priority="1">${xml(e2e.fileUrl(name, { size, rate: MiB }))}</url>
    <url priority="2">${xml(mirrorUrl(name, { size, rate: MiB }))}</url>
  </file>
  <file name="${wrong}">
    <size>${size + 1}</size>
    <url>${xml(e2e.fileUrl(wrong, { size }))}</url>
  </file>
</metalink>`;
    const [chooser] = await Promise.all([app.page.waitForEvent('filechooser'), app.page.getByRole('button', { name: 'Import list', exact: true }).click()]);
    await chooser.setFiles({ name: 'release.meta4', mimeType: 'application/metalink4+xml', buffer: Buffer.from(meta4, 'utf8') });
    const done = await waitForStatus(row(app.page, name), 'completed', 30_000);
    const refused = await waitForStatus(row(app.page, wrong), 'failed', 10_000);
    expect(refused.reason).toBe(`The server's file is ${size.toLocaleString('en-US')} bytes; the list gave ${(size + 1).toLocaleString('en-US')} bytes for it`);
    expect((await listStatuses(app.page)).map((r) => r.name).sort()).toEqual([name, wrong].sort());
    await expectExact(app, name, size);
    expect(done.text).toContain('Verified');
    // More than its fingerprint's two small ranges: the mirror gave ranges of the file.
    expect(mirror?.stats(name).bytesSent ?? 0).toBeGreaterThan(2 * 64 * 1024);
    const servers = app.page.getByRole('list', { name: 'Servers' }).getByRole('listitem');
    expect(await servers.count()).toBe(2);
    expect(await rowText(servers.nth(1))).toMatch(new RegExp(`^${new URL(mirrorUrl(name, {})).host} gave \\d`));
  });
});
