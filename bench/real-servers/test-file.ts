/**
 * The file every scenario downloads: deterministic bytes (AES-128-CTR keystream of a fixed key,
 * i.e. zeros encrypted), so a run can be repeated byte for byte and compression cannot flatter
 * anyone. Written once per run into the temporary docroot; its SHA-256 is computed on the way.
 */
import { createCipheriv, createHash } from 'node:crypto';
import { open } from 'node:fs/promises';

export const MiB = 1024 * 1024;

export interface TestFile {
  path: string;
  size: number;
  sha256: string;
}

const KEY = Buffer.from('72616e676566657463682d7265616c21', 'hex');
const IV = Buffer.alloc(16, 0);

export async function writeTestFile(path: string, size: number): Promise<TestFile> {
  const cipher = createCipheriv('aes-128-ctr', KEY, IV);
  const hash = createHash('sha256');
  const zeros = Buffer.alloc(4 * MiB);
  const file = await open(path, 'wx');
  try {
    for (let written = 0; written < size; ) {
      const n = Math.min(zeros.length, size - written);
      const block = cipher.update(zeros.subarray(0, n));
      hash.update(block);
      await file.write(block, 0, block.length, written);
      written += block.length;
    }
  } finally {
    await file.close();
  }
  return { path, size, sha256: hash.digest('hex') };
}
