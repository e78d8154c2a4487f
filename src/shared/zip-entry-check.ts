/**
 * The check of one ZIP entry that arrived (worker/zip/unpack-entry.ts): its size and CRC-32
 * against what the archive's central directory says, in the words its row shows.
 */
import { formatBytes } from './format';

/** What an entry turned out to be; size -1: its deflate data could not be inflated. */
export interface ArrivedEntry {
  size: number;
  crc32: number;
}

/** Why the entry is not the one the directory describes; null when it is. */
export function entryProblem(expected: ArrivedEntry, arrived: ArrivedEntry): string | null {
  if (arrived.size < 0) return 'its compressed data is damaged';
  if (arrived.size !== expected.size) return `it is ${formatBytes(arrived.size)} and the ZIP’s directory says ${formatBytes(expected.size)}`;
  if (arrived.crc32 !== expected.crc32) return `its CRC-32 is ${hex(arrived.crc32)} and the ZIP’s directory says ${hex(expected.crc32)}`;
  return null;
}

export function notIntactMessage(problem: string): string {
  return `The file from the ZIP is not intact: ${problem}. Nothing was saved.`;
}

function hex(n: number): string {
  return n.toString(16).padStart(8, '0');
}
