import { describe, expect, it } from 'vitest';
import { isSha256Hex, toHex } from '../../src/shared/hex';

describe('isSha256Hex', () => {
  const digest = 'e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855';

  it('accepts 64 hex digits in either case', () => {
    expect(isSha256Hex(digest)).toBe(true);
    expect(isSha256Hex(digest.toUpperCase())).toBe(true);
  });

  it('rejects wrong lengths, non-hex characters and padding', () => {
    expect(isSha256Hex(digest.slice(1))).toBe(false);
    expect(isSha256Hex(`${digest}0`)).toBe(false);
    expect(isSha256Hex(`${digest.slice(1)}g`)).toBe(false);
    expect(isSha256Hex(` ${digest}`)).toBe(false);
    expect(isSha256Hex(`${digest}\n`)).toBe(false);
    expect(isSha256Hex('')).toBe(false);
  });
});

describe('toHex', () => {
  it('writes two lowercase digits per byte, keeping leading zeros', () => {
    expect(toHex(new Uint8Array([0, 1, 15, 16, 171, 255]))).toBe('00010f10abff');
    expect(toHex(new Uint8Array(0))).toBe('');
  });
});
