import type { ParsedList } from './aria2-list';
import { parseAria2List } from './aria2-list';
import { sanitizeFileName } from './file-name';
import { isSha256Hex } from './hex';
import { serversOf } from './mirror-links';
import type { UrlEntry } from './types';
import { parseUrlLine } from './url-input';

/**
 * Metalink files (RFC 5854, `.meta4`; and the older 3.0 `.metalink`): each <file> becomes one
 * download with every http(s) <url> as a mirror, the best first, its name and its SHA-256.
 *
 * A small scanner rather than DOMParser: the same code runs in the page and in unit tests, and a
 * Metalink needs no more of XML than elements, attributes, text, comments and entities.
 */

export interface ParsedMetalink {
  entries: UrlEntry[];
  /** Files that could not be added, and why; also a file that is not a Metalink at all. */
  errors: string[];
}

interface Element {
  name: string;
  attrs: Map<string, string>;
  children: Element[];
  text: string;
}

/** A file ending that says Metalink, or content that starts like one. */
export function looksLikeMetalink(fileName: string, text: string): boolean {
  return /\.(meta4|metalink)$/i.test(fileName) || /^\s*(<\?xml[^>]*>\s*)?(<!--[\s\S]*?-->\s*)*<([\w-]+:)?metalink[\s>]/.test(text.replace(/^\uFEFF/, ''));
}

const MAX_FILES = 1000;

/** A list file as Import list reads it: a Metalink, or an aria2 list (which plain lists of links also are). */
export function parseListFile(fileName: string, text: string): ParsedList {
  if (!looksLikeMetalink(fileName, text)) return parseAria2List(text);
  const { entries, errors } = parseMetalink(text);
  return { entries, errors, skipped: errors.length };
}

/**
 * A Metalink's files as the URL field takes them: a line each, its link and mirrors separated by
 * TABs and its checksum after them. (A name the Metalink gives is the server's name in practice;
 * Import list keeps it.)
 */
export function metalinkAsLines(entries: readonly UrlEntry[]): string {
  return entries.map((e) => `${[e.url, ...(e.mirrors ?? [])].join('\t')}${e.sha256 === undefined ? '' : ` sha256=${e.sha256}`}`).join('\n');
}

export function parseMetalink(text: string): ParsedMetalink {
  const root = parseXml(text.replace(/^\uFEFF/, ''));
  if (root === null || root.name !== 'metalink') return { entries: [], errors: ['This is not a Metalink file.'] };
  // 3.0 keeps its files in <files>; RFC 5854 puts them straight under <metalink>.
  const files = [...childrenNamed(root, 'file'), ...childrenNamed(root, 'files').flatMap((f) => childrenNamed(f, 'file'))];
  if (files.length > MAX_FILES) return { entries: [], errors: [`That Metalink has ${files.length} files; at most ${MAX_FILES} can be added at once.`] };
  const entries: UrlEntry[] = [];
  const errors: string[] = [];
  for (const file of files) {
    const entry = readFile(file);
    if (typeof entry === 'string') errors.push(entry);
    else entries.push(entry);
  }
  if (files.length === 0) errors.push('This Metalink lists no files.');
  return { entries, errors };
}

function readFile(file: Element): UrlEntry | string {
  const rawName = file.attrs.get('name') ?? '';
  const shown = rawName === '' ? 'A file without a name' : `“${rawName}”`;
  // 3.0 keeps its links in <resources> and its hashes in <verification>.
  const urls = [...childrenNamed(file, 'url'), ...childrenNamed(file, 'resources').flatMap((r) => childrenNamed(r, 'url'))];
  const ranked = urls
    .map((url, index) => ({ url: url.text.trim(), rank: rankOf(url), index }))
    .sort((a, b) => a.rank - b.rank || a.index - b.index)
    .map((u) => parseUrlLine(u.url, 1))
    .flatMap((u) => (typeof u === 'string' ? [] : [u.url]));
  const [first, ...others] = ranked;
  if (first === undefined) return `${shown}: no http or https link to download it from.`;
  const entry: UrlEntry = { url: first };
  const mirrors = serversOf(first, others).slice(1);
  if (mirrors.length > 0) entry.mirrors = mirrors;
  const name = sanitizeFileName(rawName.split(/[/\\]/).pop() ?? '');
  if (name !== null) entry.name = name;
  const hashes = [...childrenNamed(file, 'hash'), ...childrenNamed(file, 'verification').flatMap((v) => childrenNamed(v, 'hash'))];
  const sha256 = hashes.find((h) => /^sha-?256$/i.test(h.attrs.get('type') ?? ''))?.text.trim();
  if (sha256 !== undefined) {
    if (!isSha256Hex(sha256)) return `${shown}: its sha-256 hash is not 64 hexadecimal digits.`;
    entry.sha256 = sha256.toLowerCase();
  }
  return entry;
}

/** Lower is better: RFC 5854's priority (1 first), or 3.0's preference (100 first). */
function rankOf(url: Element): number {
  const priority = Number(url.attrs.get('priority'));
  if (Number.isFinite(priority) && url.attrs.has('priority')) return priority;
  const preference = Number(url.attrs.get('preference'));
  if (Number.isFinite(preference) && url.attrs.has('preference')) return 1000 - preference;
  return 999_999;
}

function childrenNamed(element: Element, name: string): Element[] {
  return element.children.filter((c) => c.name === name);
}

const TOKEN = /<!--[\s\S]*?-->|<!\[CDATA\[([\s\S]*?)\]\]>|<[?!][^>]*>|<\/\s*([\w:.-]+)\s*>|<([\w:.-]+)((?:\s+[\w:.-]+\s*=\s*(?:"[^"]*"|'[^']*'))*)\s*(\/?)>|[^<]+/g;
const ATTR = /([\w:.-]+)\s*=\s*(?:"([^"]*)"|'([^']*)')/g;

/** The root element, with namespace prefixes dropped; null when the text is not well-formed enough. */
function parseXml(text: string): Element | null {
  const top: Element = { name: '', attrs: new Map(), children: [], text: '' };
  const stack: Element[] = [top];
  let consumed = 0;
  for (const match of text.matchAll(TOKEN)) {
    if (match.index !== consumed) return null;
    consumed += match[0].length;
    const current = stack[stack.length - 1];
    if (current === undefined) return null;
    const [token, cdata, closing, opening, attrs, selfClosing] = match;
    if (cdata !== undefined) current.text += cdata;
    else if (closing !== undefined) {
      if (localName(closing) !== current.name || stack.length < 2) return null;
      stack.pop();
    } else if (opening !== undefined) {
      const element: Element = { name: localName(opening), attrs: new Map(), children: [], text: '' };
      for (const a of (attrs ?? '').matchAll(ATTR)) element.attrs.set(localName(a[1] ?? ''), decode(a[2] ?? a[3] ?? ''));
      current.children.push(element);
      if (selfClosing !== '/') stack.push(element);
    } else if (!token.startsWith('<')) current.text += decode(token);
    else if (token.startsWith('<!DOCTYPE') || token.startsWith('<!ENTITY')) return null; // no entity expansion, ever
  }
  if (consumed !== text.length || stack.length !== 1) return null;
  return top.children.length === 1 ? (top.children[0] ?? null) : null;
}

function localName(name: string): string {
  return name.slice(name.indexOf(':') + 1);
}

const ENTITIES: Record<string, string> = { amp: '&', lt: '<', gt: '>', quot: '"', apos: "'" };

function decode(text: string): string {
  return text.replace(/&(#x[0-9a-f]+|#\d+|\w+);/gi, (whole, ref: string) => {
    if (ref.startsWith('#')) {
      const code = ref[1] === 'x' || ref[1] === 'X' ? parseInt(ref.slice(2), 16) : parseInt(ref.slice(1), 10);
      return Number.isInteger(code) && code >= 0 && code <= 0x10ffff ? String.fromCodePoint(code) : whole;
    }
    return ENTITIES[ref] ?? whole;
  });
}
