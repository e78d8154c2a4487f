/**
 * Checksums that publishers put beside a download: sums files in the download's folder
 * (SHA256SUMS, sha256sums.txt), a file of its own (NAME.sha256, NAME.sha256sum), or a digest
 * header on the download's answer (Repr-Digest, RFC 9530; Digest, RFC 3230). Where to look and
 * how to read what is found; the asking is the worker's (worker/net/published-checksum.ts).
 */
import { toHex } from './hex';

/** Where a checksum the person did not give came from. */
export interface ChecksumSource {
  /** A file published beside the download, or a header of the download's own answer. */
  kind: 'file' | 'header';
  /** The file's name (SHA256SUMS, NAME.sha256) or the header's (Repr-Digest, Digest). */
  name: string;
  /** The host that published it, with its port when the link has one. */
  host: string;
}

/** A checksum found for a download, and where. */
export interface FoundChecksum {
  sha256: string;
  source: ChecksumSource;
}

/** A sums file lists many files; a single one holds the checksum of the file it is named after. */
export type SidecarKind = 'list' | 'single';

export interface Sidecar {
  url: string;
  /** Its file name, as a row says where the checksum came from. */
  name: string;
  kind: SidecarKind;
}

export interface SidecarPlan {
  /** The download's folder (its link up to the last `/`, without query): sums files are cached by it. */
  folder: string;
  host: string;
  /** The file's name as the link has it (decoded): what a sums file must name. */
  fileName: string;
  /** Files of the whole folder, asked once per folder. */
  lists: Sidecar[];
  /** Files of this download alone, asked when no list names it. */
  singles: Sidecar[];
}

export const LIST_FILES: readonly string[] = ['SHA256SUMS', 'sha256sums.txt'];
export const SINGLE_SUFFIXES: readonly string[] = ['.sha256', '.sha256sum'];

/**
 * Where a download's published checksums would be. Null for a link without a file name in its
 * path (it ends in `/`), or one that is itself a checksum file.
 */
export function planSidecars(link: string): SidecarPlan | null {
  let url: URL;
  try {
    url = new URL(link);
  } catch {
    return null;
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') return null;
  const slash = url.pathname.lastIndexOf('/');
  const raw = url.pathname.slice(slash + 1);
  if (raw === '') return null;
  let fileName: string;
  try {
    fileName = decodeURIComponent(raw);
  } catch {
    return null;
  }
  if (LIST_FILES.includes(fileName) || SINGLE_SUFFIXES.some((suffix) => fileName.toLowerCase().endsWith(suffix))) return null;
  // The query is left off: it names this download (a signature, a token), not the folder's files.
  const folder = `${url.protocol}//${url.host}${url.pathname.slice(0, slash + 1)}`;
  return {
    folder,
    host: url.host,
    fileName,
    lists: LIST_FILES.map((name) => ({ url: folder + name, name, kind: 'list' })),
    singles: SINGLE_SUFFIXES.map((suffix) => ({ url: folder + raw + suffix, name: fileName + suffix, kind: 'single' })),
  };
}

/** One line of a sums file: the file it names (null for a bare checksum) and its SHA-256. */
export interface SumsEntry {
  name: string | null;
  sha256: string;
}

/** `HASH  NAME` (text mode) or `HASH *NAME` (binary mode), as sha256sum writes. */
const GNU_LINE = /^([0-9a-fA-F]{64}) [ *](.+)$/;
/** `SHA256 (NAME) = HASH`, as BSD's sha256 and `sha256sum --tag` write (SHA-256 in some lists). */
const BSD_LINE = /^SHA-?256 ?\((.+)\) ?= ?([0-9a-fA-F]{64})$/i;
const BARE_LINE = /^([0-9a-fA-F]{64})$/;

/** A GNU line that starts with `\` has `\\` and `\n` escaped in its name. */
function unescapeGnuName(name: string): string {
  return name.replace(/\\(\\|n)/g, (_, c: string) => (c === 'n' ? '\n' : '\\'));
}

/**
 * The SHA-256 lines of a sums file, in GNU coreutils form, BSD form, or a bare checksum; other
 * lines (comments, other algorithms, a PGP signature's armour) are passed over.
 */
export function parseSums(text: string): SumsEntry[] {
  const entries: SumsEntry[] = [];
  for (const rawLine of text.split('\n')) {
    const line = rawLine.replace(/\r$/, '').trim();
    if (line === '' || line.startsWith('#')) continue;
    const escaped = line.startsWith('\\');
    const gnu = GNU_LINE.exec(escaped ? line.slice(1) : line);
    if (gnu !== null) {
      const name = gnu[2] ?? '';
      entries.push({ name: escaped ? unescapeGnuName(name) : name, sha256: (gnu[1] ?? '').toLowerCase() });
      continue;
    }
    const bsd = BSD_LINE.exec(line);
    if (bsd !== null) {
      entries.push({ name: bsd[1] ?? '', sha256: (bsd[2] ?? '').toLowerCase() });
      continue;
    }
    const bare = BARE_LINE.exec(line);
    if (bare !== null) entries.push({ name: null, sha256: (bare[1] ?? '').toLowerCase() });
  }
  return entries;
}

const baseName = (path: string): string => path.slice(path.lastIndexOf('/') + 1);
const withoutDotSlash = (path: string): string => path.replace(/^(\.\/)+/, '');

/** The one checksum among `entries`, or null when they disagree or there are none. */
function agreed(entries: readonly SumsEntry[]): string | null {
  const first = entries[0];
  if (first === undefined) return null;
  return entries.every((e) => e.sha256 === first.sha256) ? first.sha256 : null;
}

/**
 * The checksum a sums file gives for `fileName`. A list names it by its name, or by a path that
 * ends in it when no entry names it exactly; a file of its own may also hold a bare checksum.
 * Null when it is not named, or named with two different checksums.
 */
export function checksumFor(text: string, fileName: string, kind: SidecarKind): string | null {
  const entries = parseSums(text);
  if (kind === 'single') {
    const [only] = entries;
    if (entries.length === 1 && only !== undefined && only.name === null) return only.sha256;
  }
  const named = entries.filter((e): e is { name: string; sha256: string } => e.name !== null);
  const exact = named.filter((e) => withoutDotSlash(e.name) === fileName);
  if (exact.length > 0) return agreed(exact);
  return agreed(named.filter((e) => baseName(e.name) === fileName));
}

const BASE64 = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/';

/** The bytes of standard base64 (padding optional); null when it is not base64. */
export function decodeBase64(text: string): Uint8Array | null {
  const body = text.replace(/=+$/, '');
  if (body.length % 4 === 1 || !/^[A-Za-z0-9+/]*$/.test(body)) return null;
  const out = new Uint8Array(Math.floor((body.length * 3) / 4));
  let bits = 0;
  let value = 0;
  let at = 0;
  for (const c of body) {
    value = (value << 6) | BASE64.indexOf(c);
    bits += 6;
    if (bits >= 8) {
      bits -= 8;
      out[at++] = (value >> bits) & 0xff;
    }
  }
  return out;
}

/** A SHA-256 given as base64 of its 32 bytes, as hex; null when it is not one. */
function hexOfBase64Sha256(text: string): string | null {
  const bytes = decodeBase64(text.trim());
  return bytes !== null && bytes.length === 32 ? toHex(bytes) : null;
}

/**
 * The sha-256 of a Repr-Digest header (RFC 9530: a structured dictionary, `sha-256=:BASE64:`,
 * beside other algorithms, each possibly with parameters). It is the digest of the whole
 * representation, so a 206 carries the whole file's. Null when it has none that can be read.
 */
export function sha256OfReprDigest(value: string | null): string | null {
  if (value === null) return null;
  for (const member of value.split(',')) {
    const m = /^\s*sha-256\s*=\s*:([A-Za-z0-9+/=]*):\s*(?:;.*)?$/.exec(member);
    if (m !== null) return hexOfBase64Sha256(m[1] ?? '');
  }
  return null;
}

/** The SHA-256 of a Digest header (RFC 3230, `SHA-256=BASE64`, the name in any case). */
export function sha256OfDigest(value: string | null): string | null {
  if (value === null) return null;
  for (const member of value.split(',')) {
    const m = /^\s*sha-256\s*=\s*([A-Za-z0-9+/=]+)\s*$/i.exec(member);
    if (m !== null) return hexOfBase64Sha256(m[1] ?? '');
  }
  return null;
}

/** A published digest among the headers of the download's answer (only those CORS exposes). */
export function digestOfHeaders(get: (name: string) => string | null, host: string): FoundChecksum | null {
  const repr = sha256OfReprDigest(get('Repr-Digest'));
  if (repr !== null) return { sha256: repr, source: { kind: 'header', name: 'Repr-Digest', host } };
  const legacy = sha256OfDigest(get('Digest'));
  if (legacy !== null) return { sha256: legacy, source: { kind: 'header', name: 'Digest', host } };
  return null;
}

/** Whether `value` is a stored ChecksumSource (records are checked before use). */
export function isChecksumSource(value: unknown): value is ChecksumSource {
  if (typeof value !== 'object' || value === null) return false;
  const v = value as Record<string, unknown>;
  return (v.kind === 'file' || v.kind === 'header') && typeof v.name === 'string' && v.name !== '' && typeof v.host === 'string';
}
