import { describe, expect, it } from 'vitest';
import { UNRECORDED_FILE_BYTES } from '../../src/worker/run/progress-recorder';
import { MemoryFile, mayStageInMemory } from '../../src/worker/run/memory-staging';
import { newJobRecord, type JobRecord } from '../../src/worker/storage/job-record';

function job(change: Partial<JobRecord>): JobRecord {
  // A folder handle is only carried here, never used: the decision looks at the kind alone.
  const folder = { kind: 'directory', handle: {} as FileSystemDirectoryHandle } as const;
  return { ...newJobRecord('j', 'https://example.com/a.bin', 'a.bin', 0), destination: folder, ...change };
}

describe('MemoryFile', () => {
  it('reads back what was written at each offset, and grows as writes go past its end', () => {
    const file = new MemoryFile();
    expect(file.write(new Uint8Array([1, 2, 3]), { at: 5 })).toBe(3);
    expect(file.getSize()).toBe(8);
    expect(file.write(new Uint8Array([9]), { at: 0 })).toBe(1);
    const into = new Uint8Array(10);
    expect(file.read(into, { at: 0 })).toBe(8);
    expect([...into]).toEqual([9, 0, 0, 0, 0, 1, 2, 3, 0, 0]);
    expect(file.read(new Uint8Array(4), { at: 6 })).toBe(2);
    expect(file.read(new Uint8Array(4), { at: 8 })).toBe(0);
  });

  it('keeps its size on truncate, and reads zeros where it shrank and grew again', () => {
    const file = new MemoryFile();
    file.truncate(4);
    expect(file.getSize()).toBe(4);
    file.write(new Uint8Array([7, 7, 7, 7]), { at: 0 });
    file.truncate(1);
    file.truncate(4);
    const into = new Uint8Array(4);
    file.read(into, { at: 0 });
    expect([...into]).toEqual([7, 0, 0, 0]);
  });

  it('holds a whole small file written in pieces out of order, byte-exact', () => {
    const file = new MemoryFile();
    const size = 3 * 1024 * 1024 + 17;
    const expected = new Uint8Array(size).map((_, i) => (i * 31) % 251);
    for (const start of [2 << 20, 0, 1 << 20, 3 << 20]) {
      file.write(expected.subarray(start, Math.min(size, start + (1 << 20))), { at: start });
    }
    const back = new Uint8Array(size);
    expect(file.read(back, { at: 0 })).toBe(size);
    expect(Buffer.compare(Buffer.from(back), Buffer.from(expected))).toBe(0);
  });
});

describe('mayStageInMemory', () => {
  it('stages a small file, or one of a size not yet known, with a place to go and nothing staged', () => {
    expect(mayStageInMemory(job({}))).toBe(true);
    expect(mayStageInMemory(job({ size: UNRECORDED_FILE_BYTES }))).toBe(true);
    expect(mayStageInMemory(job({ size: 1000, segments: [{ start: 0, end: 1000, done: 0 }] }))).toBe(true);
  });

  it('stages on disk a big file, one with staged bytes, one with no place or kept in the browser, and a ZIP entry', () => {
    expect(mayStageInMemory(job({ size: UNRECORDED_FILE_BYTES + 1 }))).toBe(false);
    expect(mayStageInMemory(job({ size: 1000, segments: [{ start: 0, end: 1000, done: 1 }] }))).toBe(false);
    expect(mayStageInMemory(job({ streamed: 5 }))).toBe(false);
    expect(mayStageInMemory(job({ destination: null }))).toBe(false);
    expect(mayStageInMemory(job({ destination: { kind: 'browser' } }))).toBe(false);
    // A ZIP entry is checked and inflated where it is staged, on disk.
    expect(mayStageInMemory(job({ size: 1000, zipEntry: { method: 0, crc32: 0, size: 1000, folders: [], unpacked: false } }))).toBe(false);
  });
});
