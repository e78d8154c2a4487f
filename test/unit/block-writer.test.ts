import { describe, expect, it } from 'vitest';
import { BLOCK_SIZE, BlockWriter, type PositionedFile } from '../../src/worker/run/block-writer';

/** An in-memory file; `refuseFrom` imitates Chromium on a full quota (see BlockWriter.writeOut). */
function memoryFile(size: number, refuseFrom = Infinity): PositionedFile & { bytes: Uint8Array; writes: number } {
  const bytes = new Uint8Array(size);
  return {
    bytes,
    writes: 0,
    write(buffer, { at }) {
      this.writes++;
      if (at + buffer.length > refuseFrom) {
        // Part of the block may land before the error code comes back.
        bytes.set(buffer.subarray(0, Math.max(0, refuseFrom - at)), at);
        return 2 ** 32 - 8;
      }
      bytes.set(buffer, at);
      return buffer.length;
    },
  };
}

function chunk(from: number, length: number): Uint8Array {
  const bytes = new Uint8Array(length);
  for (let i = 0; i < length; i++) bytes[i] = (from + i) % 251;
  return bytes;
}

/** Compares as bytes: toEqual on megabytes of numbers takes seconds. */
function sameBytes(a: Uint8Array, b: Uint8Array): boolean {
  return Buffer.compare(Buffer.from(a.buffer, a.byteOffset, a.byteLength), Buffer.from(b.buffer, b.byteOffset, b.byteLength)) === 0;
}

describe('BlockWriter', () => {
  it('gathers chunks into whole blocks and writes each at its offset', () => {
    const file = memoryFile(3 * BLOCK_SIZE);
    const ends: number[] = [];
    const writer = new BlockWriter(file, 100, 2 * BLOCK_SIZE, (to) => ends.push(to));
    let pos = 100;
    while (pos < 100 + 2 * BLOCK_SIZE) {
      const n = Math.min(300_000, 100 + 2 * BLOCK_SIZE - pos);
      writer.append(chunk(pos, n));
      pos += n;
    }
    writer.writeOut();
    expect(file.writes).toBe(2);
    expect(ends).toEqual([100 + BLOCK_SIZE, 100 + 2 * BLOCK_SIZE]);
    expect(sameBytes(file.bytes.subarray(100, 100 + 2 * BLOCK_SIZE), chunk(100, 2 * BLOCK_SIZE))).toBe(true);
  });

  it('hands a partial block to the file on writeOut, and nothing when empty', () => {
    const file = memoryFile(1000);
    const ends: number[] = [];
    const writer = new BlockWriter(file, 10, 500, (to) => ends.push(to));
    writer.writeOut();
    writer.append(chunk(10, 123));
    writer.writeOut();
    expect(ends).toEqual([133]);
    expect(file.writes).toBe(1);
  });

  it('treats the error code Chromium returns on a full quota as a failed write, counting none of the block', () => {
    const file = memoryFile(2 * BLOCK_SIZE, BLOCK_SIZE + 1000);
    const ends: number[] = [];
    const writer = new BlockWriter(file, 0, 2 * BLOCK_SIZE, (to) => ends.push(to));
    writer.append(chunk(0, BLOCK_SIZE));
    expect(() => writer.append(chunk(BLOCK_SIZE, BLOCK_SIZE))).toThrowError(expect.objectContaining({ name: 'QuotaExceededError' }));
    expect(ends).toEqual([BLOCK_SIZE]);
  });
});
