import { parseContentDispositionFilename } from './content-disposition';
import { truncateUtf8, utf8ByteLength } from './utf8';

/** Most file systems allow 255 bytes; leaving room lets fileNameCandidates add " (12)" safely. */
const MAX_NAME_BYTES = 200;
/** Longer "extensions" are really part of the name ("report.final-version-for-review"). */
const MAX_EXTENSION_CHARS = 16;
const FALLBACK_NAME = 'download';

// Path separators and the characters Windows forbids in names.
const FORBIDDEN = /[/\\<>:"|?*]/g;
// Control characters that are whitespace become spaces so "a\tb" stays two words.
const CONTROL_SPACE = /[\t\n\v\f\r\u0085\u2028\u2029]/g;
// Remaining C0/C1 controls and DEL, plus bidi overrides and invisible characters that let
// "a\u202Egnp.exe" display as "aexe.png" or hide characters from the person reading the name.
const INVISIBLE = /[\u0000-\u001f\u007f-\u009f\u200b-\u200f\u202a-\u202e\u2066-\u2069\u061c\ufeff]/g;
// Unpaired surrogates cannot be written to UTF-8 file systems.
const LONE_SURROGATE = /[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/g;
const EDGE_DOTS_SPACES = /^[\s.]+|[\s.]+$/g;
// Windows reserves these device names with any extension, ignoring spaces before the dot;
// superscript digits count too.
const RESERVED = /^(con|prn|aux|nul|com[0-9\u00b9\u00b2\u00b3]|lpt[0-9\u00b9\u00b2\u00b3])\s*(\.|$)/i;

/**
 * Makes `name` safe to create on Windows, macOS and Linux and unable to escape its folder.
 * Never returns "", ".", ".." or a name with a path separator; returns "download" when nothing
 * usable is left.
 */
export function sanitizeFileName(name: string): string {
  return cleanFileName(name) || FALLBACK_NAME;
}

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
 * The name to save a download under: the server's Content-Disposition name, else the URL's
 * last segment, else "download". A candidate that sanitizes to nothing (say `filename=".."`)
 * gives way to the next one rather than producing "download" while the URL has a real name.
 */
export function chooseFileName(contentDisposition: string | null, url: string): string {
  for (const candidate of [parseContentDispositionFilename(contentDisposition), fileNameFromUrl(url)]) {
    if (candidate === null) continue;
    const cleaned = cleanFileName(candidate);
    if (cleaned) return cleaned;
  }
  return FALLBACK_NAME;
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

/** Sanitizes, returning "" when nothing usable is left. */
function cleanFileName(name: string): string {
  let s = name
    .replace(LONE_SURROGATE, '')
    .normalize('NFC')
    .replace(CONTROL_SPACE, ' ')
    .replace(INVISIBLE, '')
    .replace(FORBIDDEN, '_')
    .replace(/\s+/g, ' ')
    .replace(EDGE_DOTS_SPACES, '');
  if (RESERVED.test(s)) s = `_${s}`;
  s = limitLength(s);
  // Cutting can leave a trailing space or dot, which Windows silently drops.
  return s.replace(EDGE_DOTS_SPACES, '');
}

/** Cuts `name` to MAX_NAME_BYTES, shortening the part before the extension when there is one. */
function limitLength(name: string): string {
  if (utf8ByteLength(name) <= MAX_NAME_BYTES) return name;
  const dot = name.lastIndexOf('.');
  const extension = dot > 0 ? name.slice(dot) : '';
  if (extension.length > 1 && extension.length - 1 <= MAX_EXTENSION_CHARS) {
    const stem = truncateUtf8(name.slice(0, dot), MAX_NAME_BYTES - utf8ByteLength(extension));
    return stem.replace(/[\s.]+$/, '') + extension;
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
