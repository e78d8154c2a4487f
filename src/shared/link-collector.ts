/**
 * The bookmarklet: run on any page, it collects that page's links (optionally only those matching
 * a pattern the person types) and opens the app with them in its `#add=` fragment, which stays in
 * the browser (a fragment is never sent to a server). The functions below are serialized into the
 * `javascript:` URL as they are, so each may use only its parameters, the functions listed in
 * COLLECTOR_PARTS and the page's globals — no imports, no module constants.
 *
 * Patterns: words separated by spaces or commas, any of which may match; `*` stands for any run
 * of characters and `?` for one, case-insensitive. A word matches a link when it matches the
 * file name (the last part of the path, decoded) or the whole link, so `*.iso` takes
 * `https://host/a.iso?token=1` and `*example.com/pub/*` takes everything under that folder.
 * An empty pattern takes every link.
 */

/** What the bookmarklet says, in the app's language at the time it was dragged. */
export interface CollectorTexts {
  /** The page has no http(s) link at all. */
  noLinks: string;
  /** The question for a pattern; `{count}` is the number of links found. */
  ask: string;
  /** The same when more than `{max}` were found: only the first `{max}` that match are sent. */
  askMany: string;
  /** Nothing matched; `{pattern}` is what the person typed. */
  noMatch: string;
}

export interface CollectorOptions {
  /** The app's address, without query or fragment. */
  app: string;
  /** The most links sent (the add form's own limit). */
  max: number;
  /** The longest fragment sent, in characters: browsers cut or refuse longer addresses. */
  maxChars: number;
  texts: CollectorTexts;
}

/** The window the bookmarklet runs in: only what it uses, so tests can hand it a stand-in. */
export interface CollectorWindow {
  document: { URL: string; querySelectorAll(selectors: string): ArrayLike<{ href?: unknown; src?: unknown }> };
  location: { href: string };
  prompt(message: string, value: string): string | null;
  alert(message: string): void;
  open(url: string, target: string): { opener: unknown; location: { href: string } } | null;
}

/** Chromium accepts addresses of up to 2 MB; 1.5 million characters leave room for the app's own. */
export const MAX_FRAGMENT_CHARS = 1_500_000;

/** Whether `link` (absolute, without fragment) matches any word of `pattern`; an empty pattern matches all. */
export function matchesPattern(link: string, pattern: string): boolean {
  const words = pattern.split(/[\s,]+/).filter((word) => word !== '');
  if (words.length === 0) return true;
  const path = link.split('?')[0] ?? '';
  let name = path.slice(path.lastIndexOf('/') + 1);
  try {
    name = decodeURIComponent(name);
  } catch {
    // A malformed escape: match the name as written.
  }
  for (const word of words) {
    const source = word.replace(/[.+^${}()|[\]\\]/g, '\\$&').replace(/\*/g, '.*').replace(/\?/g, '.');
    const glob = new RegExp(`^${source}$`, 'i');
    if (glob.test(name) || glob.test(link)) return true;
  }
  return false;
}

/**
 * The http(s) links among `hrefs` (absolute, as the DOM gives them) that match `pattern`: each
 * once, in page order, without its fragment; links to the page itself (its `#section` anchors)
 * are left out.
 */
export function selectLinks(hrefs: ArrayLike<unknown>, pageUrl: string, pattern: string): string[] {
  const page = pageUrl.split('#')[0];
  const seen = new Set<string>();
  const links: string[] = [];
  for (let i = 0; i < hrefs.length; i++) {
    const href = hrefs[i];
    // An SVG <a> has an object for href; anything not a string is not a link.
    if (typeof href !== 'string') continue;
    const link = href.split('#')[0] ?? '';
    if (!/^https?:\/\/[^/?#\s]/i.test(link) || link === page || seen.has(link)) continue;
    seen.add(link);
    if (matchesPattern(link, pattern)) links.push(link);
  }
  return links;
}

/**
 * The bookmarklet's body. Returns the address it opened, or null when it opened nothing (no
 * links, the question cancelled, nothing matched). A blocked pop-up opens the app in this tab.
 */
export function collectLinks(win: CollectorWindow, options: CollectorOptions): string | null {
  const say = (text: string, values: Record<string, string>): string =>
    text.replace(/\{(\w+)\}/g, (whole, key: string) => values[key] ?? whole);
  // Anchors and image maps, and the sources of video and audio players; not images, which on most
  // pages are icons and thumbnails (a gallery links its full-size images with anchors).
  const nodes = win.document.querySelectorAll('a[href],area[href],video[src],audio[src],source[src]');
  const hrefs: unknown[] = [];
  for (let i = 0; i < nodes.length; i++) {
    const node = nodes[i];
    if (node !== undefined) hrefs.push(node.href !== undefined ? node.href : node.src);
  }
  const found = selectLinks(hrefs, win.document.URL, '');
  if (found.length === 0) {
    win.alert(options.texts.noLinks);
    return null;
  }
  const counts = { count: found.length.toLocaleString(), max: options.max.toLocaleString() };
  const pattern = win.prompt(say(found.length > options.max ? options.texts.askMany : options.texts.ask, counts), '');
  if (pattern === null) return null;
  const chosen = selectLinks(hrefs, win.document.URL, pattern);
  if (chosen.length === 0) {
    win.alert(say(options.texts.noMatch, { pattern: pattern.trim() }));
    return null;
  }
  let fragment = '';
  for (let i = 0; i < chosen.length && i < options.max; i++) {
    const piece = (i === 0 ? '' : '%0A') + encodeURIComponent(chosen[i] ?? '');
    if (fragment.length + piece.length > options.maxChars) break;
    fragment += piece;
  }
  const address = `${options.app}#add=${fragment}`;
  // Opened blank first so this page can cut the new tab's way back to it before the app loads.
  const tab = win.open('', '_blank');
  if (tab === null) {
    win.location.href = address;
  } else {
    tab.opener = null;
    tab.location.href = address;
  }
  return address;
}

/** The functions collectLinks calls, serialized beside it under the names it calls them by. */
const COLLECTOR_PARTS = [matchesPattern, selectLinks];

/**
 * The bookmarklet as a `javascript:` address: the functions above as the app was built, called
 * with `options`. The outer function returns nothing, so the browser does not replace the page
 * with a returned value.
 */
export function bookmarkletHref(options: CollectorOptions): string {
  const code = `(function(){${COLLECTOR_PARTS.map(String).join('\n')}\n(${String(collectLinks)})(window,${JSON.stringify(options)});})()`;
  return `javascript:${encodeURIComponent(code)}`;
}
