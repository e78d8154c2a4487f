/**
 * Links handed to the page by its address: shared from another app (the manifest's share_target:
 * `?share-url=`, `?share-text=`, `?share-title=`), opened as a `web+rangefetch:` link (its
 * protocol handler: `?link=<the whole web+rangefetch: URL, percent-encoded>`), or sent by the
 * bookmarklet (`#add=<links, one per line, percent-encoded>`, link-collector.ts).
 *
 * A `web+rangefetch:` link carries a link after its scheme, as written or percent-encoded (any
 * number of times): `web+rangefetch:https://host/file.iso` and
 * `web+rangefetch:https%3A%2F%2Fhost%2Ffile.iso` are the same; several links may follow, one per line.
 */

/** The query keys the share target and the protocol handler fill (the manifest names them). */
export const INCOMING_KEYS = ['share-url', 'share-text', 'share-title', 'link'] as const;
/** The fragment the bookmarklet opens the page with. */
export const ADD_FRAGMENT = '#add=';

export interface IncomingLinks {
  /**
   * What the URL field gets, one link per line. A value meant as a link that is not one (an ftp:
   * link, a word) is kept as written, so the add form names what is wrong with it; the sentence
   * around a shared link is not. Empty when the keys were there with nothing in them.
   */
  text: string;
  /** The page's address without what was handed in (path, other query keys, other fragment). */
  address: string;
}

/** More rounds of percent-decoding than anyone encodes a link (double is common, triple is seen). */
const MAX_DECODES = 4;
const PLAIN_START = /^https?:\/\//i;
const PROTOCOL_PREFIX = /^\s*web[+ ]rangefetch:/i;
/**
 * A link in running text: `http(s)://` or its percent-encoded form, then everything up to a
 * space, a character no link holds unencoded, or CJK text and punctuation. Apps share links
 * percent-encoded, and Chinese messages often glue text right after a link ("https://x/a.iso，提取码"),
 * so CJK ends a link. One unbounded run after a fixed start: linear in the text.
 */
const CANDIDATE =
  /https?(?::\/\/|%(?:25)*3a%(?:25)*2f%(?:25)*2f)[^\s\x00-\x1f\x7f<>"`{}|\\^\u2018-\u201f\u2026\u3000-\u30ff\u3400-\u9fff\uac00-\ud7af\uf900-\ufaff\uff00-\uffef]*/gi;
/** Punctuation that ends a sentence more often than a link. */
const TRAILING = /[.,;:!?'*]$/;

/**
 * What `href` (the page's whole address) hands in, or null when it hands in nothing (none of the
 * keys, no `#add=`), so an ordinary visit leaves the address alone.
 */
export function readIncomingLinks(href: string): IncomingLinks | null {
  const hashAt = href.indexOf('#');
  const beforeHash = hashAt < 0 ? href : href.slice(0, hashAt);
  const hash = hashAt < 0 ? '' : href.slice(hashAt);
  const queryAt = beforeHash.indexOf('?');
  const path = queryAt < 0 ? beforeHash : beforeHash.slice(0, queryAt);
  const pairs = queryAt < 0 ? [] : beforeHash.slice(queryAt + 1).split('&').filter((pair) => pair !== '');

  const values = new Map<string, string[]>();
  const kept: string[] = [];
  for (const pair of pairs) {
    const equals = pair.indexOf('=');
    const key = decodeFormPart(equals < 0 ? pair : pair.slice(0, equals));
    if (!(INCOMING_KEYS as readonly string[]).includes(key)) {
      kept.push(pair);
      continue;
    }
    values.set(key, [...(values.get(key) ?? []), decodeFormPart(equals < 0 ? '' : pair.slice(equals + 1))]);
  }
  const added = hash.startsWith(ADD_FRAGMENT) ? hash.slice(ADD_FRAGMENT.length) : null;
  if (values.size === 0 && added === null) return null;

  const all = (key: string): string[] => values.get(key) ?? [];
  // The explicit ones first: the shared URL, then links found in the shared text and title.
  const explicitFirst = all('share-url').flatMap(readLinkLines);
  const prose = [...all('share-text'), ...all('share-title')];
  const fromProse = prose.flatMap(findLinks);
  const explicitLast = [...all('link').map((value) => decodeUntilPlain(value).replace(PROTOCOL_PREFIX, '')), ...(added === null ? [] : [added])].flatMap(
    readLinkLines,
  );
  let lines = [...explicitFirst, ...fromProse, ...explicitLast];
  // Shared text with no link in it still goes in, so the form says it is not a link.
  if (lines.length === 0) lines = prose.map((text) => text.trim()).filter((text) => text !== '').slice(0, 1);

  const query = kept.length > 0 ? `?${kept.join('&')}` : '';
  return { text: [...new Set(lines)].join('\n'), address: `${path}${query}${added === null ? hash : ''}` };
}

/**
 * Every http(s) link in running text, in order, each as written: percent-encoded ones (as often
 * as they were encoded) decoded, and punctuation that ends the sentence left off.
 */
export function findLinks(text: string): string[] {
  return findLinksAt(text, 0);
}

function findLinksAt(text: string, depth: number): string[] {
  const found: string[] = [];
  for (const match of text.matchAll(CANDIDATE)) {
    const candidate = match[0];
    if (!PLAIN_START.test(candidate)) {
      // Decoded, an encoded link may turn out to be a whole sentence: read it as text again.
      if (depth < MAX_DECODES) found.push(...findLinksAt(percentDecode(candidate), depth + 1));
      continue;
    }
    const link = trimTrailing(candidate);
    if (isHttpLink(link)) found.push(link);
  }
  return found;
}

/**
 * A value meant as links, one per line: a line that starts as a link is kept whole (a `sha256=`
 * after it is the form's to read); any other line gives the links inside it, or, with none, is
 * kept as written for the form to refuse with its own message.
 */
function readLinkLines(value: string): string[] {
  return decodeUntilPlain(value)
    .split(/\r\n|\n|\r/)
    .map((line) => line.trim())
    .filter((line) => line !== '')
    .flatMap((line) => {
      if (PLAIN_START.test(line)) return [line];
      const links = findLinks(line);
      return links.length > 0 ? links : [line];
    });
}

/** Decodes a value that holds no `://` yet until it does (an encoded link), or as far as it goes. */
function decodeUntilPlain(value: string): string {
  let text = value;
  for (let round = 0; round < MAX_DECODES && !text.includes('://'); round++) {
    const decoded = percentDecode(text);
    if (decoded === text) break;
    text = decoded;
  }
  return text;
}

/** One round of percent-decoding that never throws: a malformed sequence stays as it was. */
function percentDecode(text: string): string {
  return text.replace(/(?:%[0-9a-f]{2})+/gi, (run) => {
    try {
      return decodeURIComponent(run);
    } catch {
      // A run that is not UTF-8 as a whole may still hold ASCII escapes (%3A, %2F) worth decoding.
      return run.replace(/%[0-7][0-9a-f]/gi, (one) => decodeURIComponent(one));
    }
  });
}

/** application/x-www-form-urlencoded, as a share target's GET query is written: `+` is a space. */
function decodeFormPart(part: string): string {
  return percentDecode(part.replace(/\+/g, ' '));
}

/** Drops sentence punctuation after a link, and a closing bracket the link did not open. */
function trimTrailing(link: string): string {
  let text = link;
  for (;;) {
    if (TRAILING.test(text)) text = text.slice(0, -1);
    else if (text.endsWith(')') && count(text, '(') < count(text, ')')) text = text.slice(0, -1);
    else if (text.endsWith(']') && count(text, '[') < count(text, ']')) text = text.slice(0, -1);
    else return text;
  }
}

function count(text: string, char: string): number {
  let n = 0;
  for (const c of text) if (c === char) n++;
  return n;
}

function isHttpLink(text: string): boolean {
  try {
    const url = new URL(text);
    return (url.protocol === 'http:' || url.protocol === 'https:') && url.hostname !== '';
  } catch {
    return false;
  }
}
