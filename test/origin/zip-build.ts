/**
 * ZIP archives for the test origin, built in memory except for their filler: an entry of zeros
 * is never materialized (its CRC-32 is computed arithmetically), so a ZIP64 archive of over
 * 4 GiB costs a few hundred kilobytes. The archive is a list of parts at offsets; bytes between
 * parts are zeros. Written to APPNOTE.TXT 6.3.10 independently of src/shared/zip-directory.ts,
 * which the unit tests check against it (and python's zipfile against both).
 */
import { deflateRawSync } from 'node:zlib';
import { crc32 } from '../../src/shared/crc32.ts';

export interface ZipSource {
  /** The stored name: a string (UTF-8 flag set when it is not ASCII) or raw bytes (CP437). */
  name: string | Uint8Array;
  /** The entry's bytes, or a count of zeros that is never held in memory. */
  data: Uint8Array | { zeros: number };
  method: 'stored' | 'deflate' | 'bzip2';
  encrypted?: boolean;
}

export interface VirtualZip {
  size: number;
  /** Real bytes at their offsets, in order; everything else is zero. */
  parts: Array<{ at: number; bytes: Uint8Array }>;
  entries: Array<{ name: string; dataStart: number; compressedSize: number; size: number; crc32: number }>;
}

const FULL32 = 0xffffffff;

class Writer {
  private readonly bytes: number[] = [];
  u16(v: number): this {
    this.bytes.push(v & 0xff, (v >>> 8) & 0xff);
    return this;
  }
  u32(v: number): this {
    return this.u16(v & 0xffff).u16(Math.floor(v / 0x10000) & 0xffff);
  }
  u64(v: number): this {
    return this.u32(v % 0x1_0000_0000).u32(Math.floor(v / 0x1_0000_0000));
  }
  raw(b: Uint8Array): this {
    for (const x of b) this.bytes.push(x);
    return this;
  }
  done(): Uint8Array {
    return Uint8Array.from(this.bytes);
  }
}

/** The register step of CRC-32 for one zero byte, as a 32×32 matrix over GF(2) (column i: image of bit i). */
function zeroByteMatrix(): number[] {
  const step = (c: number): number => {
    for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
    return c >>> 0;
  };
  return Array.from({ length: 32 }, (_, i) => step((1 << i) >>> 0));
}

function apply(matrix: number[], v: number): number {
  let out = 0;
  for (let i = 0; i < 32; i++) if ((v >>> i) & 1) out ^= matrix[i] ?? 0;
  return out >>> 0;
}

/** CRC-32 of `n` zero bytes, in O(log n): the register's zero step raised to the n-th power. */
export function crc32OfZeros(n: number): number {
  let reg = FULL32;
  let power = zeroByteMatrix();
  for (let k = n; k > 0; k = Math.floor(k / 2)) {
    if (k % 2 === 1) reg = apply(power, reg);
    const p = power;
    power = p.map((column) => apply(p, column));
  }
  return (reg ^ FULL32) >>> 0;
}

/** Lays out the archive: local headers and data, then the central directory, then the end records. */
export function buildZip(sources: ZipSource[]): VirtualZip {
  const parts: VirtualZip['parts'] = [];
  const entries: VirtualZip['entries'] = [];
  const directory: Uint8Array[] = [];
  let at = 0;
  for (const source of sources) {
    const rawName = typeof source.name === 'string' ? new TextEncoder().encode(source.name) : source.name;
    const utf8 = typeof source.name === 'string' && /[^\x20-\x7e]/.test(source.name);
    const zeros = 'zeros' in source.data ? source.data.zeros : null;
    const plain = zeros === null ? (source.data as Uint8Array) : null;
    const size = zeros ?? plain?.length ?? 0;
    const crc = plain ? crc32(plain) : crc32OfZeros(size);
    let stored: Uint8Array | null = plain;
    if (plain && source.method === 'deflate') stored = new Uint8Array(deflateRawSync(plain, { level: 9 }));
    if (plain && source.method === 'bzip2') stored = plain.map((b) => b ^ 0x5a);
    if (plain && source.encrypted) stored = stored!.map((b) => b ^ 0xa5);
    const compressedSize = stored?.length ?? size;
    const method = source.method === 'stored' ? 0 : source.method === 'deflate' ? 8 : 12;
    const flags = (source.encrypted ? 1 : 0) | (utf8 ? 0x0800 : 0);
    const wideSizes = size >= FULL32 || compressedSize >= FULL32;
    const localExtra = wideSizes ? new Writer().u16(1).u16(16).u64(size).u64(compressedSize).done() : new Uint8Array(0);
    const local = new Writer()
      .u32(0x04034b50).u16(45).u16(flags).u16(method).u16(0).u16(0x21)
      .u32(crc).u32(wideSizes ? FULL32 : compressedSize).u32(wideSizes ? FULL32 : size)
      .u16(rawName.length).u16(localExtra.length).raw(rawName).raw(localExtra).done();
    parts.push({ at, bytes: local });
    const dataStart = at + local.length;
    if (stored) parts.push({ at: dataStart, bytes: stored });
    const name = typeof source.name === 'string' ? source.name : String.fromCharCode(...source.name);
    entries.push({ name, dataStart, compressedSize, size, crc32: crc });
    const wide: number[] = [];
    if (size >= FULL32) wide.push(size);
    if (compressedSize >= FULL32) wide.push(compressedSize);
    if (at >= FULL32) wide.push(at);
    const extra = new Writer();
    if (wide.length > 0) {
      extra.u16(1).u16(wide.length * 8);
      for (const v of wide) extra.u64(v);
    }
    const extraBytes = extra.done();
    directory.push(
      new Writer()
        .u32(0x02014b50).u16(0x031e).u16(45).u16(flags).u16(method).u16(0).u16(0x21).u32(crc)
        .u32(compressedSize >= FULL32 ? FULL32 : compressedSize).u32(size >= FULL32 ? FULL32 : size)
        .u16(rawName.length).u16(extraBytes.length).u16(0).u16(0).u16(0).u32(0o100644 * 0x10000)
        .u32(at >= FULL32 ? FULL32 : at).raw(rawName).raw(extraBytes).done(),
    );
    at = dataStart + compressedSize;
  }
  const directoryAt = at;
  for (const record of directory) {
    parts.push({ at, bytes: record });
    at += record.length;
  }
  const directorySize = at - directoryAt;
  const zip64 = directoryAt >= FULL32 || sources.length >= 0xffff;
  if (zip64) {
    const zip64EndAt = at;
    const end64 = new Writer()
      .u32(0x06064b50).u64(44).u16(45).u16(45).u32(0).u32(0)
      .u64(sources.length).u64(sources.length).u64(directorySize).u64(directoryAt).done();
    const locator = new Writer().u32(0x07064b50).u32(0).u64(zip64EndAt).u32(1).done();
    parts.push({ at, bytes: end64 }, { at: at + end64.length, bytes: locator });
    at += end64.length + locator.length;
  }
  const comment = new TextEncoder().encode('Rangefetch test archive');
  const end = new Writer()
    .u32(0x06054b50).u16(0).u16(0)
    .u16(zip64 ? 0xffff : sources.length).u16(zip64 ? 0xffff : sources.length)
    .u32(zip64 ? FULL32 : directorySize).u32(zip64 ? FULL32 : directoryAt)
    .u16(comment.length).raw(comment).done();
  parts.push({ at, bytes: end });
  return { size: at + end.length, parts, entries };
}

/** Bytes [start, end) of the archive. */
export function readZip(zip: VirtualZip, start: number, end: number): Uint8Array {
  const out = new Uint8Array(end - start);
  for (const part of zip.parts) {
    const from = Math.max(start, part.at);
    const to = Math.min(end, part.at + part.bytes.length);
    if (from < to) out.set(part.bytes.subarray(from - part.at, to - part.at), from - start);
  }
  return out;
}
