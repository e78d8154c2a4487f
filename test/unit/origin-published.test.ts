/** The checksums the test origin publishes beside its files (published-sums.ts) and digest=. */
import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { checksumFor, sha256OfDigest, sha256OfReprDigest } from '../../src/shared/published-sums';
import { contentBytes, contentSeed, seedForName } from '../origin/bytes';
import { startTestOrigin } from '../origin/test-client';

const { origin, fresh, get } = await startTestOrigin();

const sha256 = (bytes: Uint8Array): string => createHash('sha256').update(bytes).digest('hex');

describe('test origin: published checksums', () => {
  it('lists a folder’s published files in SHA256SUMS and sha256sums.txt, a wrong one with other bytes', async () => {
    const dir = fresh();
    origin.setSwitches(`${dir}/a.bin`, { size: 5000, published: 'list' });
    origin.setSwitches(`${dir}/b.bin`, { size: 7000, published: 'wrong' });
    origin.setSwitches(`${dir}/c.bin`, { size: 100 });
    origin.setSwitches(`${dir}/deeper/d.bin`, { size: 100, published: 'list' });
    const a = sha256(contentBytes(0, 5000, seedForName(`${dir}/a.bin`)));
    const b = sha256(contentBytes(0, 7000, seedForName(`${dir}/b.bin`)));
    const gnu = await get(`/files/${dir}/SHA256SUMS`, { Range: 'bytes=0-65535' });
    expect(gnu.status).toBe(200);
    expect(gnu.headers.get('access-control-allow-origin')).toBe('*');
    const gnuText = await gnu.text();
    expect(gnuText.split('\n')).toHaveLength(3);
    expect(checksumFor(gnuText, 'a.bin', 'list')).toBe(a);
    const wrong = checksumFor(gnuText, 'b.bin', 'list');
    expect(wrong).toMatch(/^[0-9a-f]{64}$/);
    expect(wrong).not.toBe(b);
    expect(checksumFor(gnuText, 'c.bin', 'list')).toBeNull();
    expect(checksumFor(gnuText, 'd.bin', 'list')).toBeNull();
    const bsd = await (await get(`/files/${dir}/sha256sums.txt`)).text();
    expect(bsd).toContain(`SHA256 (a.bin) = ${a}`);
    expect(origin.stats(`${dir}/SHA256SUMS`)).toMatchObject({ requests: 1, statuses: [200], ranges: ['bytes=0-65535'] });
    // A checksum file of its own switches: here, none of the headers that let other sites read it.
    origin.setSwitches(`${dir}/SHA256SUMS`, { nocors: 1 });
    const closed = await get(`/files/${dir}/SHA256SUMS`);
    expect(closed.status).toBe(200);
    expect(closed.headers.get('access-control-allow-origin')).toBeNull();
  });

  it('answers 404 for a folder that publishes nothing, and a file that publishes no checksum of its own', async () => {
    const dir = fresh();
    expect((await get(`/files/${dir}/SHA256SUMS`)).status).toBe(404);
    origin.setSwitches(`${dir}/a.bin`, { size: 10, published: 'list' });
    const own = await get(`/files/${dir}/a.bin.sha256`);
    expect(own.status).toBe(404);
    expect(own.headers.get('access-control-allow-origin')).toBe('*');
  });

  it('puts a file’s own checksum in NAME.sha256 and NAME.sha256sum, after publishdelay=', async () => {
    const name = `${fresh()}.iso`;
    origin.setSwitches(name, { size: 3000, seed: 7, published: 'file', publishdelay: 150 });
    const started = performance.now();
    const text = await (await get(`/files/${name}.sha256sum`)).text();
    expect(performance.now() - started).toBeGreaterThanOrEqual(140);
    expect(text).toBe(`${sha256(contentBytes(0, 3000, 7))} *${name}\n`);
    // The checksum follows the version served.
    origin.setVersion(name, 1);
    expect(await (await get(`/files/${name}.sha256`)).text()).toBe(`${sha256(contentBytes(0, 3000, contentSeed(name, 7, 1)))} *${name}\n`);
  });

  it('publishes the samples’ checksums', async () => {
    const text = await (await get('/files/sample-1MiB.bin.sha256')).text();
    expect(text).toBe(`${sha256(contentBytes(0, 1 << 20, seedForName('sample-1MiB.bin')))} *sample-1MiB.bin\n`);
  });

  it('sends the whole file’s digest on its answers with digest=, exposed to pages', async () => {
    const name = fresh();
    const whole = sha256(contentBytes(0, 4000, seedForName(name)));
    const repr = await get(`/files/${name}?size=4000&digest=repr`, { Range: 'bytes=100-199' });
    expect(repr.status).toBe(206);
    expect(sha256OfReprDigest(repr.headers.get('repr-digest'))).toBe(whole);
    expect(repr.headers.get('access-control-expose-headers')).toContain('Repr-Digest');
    const legacy = await get(`/files/${name}?size=4000&digest=legacy`);
    expect(sha256OfDigest(legacy.headers.get('digest'))).toBe(whole);
    const wrong = await get(`/files/${name}?size=4000&digest=wrong`);
    expect(sha256OfReprDigest(wrong.headers.get('repr-digest'))).not.toBe(whole);
    expect((await get(`/files/${name}?size=4000&digest=sha1`)).status).toBe(400);
  });
});
