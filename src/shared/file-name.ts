import { parseContentDispositionFilename } from './content-disposition';
import { isReservedName, isShellIntegratedExtension, neutralizeForFolder, removeIllegalCharacters } from './folder-name-rules';
import { truncateUtf8, utf8ByteLength } from './utf8';

/** Most file systems allow 255 bytes; leaving room lets fileNameCandidates add " (12)" safely. */
const MAX_NAME_BYTES = 200;
/** Longer "extensions" are really part of the name ("report.final-version-for-review"). */
const MAX_EXTENSION_CHARS = 16;
/** A fallback name is short enough for any file system and for Windows' 260-character paths. */
const MAX_FALLBACK_STEM = 64;
const FALLBACK_NAME = 'download';

// Path separators and the characters Windows forbids in names.
const FORBIDDEN = /[/\\<>:"|?*]/g;
// Control characters that are whitespace become spaces so "a\tb" stays two words.
const CONTROL_SPACE = /[\t\n\v\f\r\u0085\u2028\u2029]/g;
// Unpaired surrogates cannot be written to UTF-8 file systems.
const LONE_SURROGATE = /[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/g;
// Hangul fillers and the blank Braille pattern draw nothing, like spaces: a name of only these
// (and dots, spaces, tildes) would show as an empty row and an invisible file.
const LOOKS_BLANK = /^[\s.~\u115f\u1160\u3164\uffa0\u2800]*$/u;
const EDGE_DOT_OR_SPACE = /[\s.]/;
// What a fallback name may hold: portable on every file system, readable in any locale.
const NOT_PORTABLE = /[^A-Za-z0-9._ -]+/g;
const PORTABLE_EXTENSION = /^[A-Za-z0-9]{1,16}$/;

/** The last non-empty path segment of an http(s)-style URL, percent-decoded; null when none. */
export function fileNameFromUrl(url: string): string | null {
  let pathname: string;
  try {
    pathname = new URL(url).pathname;
  } catch {
    return null;
  }
  // Opaque paths (data:, mailto:) have no segments to speak of.
  if (!pathname.startsWith('/')) return null;
  const segment = pathname.split('/').filter((s) => s !== '').pop();
  if (segment === undefined) return null;
  try {
    return decodeURIComponent(segment);
  } catch {
    return segment;
  }
}

/**
 * The name to save a download under: the name the person gave (an `out=` of an imported list),
 * else the server's Content-Disposition name, else the URL's last segment, else "download". A
 * candidate that sanitizes to nothing (say `filename=".."`) gives way to the next one rather than
 * producing "download" while the URL has a real name. The result is at most 200 UTF-8 bytes,
 * safe on Windows, macOS and Linux, and a name Chromium lets a page create in a folder the person
 * picked (folder-name-rules.ts).
 */
export function chooseFileName(contentDisposition: string | null, url: string, given: string | null = null): string {
  for (const candidate of [given, parseContentDispositionFilename(contentDisposition), fileNameFromUrl(url)]) {
    if (candidate === null) continue;
    const cleaned = cleanFileName(candidate);
    if (cleaned) return cleaned;
  }
  return FALLBACK_NAME;
}

/** `name` sanitized as chooseFileName does; null when nothing usable is left of it. */
export function sanitizeFileName(name: string): string | null {
  return cleanFileName(name) || null;
}

/**
 * "a.bin", "a (1).bin", "a (2).bin", … without end, for callers that test names one by one
 * against a folder (the first one it does not hold is the name to use).
 */
export function* fileNameCandidates(name: string): Generator<string, never> {
  yield name;
  const { stem, extension } = splitForNumbering(name);
  for (let i = 1; ; i++) yield `${stem} (${i})${extension}`;
}

/**
 * A more conservative name for `name` when a folder refused it even though it passed
 * chooseFileName: only ASCII letters, digits, space, ".", "_" and "-", at most 64 characters
 * before the extension, keeping the extension when it is plain letters and digits ("Résumé
 * 2024.pdf" → "Resume 2024.pdf", "日本語.txt" → "download.txt"). Called again on its own result
 * it gives up more: "download" plus the extension, then "download", which every folder takes;
 * a caller can stop when the name no longer changes.
 */
export function fallbackFileName(name: string): string {
  const portable = toPortableName(cleanFileName(name) || FALLBACK_NAME);
  if (portable !== name) return portable;
  const plain = FALLBACK_NAME + portableExtension(portable);
  return plain !== name ? plain : FALLBACK_NAME;
}

/**
 * Sanitizes, returning "" when nothing usable is left. Every step is a single pass over the
 * name (no regular expression here can backtrack), so a hostile 2 MB name costs milliseconds.
 * The order matters: removals come before NFC so a removed character cannot leave an
 * unnormalized pair behind, the reserved-name prefix before the cut so the cut keeps it, and
 * the folder rules last because they only swap characters and so keep the byte limit.
 */
function cleanFileName(name: string): string {
  const visible = removeIllegalCharacters(name.replace(LONE_SURROGATE, '').replace(CONTROL_SPACE, ' '));
  let s = trimEdges(visible.normalize('NFC').replace(FORBIDDEN, '_').replace(/\s+/g, ' '), EDGE_DOT_OR_SPACE);
  if (LOOKS_BLANK.test(s)) return '';
  if (isReservedName(s)) s = `_${s}`;
  // Cutting can leave a trailing space or dot, which Windows silently drops.
  s = trimEdges(limitLength(s), EDGE_DOT_OR_SPACE);
  return neutralizeForFolder(s);
}

/** `name` reduced to portable ASCII; see fallbackFileName. */
function toPortableName(name: string): string {
  const extension = portableExtension(name);
  const stem = extension === '' ? name : name.slice(0, -extension.length);
  // NFKD splits "é" into "e" and an accent, which is then dropped with the other marks.
  const ascii = stem.normalize('NFKD').replace(/\p{M}/gu, '').replace(NOT_PORTABLE, '_').replace(/_+/g, '_');
  const cut = trimEdges(trimEdges(ascii, /[\s._-]/).slice(0, MAX_FALLBACK_STEM), /[\s._-]/);
  const portable = (cut === '' ? FALLBACK_NAME : cut) + extension;
  return isReservedName(portable) ? `_${portable}` : portable;
}

/** ".pdf" for "a.pdf"; "" when the extension is missing, not plain ASCII, or shell-integrated. */
function portableExtension(name: string): string {
  const dot = name.lastIndexOf('.');
  if (dot <= 0) return '';
  const extension = name.slice(dot + 1);
  return PORTABLE_EXTENSION.test(extension) && !isShellIntegratedExtension(extension) ? `.${extension}` : '';
}

/** Drops characters matching `edge` from both ends, in one pass each way. */
function trimEdges(s: string, edge: RegExp): string {
  let start = 0;
  let end = s.length;
  while (start < end && edge.test(s[start] ?? '')) start++;
  while (end > start && edge.test(s[end - 1] ?? '')) end--;
  return s.slice(start, end);
}

/** Cuts `name` to MAX_NAME_BYTES, shortening the part before the extension when there is one. */
function limitLength(name: string): string {
  if (utf8ByteLength(name) <= MAX_NAME_BYTES) return name;
  const dot = name.lastIndexOf('.');
  const extension = dot > 0 ? name.slice(dot) : '';
  if (extension.length > 1 && extension.length - 1 <= MAX_EXTENSION_CHARS) {
    const stem = truncateUtf8(name.slice(0, dot), MAX_NAME_BYTES - utf8ByteLength(extension));
    return trimEdges(stem, EDGE_DOT_OR_SPACE) + extension;
  }
  return truncateUtf8(name, MAX_NAME_BYTES);
}

/** "a.tar.gz" numbers as "a (1).tar.gz": splitting at the last dot would give "a.tar (1).gz". */
function splitForNumbering(name: string): { stem: string; extension: string } {
  const compound = /^(.+?)(\.tar\.[a-z0-9]{1,5})$/i.exec(name);
  if (compound) return { stem: compound[1] ?? name, extension: compound[2] ?? '' };
  const dot = name.lastIndexOf('.');
  if (dot <= 0) return { stem: name, extension: '' };
  return { stem: name.slice(0, dot), extension: name.slice(dot) };
}
