/**
 * Reading a ZIP archive's central directory (APPNOTE.TXT 6.3.10, sections 4.3.6-4.3.16 and 4.5.3)
 * from a few ranges of it: the end of the file, the ZIP64 records when the archive needs them,
 * the directory itself, and per chosen entry its local header's fixed part. Pure functions over
 * byte arrays; the worker asks for the ranges (worker/zip/list-zip.ts).
 */
import { sanitizeFileName } from './file-name';
import type { UrlEntry } from './types';
import { decodeUtf8 } from './utf8';

/** The end-of-directory record is at least this long, plus a comment of at most 65535 bytes. */
export const END_RECORD_BYTES = 22;
/** How much of the end of a file can hold the end record (and, just before it, the ZIP64 locator). */
export const END_SEARCH_BYTES = END_RECORD_BYTES + 0xffff + 20;
export const ZIP64_END_BYTES = 56;
export const LOCAL_HEADER_BYTES = 30;
/** A directory larger than this is refused rather than read: a few hundred thousand entries. */
export const MAX_DIRECTORY_BYTES = 32 << 20;

const END_SIGNATURE = 0x06054b50;
const ZIP64_LOCATOR_SIGNATURE = 0x07064b50;
const ZIP64_END_SIGNATURE = 0x06064b50;
const ENTRY_SIGNATURE = 0x02014b50;
const LOCAL_SIGNATURE = 0x04034b50;
const ZIP64_EXTRA = 0x0001;

/** Why an entry cannot be downloaded by itself; null when it can. */
export type ZipEntryProblem = 'encrypted' | 'unsupported';

/** One file of the archive as its central directory describes it (plain data: it crosses threads). */
export interface ZipEntry {
  /** Its path in the archive, decoded and made safe: the folders and the name joined by "/". */
  path: string;
  /** Folders to keep it in, each a safe name, outermost first. */
  folders: string[];
  /** Its file name, safe for saving. */
  name: string;
  /** 0 stored, 8 deflate; anything else is unsupported. */
  method: number;
  crc32: number;
  compressedSize: number;
  size: number;
  /** Where its local header starts. */
  localOffset: number;
  problem: ZipEntryProblem | null;
}

/** Where the central directory is, as the end records say. */
export interface DirectoryPlace {
  entries: number;
  offset: number;
  size: number;
}

export type EndRecord =
  | { kind: 'directory'; place: DirectoryPlace }
  /** A ZIP64 archive: its end record is at `zip64EndAt`, to be read next. */
  | { kind: 'zip64'; zip64EndAt: number }
  | { kind: 'bad'; message: string };

export class ZipFormatError extends Error {}

/** Why a ZIP could not be listed, for the page to say in its own words. */
export type ZipProblem =
  | { kind: 'no-ranges' }
  | { kind: 'cors' }
  | { kind: 'network' }
  | { kind: 'status'; status: number }
  | { kind: 'not-zip' }
  | { kind: 'damaged'; detail: string };

export type ZipListing = { ok: true; url: string; size: number; entries: ZipEntry[] } | { ok: false; problem: ZipProblem };

/** Links for the chosen entries, ready to add (each a window of the archive). */
export type ZipLinks = { ok: true; entries: UrlEntry[] } | { ok: false; problem: ZipProblem };

function u16(b: Uint8Array, at: number): number {
  return (b[at] ?? 0) | ((b[at + 1] ?? 0) << 8);
}

function u32(b: Uint8Array, at: number): number {
  return (u16(b, at) + u16(b, at + 2) * 0x10000) >>> 0;
}

/** A 64-bit field; anything past 2^53 is no file a browser can fetch. */
function u64(b: Uint8Array, at: number): number {
  const high = u32(b, at + 4);
  if (high >= 0x200000) throw new ZipFormatError('A size or offset in the archive is impossibly large');
  return high * 0x1_0000_0000 + u32(b, at);
}

/**
 * Finds the end record in `tail`, the last bytes of a `fileSize`-byte file (at most
 * END_SEARCH_BYTES of them): searched from the end, and taken only where its comment runs exactly
 * to the end of the file, so a comment that contains the signature cannot fool it.
 */
export function readEndRecord(tail: Uint8Array, fileSize: number): EndRecord {
  const tailStart = fileSize - tail.length;
  for (let i = tail.length - END_RECORD_BYTES; i >= 0; i--) {
    if (u32(tail, i) !== END_SIGNATURE || i + END_RECORD_BYTES + u16(tail, i + 20) !== tail.length) continue;
    const entries = u16(tail, i + 10);
    const size = u32(tail, i + 12);
    const offset = u32(tail, i + 16);
    const locatorAt = i - 20;
    if (locatorAt >= 0 && u32(tail, locatorAt) === ZIP64_LOCATOR_SIGNATURE) {
      const zip64EndAt = u64(tail, locatorAt + 8);
      if (zip64EndAt + ZIP64_END_BYTES > tailStart + locatorAt) return { kind: 'bad', message: 'The archive’s ZIP64 end record is out of place' };
      return { kind: 'zip64', zip64EndAt };
    }
    if (entries === 0xffff || size === 0xffffffff || offset === 0xffffffff) return { kind: 'bad', message: 'The archive needs ZIP64 records it does not have' };
    return checkedPlace({ entries, offset, size }, tailStart + i);
  }
  return { kind: 'bad', message: 'This is not a ZIP archive (no end of central directory found)' };
}

/** The ZIP64 end record, read at the offset the locator gave; `endAt` is where the plain end record sits. */
export function readZip64End(bytes: Uint8Array, recordAt: number, endAt: number): EndRecord {
  if (bytes.length < ZIP64_END_BYTES || u32(bytes, 0) !== ZIP64_END_SIGNATURE) return { kind: 'bad', message: 'The archive’s ZIP64 end record is damaged' };
  return checkedPlace({ entries: u64(bytes, 32), size: u64(bytes, 40), offset: u64(bytes, 48) }, Math.min(recordAt, endAt));
}

function checkedPlace(place: DirectoryPlace, directoryEnd: number): EndRecord {
  if (place.offset + place.size > directoryEnd) return { kind: 'bad', message: 'The archive’s central directory is out of place' };
  if (place.size > MAX_DIRECTORY_BYTES) return { kind: 'bad', message: 'The archive has too many files to list' };
  if (place.entries * 46 > place.size) return { kind: 'bad', message: 'The archive’s central directory is damaged' };
  return { kind: 'directory', place };
}

/**
 * The entries of a central directory of `expected` entries, folders left out. Throws a
 * ZipFormatError for a directory that is not one; an entry this app cannot fetch on its own
 * (encrypted, compressed by a method other than deflate) is listed with its problem.
 */
export function readCentralDirectory(bytes: Uint8Array, expected: number, directoryOffset: number): ZipEntry[] {
  const entries: ZipEntry[] = [];
  let at = 0;
  for (let n = 0; n < expected; n++) {
    if (at + 46 > bytes.length || u32(bytes, at) !== ENTRY_SIGNATURE) throw new ZipFormatError('The archive’s central directory is damaged');
    const flags = u16(bytes, at + 8);
    const method = u16(bytes, at + 10);
    const crc32 = u32(bytes, at + 16);
    const nameLength = u16(bytes, at + 28);
    const extraLength = u16(bytes, at + 30);
    const commentLength = u16(bytes, at + 32);
    const nameStart = at + 46;
    const extraStart = nameStart + nameLength;
    const next = extraStart + extraLength + commentLength;
    if (next > bytes.length) throw new ZipFormatError('The archive’s central directory is damaged');
    const rawName = bytes.subarray(nameStart, extraStart);
    const wide = readZip64Extra(bytes.subarray(extraStart, extraStart + extraLength), {
      size: u32(bytes, at + 24),
      compressedSize: u32(bytes, at + 20),
      localOffset: u32(bytes, at + 42),
    });
    at = next;
    const decoded = flags & 0x0800 ? (decodeUtf8(rawName) ?? decodeCp437(rawName)) : decodeCp437(rawName);
    if (decoded.endsWith('/') || decoded.endsWith('\\')) continue;
    const safe = safePath(decoded);
    if (wide.localOffset + LOCAL_HEADER_BYTES + wide.compressedSize > directoryOffset) throw new ZipFormatError(`The archive’s entry ${safe.path} lies outside it`);
    entries.push({ ...safe, ...wide, method, crc32, problem: problemOf(flags, method) });
  }
  return entries;
}

function problemOf(flags: number, method: number): ZipEntryProblem | null {
  // Bit 0: encrypted; bit 6: strong encryption; bit 13: the local header is masked.
  if (flags & 0x2041) return 'encrypted';
  // Bit 5: compressed patch data, which needs the file it patches.
  if ((method !== 0 && method !== 8) || flags & 0x0020) return 'unsupported';
  return null;
}

type Sizes = Pick<ZipEntry, 'size' | 'compressedSize' | 'localOffset'>;

/** Sizes and offset, with the 64-bit values of a ZIP64 extra field where the 32-bit ones are full. */
function readZip64Extra(extra: Uint8Array, narrow: Sizes): Sizes {
  const wide = { ...narrow };
  const full = (['size', 'compressedSize', 'localOffset'] as const).filter((field) => narrow[field] === 0xffffffff);
  if (full.length === 0) return wide;
  for (let at = 0; at + 4 <= extra.length; ) {
    const id = u16(extra, at);
    const length = u16(extra, at + 2);
    if (id === ZIP64_EXTRA) {
      // Only the fields that are full in the record are present, in this order.
      if (length < full.length * 8) break;
      full.forEach((field, k) => (wide[field] = u64(extra, at + 4 + k * 8)));
      return wide;
    }
    at += 4 + length;
  }
  throw new ZipFormatError('The archive lacks the ZIP64 sizes of an entry');
}

/** Where an entry's data starts, from the fixed part of its local header at `localOffset`. */
export function dataStartOf(header: Uint8Array, localOffset: number): number {
  if (header.length < LOCAL_HEADER_BYTES || u32(header, 0) !== LOCAL_SIGNATURE) throw new ZipFormatError('An entry’s local header is damaged');
  return localOffset + LOCAL_HEADER_BYTES + u16(header, 26) + u16(header, 28);
}

// IBM PC code page 437, bytes 0x80-0xFF: what a ZIP name means without the UTF-8 flag.
const CP437_HIGH =
  'ÇüéâäàåçêëèïîìÄÅÉæÆôöòûùÿÖÜ¢£¥₧ƒáíóúñÑªº¿⌐¬½¼¡«»░▒▓│┤╡╢╖╕╣║╗╝╜╛┐└┴┬├─┼╞╟╚╔╩╦╠═╬╧╨╤╥╙╘╒╓╫╪┘┌█▄▌▐▀αßΓπΣσµτΦΘΩδ∞φε∩≡±≥≤⌠⌡÷≈°∙·√ⁿ²■\u00a0';

export function decodeCp437(bytes: Uint8Array): string {
  let s = '';
  for (const b of bytes) s += b < 0x80 ? String.fromCharCode(b) : (CP437_HIGH[b - 0x80] ?? '_');
  return s;
}

/**
 * Folders and name, each part sanitized as any file name is: "..", "." and empty parts are
 * dropped, so no entry can climb out of the folder it is saved in, and "\" separates as "/" does.
 */
export function safePath(raw: string): Pick<ZipEntry, 'path' | 'folders' | 'name'> {
  const parts = raw
    .split(/[/\\]/)
    .filter((part) => part !== '' && part !== '.' && part !== '..')
    .map((part) => sanitizeFileName(part))
    .filter((part): part is string => part !== null);
  const name = parts.pop() ?? 'download';
  return { path: [...parts, name].join('/'), folders: parts, name };
}
