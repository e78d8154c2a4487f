import { formatAria2List, type ListItem } from './aria2-list';

/**
 * A list shared as a link: the page's address with `#list=` and the list's text (the aria2 list
 * format of Export list, aria2-list.ts), zlib-deflated and base64url-encoded. Browsers never send
 * a fragment to a server, so the list goes from one person to another and to no server between.
 * The compression itself runs on the platform's CompressionStream (src/ui/share-codec.ts); what is
 * here is pure.
 */

/** The fragment a shared list travels in; a later format would take another name (`#list2=`). */
export const LIST_FRAGMENT = '#list=';
/**
 * The most text a shared list may inflate to: 1,000 links of 8 KiB with their options fit well
 * within it (the bound of Import list's files too), and it keeps a small link that inflates a
 * thousandfold from taking the page's memory.
 */
export const MAX_SHARED_LIST_BYTES = 16 * 1024 * 1024;
/** What a QR code holds at most: version 40, error correction level L, bytes (ISO/IEC 18004 table 7). */
export const QR_MAX_BYTES = 2953;

const ALPHABET = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_';
const ALPHABET_INDEX = new Map([...ALPHABET].map((char, index) => [char, index]));

/**
 * The list as the link carries it: the aria2 text without its opening comment, which is for a
 * person opening the file and would take 60 of a link's characters.
 */
export function shareListText(items: readonly ListItem[]): string {
  const text = formatAria2List(items);
  return text.startsWith('#') ? text.slice(text.indexOf('\n') + 1) : text;
}

/** The link to share: the page's own address (no query, no fragment) with the list after `#list=`. */
export function shareLinkOf(pageAddress: string, payload: string): string {
  const end = pageAddress.search(/[?#]/);
  return `${end < 0 ? pageAddress : pageAddress.slice(0, end)}${LIST_FRAGMENT}${payload}`;
}

/**
 * The list a page was opened with (what follows `#list=`) and its address without it, or null
 * when its fragment is something else, so an ordinary visit leaves the address alone.
 */
export function readListFragment(href: string): { payload: string; address: string } | null {
  const hashAt = href.indexOf('#');
  if (hashAt < 0 || !href.startsWith(LIST_FRAGMENT, hashAt)) return null;
  // A chat app may append a full stop or wrap the link in brackets; no base64url payload ends so.
  const payload = href.slice(hashAt + LIST_FRAGMENT.length).replace(/[.,;:!?)\]>'"]+$/, '');
  return { payload, address: href.slice(0, hashAt) };
}

/** Whether a QR code can hold `link` (ASCII, as every share link is). */
export function fitsQrCode(link: string): boolean {
  return link.length <= QR_MAX_BYTES;
}

/** Base64url without padding (RFC 4648 §5): the characters a fragment takes as they are. */
export function toBase64Url(bytes: Uint8Array): string {
  let out = '';
  for (let i = 0; i < bytes.length; i += 3) {
    const a = bytes[i] ?? 0;
    const b = bytes[i + 1] ?? 0;
    const c = bytes[i + 2] ?? 0;
    const left = bytes.length - i;
    out += ALPHABET[a >> 2];
    out += ALPHABET[((a & 3) << 4) | (b >> 4)];
    if (left > 1) out += ALPHABET[((b & 15) << 2) | (c >> 6)];
    if (left > 2) out += ALPHABET[c & 63];
  }
  return out;
}

/**
 * The bytes of base64url text (padding `=` allowed), or null when it holds another character or
 * has a length no encoding gives (one character past a group of four).
 */
export function fromBase64Url(text: string): Uint8Array<ArrayBuffer> | null {
  const body = text.replace(/=+$/, '');
  if (body.length % 4 === 1) return null;
  const out = new Uint8Array(Math.floor((body.length * 3) / 4));
  let bits = 0;
  let value = 0;
  let at = 0;
  for (const char of body) {
    const index = ALPHABET_INDEX.get(char);
    if (index === undefined) return null;
    value = (value << 6) | index;
    bits += 6;
    if (bits >= 8) {
      bits -= 8;
      out[at++] = (value >> bits) & 0xff;
    }
    value &= (1 << bits) - 1;
  }
  return out;
}
