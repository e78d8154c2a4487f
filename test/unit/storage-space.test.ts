import { describe, expect, it } from 'vitest';
import { ensureSpace, SPACE_CHECK_BYTES, StreamSpaceWatch } from '../../src/worker/run/storage-space';

const MiB = 1 << 20;

describe('ensureSpace', () => {
  it('refuses, as a full disk, a download whose staging and copy do not fit', async () => {
    const estimate = async () => ({ quota: 100 * MiB, usage: 20 * MiB });
    await expect(ensureSpace(40 * MiB, 40 * MiB, estimate)).resolves.toBeUndefined();
    await expect(ensureSpace(41 * MiB, 41 * MiB, estimate)).rejects.toMatchObject({ kind: 'quota', retryable: false });
    // Resuming: the staging file holds its size already; only the copy is new.
    await expect(ensureSpace(80 * MiB, 0, estimate)).resolves.toBeUndefined();
  });

  it('lets a download go on when the browser does not say', async () => {
    await expect(ensureSpace(MiB, MiB, async () => ({}))).resolves.toBeUndefined();
  });
});

describe('StreamSpaceWatch', () => {
  it('asks the browser again every SPACE_CHECK_BYTES, from the first byte', async () => {
    let asked = 0;
    const watch = new StreamSpaceWatch(async () => (asked++, { quota: 10_000 * MiB, usage: 0 }));
    expect(watch.due(0)).toBe(true);
    await watch.check(0);
    expect(watch.due(SPACE_CHECK_BYTES - 1)).toBe(false);
    expect(watch.due(SPACE_CHECK_BYTES)).toBe(true);
    await watch.check(SPACE_CHECK_BYTES + 5);
    expect(watch.due(2 * SPACE_CHECK_BYTES)).toBe(false);
    expect(asked).toBe(2);
  });

  it('stops a stream of unknown size before the next stretch and its copy would not fit', async () => {
    // The staged bytes are part of `usage`.
    const at = (staged: number) => async () => ({ quota: 400 * MiB, usage: 10 * MiB + staged });
    expect(await new StreamSpaceWatch(at(0)).check(0)).toBeNull();
    expect(await new StreamSpaceWatch(at(128 * MiB)).check(128 * MiB)).toBeNull();
    const full = await new StreamSpaceWatch(at(160 * MiB)).check(160 * MiB);
    expect(full).toMatchObject({ kind: 'quota', retryable: false });
    expect(full?.message).toContain('would need more space than the browser has free for this site');
    expect(full?.message).toMatch(/^Not enough space/);
  });

  it('goes on when the browser does not say', async () => {
    expect(await new StreamSpaceWatch(async () => ({})).check(10 * SPACE_CHECK_BYTES)).toBeNull();
  });
});
