/**
 * The hostile headers of `lie=` (see the switch list in server.ts): lengths no file can have and
 * file names meant to escape a folder or disguise themselves.
 */
import type { FileOptions } from './options.ts';

/** lie=petabytes: 2^60 bytes, written from a bigint because 2^60 - 1 has no exact double. */
const PETABYTES = 2n ** 60n;

export const HOSTILE_DISPOSITION: Record<'traversal' | 'bidi', string> = {
  // filename* (RFC 5987) wins over filename in RFC 6266; both carry the hostile name.
  traversal: `attachment; filename="..\\\\..\\\\evil<script>.exe"; filename*=UTF-8''..%5C..%5Cevil%3Cscript%3E.exe`,
  bidi: `attachment; filename="report.exe"; filename*=UTF-8''report%E2%80%AE%E2%80%8Ffdp%1B%07%0A.exe`,
};

/** The total a `lie=` response claims in Content-Range (416 included); null when it tells the truth. */
export function lyingTotal(lie: FileOptions['lie']): string | null {
  if (lie === 'petabytes') return String(PETABYTES);
  if (lie === 'negative') return '-5';
  if (lie === 'nan') return 'abc';
  return null;
}

/**
 * Content-Length and Content-Range a `lie=` response claims; `range` is the real range sent
 * (null for a 200) and whether the request left its end open.
 */
export function lyingLengths(
  lie: FileOptions['lie'],
  range: { start: number; end: number; openEnded: boolean } | null,
): { length: string; contentRange: string | null } | null {
  switch (lie) {
    case 'petabytes': {
      if (range === null) return { length: String(PETABYTES), contentRange: null };
      const end = range.openEnded ? PETABYTES - 1n : BigInt(range.end);
      return {
        length: String(end - BigInt(range.start) + 1n),
        contentRange: `bytes ${range.start}-${end}/${PETABYTES}`,
      };
    }
    case 'negative':
    case 'nan': {
      const bad = lie === 'negative' ? '-5' : 'abc';
      return { length: bad, contentRange: range === null ? null : `bytes ${range.start}-${range.end}/${bad}` };
    }
    default:
      return null;
  }
}
