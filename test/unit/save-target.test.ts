import { describe, expect, it } from 'vitest';
import { fallbackFileName, fileNameCandidates } from '../../src/shared/file-name';
import { claimFreeName, findSameTarget, resolveTarget, type TargetJob } from '../../src/worker/copy/save-target';
import { MemoryFolder } from './memory-folder';

function jobIn(dir: MemoryFolder, name: string): TargetJob {
  return { name, savedAs: null, note: null, destination: { kind: 'directory', handle: dir } };
}

/** resolveTarget with a persist() that records what savedAs was each time it was stored. */
async function resolveRecorded(job: TargetJob): Promise<{ handleName: string; stored: Array<string | null> }> {
  const stored: Array<string | null> = [];
  const target = await resolveTarget(job, async () => void stored.push(job.savedAs));
  return { handleName: target.handle.name, stored };
}

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

// What Chromium throws for a name IsSafePathComponent refuses (file_system_access_error.cc turns
// kInvalidArgument into a TypeError), and the DOMExceptions of other refusals of a name.
const REFUSALS: Array<[string, () => Error]> = [
  ['TypeError', () => new TypeError('Name is not allowed.')],
  ['SecurityError', () => new DOMException('blocked', 'SecurityError')],
  ['InvalidModificationError', () => new DOMException('refused by the OS', 'InvalidModificationError')],
];

describe('resolveTarget in a picked folder that refuses the name', () => {
  it.each(REFUSALS)('saves under a safe fallback name after a %s, says so, and stores the name', async (_, refusal) => {
    const dir = new MemoryFolder();
    dir.refuse = (name) => (name === 'notes~' ? refusal() : null);
    const job = jobIn(dir, 'notes~');
    const { handleName, stored } = await resolveRecorded(job);
    const fallback = fallbackFileName('notes~');
    expect(fallback).not.toBe('notes~');
    expect(job.savedAs).toBe(fallback);
    expect(handleName).toBe(fallback);
    expect(dir.names()).toEqual([fallback]);
    expect(stored).toEqual([fallback]);
    expect(job.note).toBe(`Saved as ${fallback}: the browser refused the name "notes~" in this folder`);
  });

  it('numbers the fallback name when it is taken', async () => {
    const dir = new MemoryFolder();
    const [fallback, numbered] = fileNameCandidates(fallbackFileName('clock$.bin'));
    if (fallback === undefined || numbered === undefined) throw new Error('no candidates');
    dir.files.set(fallback, new Uint8Array(5));
    dir.refuse = (name) => (name.startsWith('clock$') ? new TypeError('Name is not allowed.') : null);
    const job = jobIn(dir, 'clock$.bin');
    await resolveRecorded(job);
    expect(job.savedAs).toBe(numbered);
    expect(dir.files.get(fallback)?.byteLength).toBe(5);
  });

  it('keeps the name and the note alone when the folder accepts the name', async () => {
    const dir = new MemoryFolder();
    const job = jobIn(dir, 'notes~');
    await resolveRecorded(job);
    expect(job.savedAs).toBe('notes~');
    expect(job.note).toBeNull();
  });

  it('gives up more of the name while the folder refuses the fallback too', async () => {
    const dir = new MemoryFolder();
    dir.refuse = (name) => (name === 'download' ? null : new TypeError('Name is not allowed.'));
    const job = jobIn(dir, 'Résumé.pdf');
    await resolveRecorded(job);
    expect(job.savedAs).toBe('download');
    expect(job.note).toBe('Saved as download: the browser refused the name "Résumé.pdf" in this folder');
  });

  it('does not take a permission error for a refused name', async () => {
    const dir = new MemoryFolder();
    dir.refuse = () => new DOMException('denied', 'NotAllowedError');
    const job = jobIn(dir, 'a.bin');
    await expect(resolveRecorded(job)).rejects.toMatchObject({ name: 'NotAllowedError' });
    expect(job.savedAs).toBeNull();
  });
});
