import { describe, expect, it } from 'vitest';
import { claimFreeName, findSameTarget } from '../../src/worker/copy/save-target';
import { MemoryFolder } from './memory-folder';

describe('claimFreeName', () => {
  it('claims the name itself when it is free, and creates the file', async () => {
    const dir = new MemoryFolder();
    expect(await claimFreeName(dir, 'a.bin')).toBe('a.bin');
    expect(dir.names()).toEqual(['a.bin']);
    expect(dir.files.get('a.bin')?.byteLength).toBe(0);
  });

  it('numbers the name "a (1).bin", "a (2).bin" when it is taken', async () => {
    const dir = new MemoryFolder();
    dir.files.set('a.bin', new Uint8Array(3));
    dir.files.set('a (1).bin', new Uint8Array(3));
    expect(await claimFreeName(dir, 'a.bin')).toBe('a (2).bin');
    expect(dir.names()).toEqual(['a (1).bin', 'a (2).bin', 'a.bin']);
    // What was there is untouched.
    expect(dir.files.get('a.bin')?.byteLength).toBe(3);
  });

  it('counts a folder entry of the same name as taken', async () => {
    const dir = new MemoryFolder();
    dir.folders.add('report.pdf');
    expect(await claimFreeName(dir, 'report.pdf')).toBe('report (1).pdf');
  });

  it('never gives two claims running at the same time the same name', async () => {
    const dir = new MemoryFolder();
    dir.files.set('a.bin', new Uint8Array(1));
    const names = await Promise.all([claimFreeName(dir, 'a.bin'), claimFreeName(dir, 'a.bin'), claimFreeName(dir, 'a.bin')]);
    expect(new Set(names).size).toBe(3);
    expect(names.sort()).toEqual(['a (1).bin', 'a (2).bin', 'a (3).bin']);
    // The claims did overlap: each asked about a name before any had created its file.
    expect(dir.calls.slice(0, 3).every((call) => call.startsWith('get '))).toBe(true);
  });

  it('passes on errors other than "not found" and "is a folder"', async () => {
    const dir = new MemoryFolder();
    dir.refuse = () => new DOMException('no', 'NotAllowedError');
    await expect(claimFreeName(dir, 'a.bin')).rejects.toMatchObject({ name: 'NotAllowedError' });
  });
});

/** A handle that knows which entry it stands for; `broken` ones throw, as revoked handles may. */
class Entry {
  constructor(
    readonly path: string,
    private readonly broken: 'throws' | 'rejects' | null = null,
  ) {}

  isSameEntry(other: Entry): Promise<boolean> {
    if (this.broken === 'throws' || other.broken === 'throws') throw new DOMException('revoked', 'InvalidStateError');
    if (this.broken === 'rejects' || other.broken === 'rejects') return Promise.reject(new DOMException('gone', 'NotFoundError'));
    return Promise.resolve(this.path === other.path);
  }
}

describe('findSameTarget', () => {
  it('returns the index of the first handle of the same entry', async () => {
    const others = [new Entry('/a'), new Entry('/b'), new Entry('/b')];
    expect(await findSameTarget(new Entry('/b'), others)).toBe(1);
    expect(await findSameTarget(new Entry('/a'), others)).toBe(0);
  });

  it('returns -1 when no handle is of the same entry, or there are none', async () => {
    expect(await findSameTarget(new Entry('/c'), [new Entry('/a'), new Entry('/b')])).toBe(-1);
    expect(await findSameTarget(new Entry('/c'), [])).toBe(-1);
  });

  it('takes a handle that cannot answer for a different entry and goes on', async () => {
    const others = [new Entry('/b', 'throws'), new Entry('/b', 'rejects'), new Entry('/b')];
    expect(await findSameTarget(new Entry('/b'), others)).toBe(2);
    expect(await findSameTarget(new Entry('/b', 'throws'), others)).toBe(-1);
  });
});
