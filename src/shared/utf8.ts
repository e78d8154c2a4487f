/**
 * Strict UTF-8 helpers. Hand-written rather than TextDecoder so that src/shared needs no
 * platform API and so that invalid input is reported (null) instead of silently becoming U+FFFD.
 */

/** Decodes bytes as UTF-8, or returns null for anything not well-formed (overlongs, surrogates, truncation). */
export function decodeUtf8(bytes: ArrayLike<number>): string | null {
  const codePoints: number[] = [];
  let i = 0;
  while (i < bytes.length) {
    const lead = bytes[i] ?? -1;
    if (lead >= 0 && lead < 0x80) {
      codePoints.push(lead);
      i++;
      continue;
    }
    // Lead bytes C0, C1 and F5+ can only start overlong or out-of-range sequences.
    let need: number;
    let min: number;
    let cp: number;
    if (lead >= 0xc2 && lead <= 0xdf) {
      [need, min, cp] = [1, 0x80, lead & 0x1f];
    } else if (lead >= 0xe0 && lead <= 0xef) {
      [need, min, cp] = [2, 0x800, lead & 0x0f];
    } else if (lead >= 0xf0 && lead <= 0xf4) {
      [need, min, cp] = [3, 0x10000, lead & 0x07];
    } else {
      return null;
    }
    for (let k = 1; k <= need; k++) {
      // Past the end reads as -1, so a truncated sequence fails here too.
      const b = bytes[i + k] ?? -1;
      if (b < 0x80 || b > 0xbf) return null;
      cp = (cp << 6) | (b & 0x3f);
    }
    if (cp < min || cp > 0x10ffff || (cp >= 0xd800 && cp <= 0xdfff)) return null;
    codePoints.push(cp);
    i += need + 1;
  }
  return codePointsToString(codePoints);
}

/** Number of bytes `s` takes in UTF-8; a lone surrogate counts as the 3 bytes of U+FFFD it would become. */
export function utf8ByteLength(s: string): number {
  let n = 0;
  for (const ch of s) n += codePointByteLength(ch.codePointAt(0) ?? 0);
  return n;
}

/** The longest prefix of `s` that fits in `maxBytes` of UTF-8, cut between code points only. */
export function truncateUtf8(s: string, maxBytes: number): string {
  let used = 0;
  let end = 0;
  for (const ch of s) {
    const size = codePointByteLength(ch.codePointAt(0) ?? 0);
    if (used + size > maxBytes) break;
    used += size;
    end += ch.length;
  }
  return s.slice(0, end);
}

function codePointByteLength(cp: number): number {
  if (cp < 0x80) return 1;
  if (cp < 0x800) return 2;
  if (cp < 0x10000) return 3;
  return 4;
}

function codePointsToString(codePoints: number[]): string {
  // fromCodePoint with a spread hits argument-count limits on long inputs, so go in chunks.
  let out = '';
  for (let i = 0; i < codePoints.length; i += 4096) {
    out += String.fromCodePoint(...codePoints.slice(i, i + 4096));
  }
  return out;
}
