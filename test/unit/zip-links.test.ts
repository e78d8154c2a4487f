import { describe, expect, it } from 'vitest';
import type { ZipEntryJob } from '../../src/shared/types';
import { checkedZipEntry } from '../../src/worker/zip/list-zip';

describe('an entry the page asks to add', () => {
  it('keeps only safe folder names and plain numbers', () => {
    const hostile = { method: 8, crc32: 0xffffffff, size: 10, folders: ['..', 'a/b', 'desktop.ini', '', 'ok'] } as ZipEntryJob;
    expect(checkedZipEntry(hostile)).toEqual({ method: 8, crc32: 0xffffffff, size: 10, folders: ['a_b', '_desktop.ini', 'ok'] });
  });

  it('reads anything but deflate as stored, and nonsense numbers as 0', () => {
    const odd = { method: 12, crc32: -1, size: Number.NaN, folders: 'x' } as unknown as ZipEntryJob;
    expect(checkedZipEntry(odd)).toEqual({ method: 0, crc32: 0, size: 0, folders: [] });
  });
});
