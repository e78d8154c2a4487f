import { decodeUtf8 } from './utf8';

/**
 * Chromium fails a response whose headers take more than 256 KiB (ERR_RESPONSE_HEADERS_TOO_BIG),
 * so a longer value cannot have come from a server; it is ignored rather than parsed in part,
 * which could yield a name cut at a random place.
 */
const MAX_HEADER_CHARS = 256 * 1024;
/** Below the engines' argument-count limits for String.fromCharCode(...chunk). */
const DECODE_CHUNK = 8192;

/**
 * Extracts the file name from a Content-Disposition header (RFC 6266), preferring the
 * `filename*` parameter (RFC 8187 ext-value) over `filename`. Returns the decoded name as the
 * server meant it, unsanitized, or null when there is none. Parsing is lenient where real
 * servers are sloppy (missing disposition type, unterminated quotes) because a usable name is
 * worth more than rejecting the header; only a broken `filename*` is dropped, since guessing
 * at its bytes could produce a wrong name while `filename` usually holds a fallback.
 */
export function parseContentDispositionFilename(header: string | null): string | null {
  if (header === null || header.length > MAX_HEADER_CHARS) return null;
  const params = parseParameters(header);
  const extended = params.get('filename*');
  if (extended !== undefined) {
    const decoded = decodeExtValue(extended);
    if (decoded) return decoded;
  }
  const plain = params.get('filename');
  if (plain === undefined || plain === '') return null;
  return decodeByteStringAsUtf8(plain);
}

/**
 * Splits `type; name=value; name="quoted"` into lowercase names and unquoted values. The first
 * occurrence of a name wins: duplicates are invalid per RFC 6266 and taking the first is what
 * browsers do. A leading segment without "=" is the disposition type, whatever it says.
 */
function parseParameters(header: string): Map<string, string> {
  const params = new Map<string, string>();
  let i = 0;
  const n = header.length;
  while (i < n) {
    while (i < n && (header[i] === ';' || isSpace(header[i]))) i++;
    const nameStart = i;
    while (i < n && header[i] !== '=' && header[i] !== ';') i++;
    const name = header.slice(nameStart, i).trim().toLowerCase();
    if (header[i] !== '=') continue;
    i++;
    while (i < n && isSpace(header[i])) i++;
    let value: string;
    if (header[i] === '"') {
      const quoted = readQuoted(header, i + 1);
      value = quoted.value;
      i = quoted.next;
      // Anything between the closing quote and the next ";" is junk; skip it.
      while (i < n && header[i] !== ';') i++;
    } else {
      const valueStart = i;
      while (i < n && header[i] !== ';') i++;
      value = header.slice(valueStart, i).trim();
    }
    if (name !== '' && !params.has(name)) params.set(name, value);
  }
  return params;
}

/** Reads a quoted-string body starting after the opening quote; backslash escapes the next char. */
function readQuoted(s: string, from: number): { value: string; next: number } {
  let value = '';
  let i = from;
  while (i < s.length) {
    const ch = s[i] ?? '';
    if (ch === '"') return { value, next: i + 1 };
    if (ch === '\\' && i + 1 < s.length) {
      value += s[i + 1] ?? '';
      i += 2;
    } else {
      value += ch;
      i++;
    }
  }
  return { value, next: i };
}

/**
 * Decodes `charset'[language]'percent-encoded`. UTF-8 and ISO-8859-1 are the two charsets
 * RFC 8187 requires; US-ASCII is a subset of both and turns up in the wild. Null for anything
 * malformed or an empty result, so the caller falls back to `filename`.
 */
function decodeExtValue(value: string): string | null {
  const match = /^([^']*)'([^']*)'(.*)$/s.exec(value);
  if (!match) return null;
  const charset = (match[1] ?? '').trim().toLowerCase();
  const bytes = percentDecode(match[3] ?? '');
  if (bytes === null || bytes.length === 0) return null;
  if (charset === 'utf-8') return decodeUtf8(bytes);
  if (charset === 'iso-8859-1') return latin1(bytes);
  if (charset === 'us-ascii') return bytes.every((b) => b < 0x80) ? latin1(bytes) : null;
  return null;
}

/** One char per byte; in chunks, because spreading a long array into one call throws RangeError. */
function latin1(bytes: number[]): string {
  let out = '';
  for (let i = 0; i < bytes.length; i += DECODE_CHUNK) {
    out += String.fromCharCode(...bytes.slice(i, i + DECODE_CHUNK));
  }
  return out;
}

/** Percent-decodes to bytes; literal characters must themselves be single bytes. */
function percentDecode(s: string): number[] | null {
  const bytes: number[] = [];
  for (let i = 0; i < s.length; i++) {
    const code = s.charCodeAt(i);
    if (code === 0x25 /* % */) {
      const hex = s.slice(i + 1, i + 3);
      if (!/^[0-9a-f]{2}$/i.test(hex)) return null;
      bytes.push(parseInt(hex, 16));
      i += 2;
    } else if (code > 0xff) {
      return null;
    } else {
      bytes.push(code);
    }
  }
  return bytes;
}

/**
 * fetch exposes header values as ByteStrings, one char per byte, so a server that puts raw
 * UTF-8 in `filename` (very common) shows up as mojibake like "Ã©". If every char fits in a
 * byte and those bytes are valid UTF-8 with at least one multi-byte sequence, that reading is
 * almost certainly the intended one; otherwise the text stays Latin-1 as received.
 */
function decodeByteStringAsUtf8(s: string): string {
  const bytes: number[] = [];
  let high = false;
  for (let i = 0; i < s.length; i++) {
    const code = s.charCodeAt(i);
    if (code > 0xff) return s;
    if (code >= 0x80) high = true;
    bytes.push(code);
  }
  if (!high) return s;
  return decodeUtf8(bytes) ?? s;
}

function isSpace(ch: string | undefined): boolean {
  return ch === ' ' || ch === '\t';
}
