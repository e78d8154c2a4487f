import { parseAria2List, type ListItem } from '../shared/aria2-list';
import { fromBase64Url, MAX_SHARED_LIST_BYTES, shareListText, toBase64Url } from '../shared/share-list';
import type { UrlEntry } from '../shared/types';

/**
 * Compression of shared lists (share-list.ts) with the platform's CompressionStream. The zlib
 * format ('deflate') rather than raw deflate: its Adler-32 costs 8 of the link's characters and
 * tells a damaged link from a list.
 */

const FORMAT = 'deflate';

export type SharedList =
  | { ok: true; entries: UrlEntry[]; errors: string[]; skipped: number }
  /** damaged: not base64url, not zlib, cut short, or not UTF-8; too-big: inflates past the bound; empty: no links in it. */
  | { ok: false; problem: 'damaged' | 'too-big' | 'empty' };

/** What follows `#list=` in the link that shares `items`. */
export async function encodeShareList(items: readonly ListItem[]): Promise<string> {
  const bytes = new TextEncoder().encode(shareListText(items));
  const stream = new Blob([bytes]).stream().pipeThrough(new CompressionStream(FORMAT));
  return toBase64Url(new Uint8Array(await new Response(stream).arrayBuffer()));
}

/** The downloads a `#list=` payload holds, read as Import list reads a file. */
export async function decodeShareList(payload: string): Promise<SharedList> {
  const packed = fromBase64Url(payload);
  if (packed === null || packed.length === 0) return { ok: false, problem: 'damaged' };
  const inflated = await inflate(packed, MAX_SHARED_LIST_BYTES);
  if (typeof inflated === 'string') return { ok: false, problem: inflated };
  let text: string;
  try {
    text = new TextDecoder('utf-8', { fatal: true }).decode(inflated);
  } catch {
    return { ok: false, problem: 'damaged' };
  }
  const parsed = parseAria2List(text);
  if (parsed.entries.length === 0 && parsed.errors.length === 0) return { ok: false, problem: 'empty' };
  return { ok: true, ...parsed };
}

/** Inflates at most `maxBytes`, read piece by piece so a small link cannot take the page's memory. */
async function inflate(packed: Uint8Array<ArrayBuffer>, maxBytes: number): Promise<Uint8Array | 'damaged' | 'too-big'> {
  const reader = new Blob([packed]).stream().pipeThrough(new DecompressionStream(FORMAT)).getReader();
  const pieces: Uint8Array[] = [];
  let total = 0;
  try {
    for (;;) {
      const { done, value } = await reader.read();
      if (done) break;
      total += value.length;
      if (total > maxBytes) {
        await reader.cancel().catch(() => undefined);
        return 'too-big';
      }
      pieces.push(value);
    }
  } catch {
    // A truncated stream, bytes after its end, a wrong checksum: the stream errors.
    return 'damaged';
  }
  const out = new Uint8Array(total);
  let at = 0;
  for (const piece of pieces) {
    out.set(piece, at);
    at += piece.length;
  }
  return out;
}
