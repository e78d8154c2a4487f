const SHA256_HEX = /^[0-9a-f]{64}$/i;

/** True for a SHA-256 digest written as 64 hex digits, in either case. */
export function isSha256Hex(s: string): boolean {
  return SHA256_HEX.test(s);
}

/** Lowercase hex of `bytes`, two digits each. */
export function toHex(bytes: Uint8Array): string {
  let out = '';
  for (const b of bytes) out += b.toString(16).padStart(2, '0');
  return out;
}
