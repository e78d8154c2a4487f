/** The worker's look for published checksums, against the test origin (Node's fetch; no CORS here). */
import { createHash } from 'node:crypto';
import { describe, expect, it, vi } from 'vitest';
import { lookUpPublishedChecksum, SIDECAR_CAP } from '../../src/worker/net/published-checksum';
import { contentBytes, seedForName } from '../origin/bytes';
import { startTestOrigin } from '../origin/test-client';

const { origin, fresh } = await startTestOrigin();

const sha256Of = (name: string, size: number): string => createHash('sha256').update(contentBytes(0, size, seedForName(name))).digest('hex');
const link = (name: string): string => `${origin.url}/files/${name}?size=1&sig=abc`;
const requests = (name: string): number => origin.stats(name).requests;

describe('lookUpPublishedChecksum', () => {
  it('asks a folder’s lists once for all its files, and never the files’ own when a list names them', async () => {
    const dir = fresh();
    origin.setSwitches(`${dir}/a.bin`, { size: 300, published: 'list' });
    origin.setSwitches(`${dir}/b.bin`, { size: 400, published: 'list' });
    const [a, b] = await Promise.all([lookUpPublishedChecksum(link(`${dir}/a.bin`)), lookUpPublishedChecksum(link(`${dir}/b.bin`))]);
    const host = new URL(origin.url).host;
    expect(a).toEqual({ sha256: sha256Of(`${dir}/a.bin`, 300), source: { kind: 'file', name: 'SHA256SUMS', host } });
    expect(b?.sha256).toBe(sha256Of(`${dir}/b.bin`, 400));
    expect(await lookUpPublishedChecksum(link(`${dir}/a.bin`))).toEqual(a);
    expect([requests(`${dir}/SHA256SUMS`), requests(`${dir}/sha256sums.txt`), requests(`${dir}/a.bin.sha256`)]).toEqual([1, 1, 0]);
    // Without the link's query, and asking only the first 64 KiB.
    expect(origin.stats(`${dir}/SHA256SUMS`).queries).toEqual(['']);
    expect(origin.stats(`${dir}/SHA256SUMS`).ranges).toEqual([`bytes=0-${SIDECAR_CAP - 1}`]);
  });

  it('falls back to the file’s own NAME.sha256, and finds nothing, silently, where nothing is published', async () => {
    const dir = fresh();
    origin.setSwitches(`${dir}/own.iso`, { size: 500, published: 'file' });
    expect(await lookUpPublishedChecksum(link(`${dir}/own.iso`))).toMatchObject({
      sha256: sha256Of(`${dir}/own.iso`, 500),
      source: { kind: 'file', name: 'own.iso.sha256' },
    });
    expect(await lookUpPublishedChecksum(link(`${dir}/none.iso`))).toBeNull();
    // One try each: 404s are kept too, so the folder's lists were asked once for both files.
    expect([requests(`${dir}/SHA256SUMS`), requests(`${dir}/none.iso.sha256`), requests(`${dir}/none.iso.sha256sum`)]).toEqual([1, 1, 1]);
    expect(await lookUpPublishedChecksum('http://127.0.0.1:1/nothing-listens.iso')).toBeNull();
  });

  it('asks again a minute later: a Retry sees a list the publisher fixed', async () => {
    const dir = fresh();
    origin.setSwitches(`${dir}/fixed.bin`, { size: 300, published: 'wrong' });
    const wrong = await lookUpPublishedChecksum(link(`${dir}/fixed.bin`));
    expect(wrong?.sha256).not.toBe(sha256Of(`${dir}/fixed.bin`, 300));
    origin.setSwitches(`${dir}/fixed.bin`, { size: 300, published: 'list' });
    expect((await lookUpPublishedChecksum(link(`${dir}/fixed.bin`)))?.sha256, 'within the minute: kept').toBe(wrong?.sha256);
    const now = performance.now();
    const later = vi.spyOn(performance, 'now').mockReturnValue(now + 61_000);
    try {
      expect((await lookUpPublishedChecksum(link(`${dir}/fixed.bin`)))?.sha256).toBe(sha256Of(`${dir}/fixed.bin`, 300));
    } finally {
      later.mockRestore();
    }
  });

  it('asks no file’s own checksum in a folder whose first file had none', async () => {
    const dir = fresh();
    expect(await lookUpPublishedChecksum(link(`${dir}/first.iso`))).toBeNull();
    origin.setSwitches(`${dir}/second.iso`, { size: 20, published: 'file' });
    const later = await Promise.all(['second.iso', 'third.iso'].map((n) => lookUpPublishedChecksum(link(`${dir}/${n}`))));
    expect(later).toEqual([null, null]);
    expect([requests(`${dir}/first.iso.sha256`), requests(`${dir}/second.iso.sha256`), requests(`${dir}/third.iso.sha256`)]).toEqual([1, 0, 0]);
  });

  it('reads no further than 64 KiB of a list, and only its whole lines', async () => {
    const dir = fresh();
    // 80-odd bytes a line: the list is about 100 KiB, so its later names are past the cap.
    const names = Array.from({ length: 1200 }, (_, i) => `${dir}/f${String(i).padStart(5, '0')}.bin`);
    for (const name of names) origin.setSwitches(name, { size: 10, published: 'list' });
    const first = names[0] ?? '';
    const last = names[names.length - 1] ?? '';
    expect((await lookUpPublishedChecksum(link(first)))?.sha256).toBe(sha256Of(first, 10));
    // Past the cap: not in the list as read, and its own file is not published either.
    expect(await lookUpPublishedChecksum(link(last))).toBeNull();
  });
});
