import { crc32 as zlibCrc32 } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { crc32, crc32Update } from '../../src/shared/crc32';
import {
  dataStartOf,
  decodeCp437,
  END_SEARCH_BYTES,
  LOCAL_HEADER_BYTES,
  readCentralDirectory,
  readEndRecord,
  readZip64End,
  safePath,
  ZIP64_END_BYTES,
  ZipFormatError,
  type ZipEntry,
} from '../../src/shared/zip-directory';
import { testZip } from '../origin/test-zips';
import { buildZip, crc32OfZeros, readZip, type VirtualZip } from '../origin/zip-build';

/** Lists an archive the way the worker does, from its ranges only. */
function list(zip: VirtualZip): ZipEntry[] {
  const tailStart = Math.max(0, zip.size - END_SEARCH_BYTES);
  let end = readEndRecord(readZip(zip, tailStart, zip.size), zip.size);
  if (end.kind === 'zip64') end = readZip64End(readZip(zip, end.zip64EndAt, end.zip64EndAt + ZIP64_END_BYTES), end.zip64EndAt, zip.size);
  if (end.kind !== 'directory') throw new Error(end.kind === 'bad' ? end.message : 'zip64 twice');
  const { offset, size, entries } = end.place;
  return readCentralDirectory(readZip(zip, offset, offset + size), entries, offset);
}

describe('crc32', () => {
  it('is the CRC-32 zlib computes, whole or piece by piece', () => {
    const bytes = Uint8Array.from({ length: 100_003 }, (_, i) => (i * 7919) & 0xff);
    expect(crc32(bytes)).toBe(zlibCrc32(bytes));
    expect(crc32Update(crc32(bytes.subarray(0, 4096)), bytes.subarray(4096))).toBe(zlibCrc32(bytes));
    expect(crc32(new Uint8Array(0))).toBe(0);
    expect(crc32(new TextEncoder().encode('123456789'))).toBe(0xcbf43926);
  });

  it('of zeros, computed without the zeros (the test origin’s filler) matches', () => {
    for (const n of [0, 1, 7, 4096, 65_537]) expect(crc32OfZeros(n)).toBe(crc32(new Uint8Array(n)));
  });
});

describe('reading the central directory', () => {
  it('lists stored and deflated entries with sizes, CRCs and safe paths; folders are left out', () => {
    const zip = testZip('sample.zip')!;
    const entries = list(zip);
    expect(entries.map((e) => e.path)).toEqual([
      'readme.txt',
      'data/pattern.bin',
      'data/log.txt',
      'docs/日本語.txt',
      'Müller.txt',
      'escape.txt',
      'secret.txt',
      'old.bz2',
    ]);
    const readme = entries[0]!;
    expect(readme).toMatchObject({ method: 8, size: 24_980, folders: [], name: 'readme.txt', problem: null });
    expect(entries[1]).toMatchObject({ method: 0, size: 200 << 10, compressedSize: 200 << 10, folders: ['data'], name: 'pattern.bin' });
    expect(entries.map((e) => e.problem)).toEqual([null, null, null, null, null, null, 'encrypted', 'unsupported']);
    for (const entry of entries) {
      const built = zip.entries.find((b) => b.crc32 === entry.crc32 && b.size === entry.size)!;
      const header = readZip(zip, entry.localOffset, entry.localOffset + LOCAL_HEADER_BYTES);
      expect(dataStartOf(header, entry.localOffset)).toBe(built.dataStart);
      expect(entry.compressedSize).toBe(built.compressedSize);
    }
  });

  it('follows ZIP64 records, sizes and offsets past 4 GiB', () => {
    const zip = testZip('sparse64.zip')!;
    expect(zip.size).toBeGreaterThan(2 ** 32);
    const entries = list(zip);
    expect(entries.map((e) => [e.path, e.size])).toEqual([
      ['first.bin', 64 << 10],
      ['filler.bin', 2 ** 32 + (1 << 20)],
      ['past-4GiB/tail.txt', 509_982],
      ['past-4GiB/pattern.bin', 96 << 10],
    ]);
    const tail = entries[2]!;
    expect(tail.localOffset).toBeGreaterThan(2 ** 32);
    expect(dataStartOf(readZip(zip, tail.localOffset, tail.localOffset + 30), tail.localOffset)).toBe(zip.entries[2]!.dataStart);
  });

  it('finds the end record past a comment that holds its signature', () => {
    const zip = buildZip([{ name: 'a.txt', data: new TextEncoder().encode('hello'), method: 'stored' }]);
    const bytes = readZip(zip, 0, zip.size);
    // Rewrite the comment: a fake end record inside it (whose own comment would not end the file).
    const endAt = bytes.length - 22 - 23;
    const fake = Uint8Array.from([0x50, 0x4b, 0x05, 0x06, ...new Array<number>(16).fill(0), 9, 0, 0x78, 0x79, 0x7a]);
    const withComment = new Uint8Array(endAt + 22 + fake.length);
    withComment.set(bytes.subarray(0, endAt + 22));
    withComment.set(fake, endAt + 22);
    withComment[endAt + 20] = fake.length;
    withComment[endAt + 21] = 0;
    const end = readEndRecord(withComment, withComment.length);
    expect(end).toEqual({ kind: 'directory', place: { entries: 1, offset: zip.entries[0]!.dataStart + 5, size: expect.any(Number) } });
  });

  it('says so, instead of guessing, for what is not a ZIP or is damaged', () => {
    expect(readEndRecord(new Uint8Array(1000), 1000)).toMatchObject({ kind: 'bad', message: expect.stringContaining('not a ZIP') });
    const zip = testZip('sample.zip')!;
    const end = readEndRecord(readZip(zip, zip.size - 1000, zip.size), zip.size);
    if (end.kind !== 'directory') throw new Error('expected a directory');
    const directory = readZip(zip, end.place.offset, end.place.offset + end.place.size);
    expect(() => readCentralDirectory(directory.subarray(0, 100), end.place.entries, end.place.offset)).toThrow(ZipFormatError);
    expect(() => readCentralDirectory(directory, end.place.entries, 100)).toThrow(/outside/);
    expect(() => dataStartOf(new Uint8Array(30), 0)).toThrow(ZipFormatError);
    expect(readZip64End(new Uint8Array(56), 0, 100)).toMatchObject({ kind: 'bad' });
  });
});

describe('entry names', () => {
  it('decodes CP437 without the UTF-8 flag', () => {
    expect(decodeCp437(Uint8Array.from([0x4d, 0x81, 0x6c, 0x6c, 0x65, 0x72, 0xe1]))).toBe('Müllerß');
  });

  it('never climbs out of the folder, and sanitizes every part', () => {
    expect(safePath('../../etc/passwd')).toEqual({ path: 'etc/passwd', folders: ['etc'], name: 'passwd' });
    expect(safePath('a\\..\\b\\c:d.txt')).toEqual({ path: 'a/b/c_d.txt', folders: ['a', 'b'], name: 'c_d.txt' });
    expect(safePath('/abs/./x/desktop.ini').name).toBe('_desktop.ini');
    expect(safePath('..').name).toBe('download');
  });
});
