const SHA256_HEX = /^[0-9a-f]{64}$/i;

/** True for a SHA-256 digest written as 64 hex digits, in either case. */
export function isSha256Hex(s: string): boolean {
  return SHA256_HEX.test(s);
}
