/**
 * The archives the test origin serves at /zips/:name, the same bytes on every run:
 *   sample.zip    stored and deflated entries, folders, a UTF-8 and a CP437 name, a name that
 *                 tries to climb out of its folder, an encrypted and a bzip2 entry (listed, not
 *                 offered); about 300 KiB
 *   sparse64.zip  ZIP64: a 4 GiB + 1 MiB entry of zeros that is never materialized, then small
 *                 entries whose local headers lie past 4 GiB, and the directory after them
 *   resume.zip    one deflated entry of 9 MiB that does not compress: large enough that its
 *                 progress is recorded as it downloads, so a reload carries on from it
 */
import { contentBytes } from './bytes.ts';
import { buildZip, type VirtualZip, type ZipSource } from './zip-build.ts';

/** Lines of text that deflate well, different for each seed. */
export function textBytes(lines: number, seed: number): Uint8Array {
  let s = '';
  for (let i = 0; i < lines; i++) s += `line ${i} of ${seed}: the quick brown fox ${(i * seed) % 977} jumps over the lazy dog\n`;
  return new TextEncoder().encode(s);
}

const SOURCES: Record<string, () => ZipSource[]> = {
  'sample.zip': () => [
    { name: 'readme.txt', data: textBytes(400, 1), method: 'deflate' },
    { name: 'data/', data: new Uint8Array(0), method: 'stored' },
    { name: 'data/pattern.bin', data: contentBytes(0, 200 << 10, 42), method: 'stored' },
    { name: 'data/log.txt', data: textBytes(20_000, 2), method: 'deflate' },
    { name: 'docs/日本語.txt', data: textBytes(50, 3), method: 'deflate' },
    { name: Uint8Array.from([0x4d, 0x81, 0x6c, 0x6c, 0x65, 0x72, 0x2e, 0x74, 0x78, 0x74]), data: textBytes(10, 4), method: 'stored' },
    { name: '../escape.txt', data: textBytes(5, 5), method: 'stored' },
    { name: 'secret.txt', data: textBytes(20, 6), method: 'stored', encrypted: true },
    { name: 'old.bz2', data: textBytes(20, 7), method: 'bzip2' },
  ],
  // An archive of many small files, as a photo or source dump is.
  'many.zip': () => Array.from({ length: 3000 }, (_, i) => ({ name: `part${i % 10}/file-${i}.txt`, data: textBytes(2, 100 + i), method: 'stored' as const })),
  'resume.zip': () => [{ name: 'big/noise.bin', data: contentBytes(0, 9 << 20, 12), method: 'deflate' }],
  'sparse64.zip': () => [
    { name: 'first.bin', data: contentBytes(0, 64 << 10, 7), method: 'stored' },
    { name: 'filler.bin', data: { zeros: 2 ** 32 + (1 << 20) }, method: 'stored' },
    { name: 'past-4GiB/tail.txt', data: textBytes(8_000, 8), method: 'deflate' },
    { name: 'past-4GiB/pattern.bin', data: contentBytes(0, 96 << 10, 9), method: 'stored' },
  ],
};

const built = new Map<string, VirtualZip>();

/** The archive served as `name`, or null when there is none. */
export function testZip(name: string): VirtualZip | null {
  const sources = SOURCES[name];
  if (!sources) return null;
  let zip = built.get(name);
  if (!zip) {
    zip = buildZip(sources());
    built.set(name, zip);
  }
  return zip;
}

/** The uncompressed bytes of entry `name` of archive `zip` (not for the filler). */
export function testZipEntryBytes(zip: string, name: string): Uint8Array {
  const source = SOURCES[zip]?.().find((s) => s.name === name);
  if (!source || 'zeros' in source.data) throw new Error(`no entry ${name} in ${zip}`);
  return source.data as Uint8Array;
}
