import type { UrlEntry } from './types';

/** More servers than this for one file is a mistake (or a list meant as separate files). */
export const MAX_SERVERS = 16;

function isHttpLink(text: string): boolean {
  try {
    const url = new URL(text);
    return url.protocol === 'http:' || url.protocol === 'https:';
  } catch {
    return false;
  }
}

/**
 * The servers of one file, the link first: its mirrors that are http(s) links, each once, at most
 * MAX_SERVERS in all. The worker does not rely on the page's checks, so it reads them with this.
 */
export function serversOf(url: string, mirrors: readonly string[] | undefined): string[] {
  const servers = [url];
  for (const mirror of mirrors ?? []) {
    if (servers.length >= MAX_SERVERS) break;
    if (!servers.includes(mirror) && isHttpLink(mirror)) servers.push(mirror);
  }
  return servers;
}

/**
 * A line of links separated by TABs (aria2's convention for mirrors of one file): each is read by
 * `readLink` (a pasted line's rules, with its `sha256=`), and they become one entry whose `url`
 * is the first and whose `mirrors` are the others. A checksum may follow any of them, but two
 * different ones are refused. Returns the sentence explaining the first problem instead.
 */
export function readMirrorLine(line: string, lineNumber: number, readLink: (text: string, lineNumber: number) => UrlEntry | string): UrlEntry | string {
  const parts = line
    .split('\t')
    .map((part) => part.trim())
    .filter((part) => part !== '');
  if (parts.length > MAX_SERVERS) return `Line ${lineNumber}: at most ${MAX_SERVERS} mirrors of one file can be given (got ${parts.length}).`;
  const entries: UrlEntry[] = [];
  for (const part of parts) {
    const entry = readLink(part, lineNumber);
    if (typeof entry === 'string') return entry;
    entries.push(entry);
  }
  const [first, ...others] = entries;
  if (first === undefined) return `Line ${lineNumber}: no link.`;
  const digests = new Set(entries.flatMap((e) => (e.sha256 === undefined ? [] : [e.sha256])));
  if (digests.size > 1) return `Line ${lineNumber}: the mirrors of one file were given different sha256 checksums.`;
  const entry: UrlEntry = { url: first.url };
  const [sha256] = digests;
  if (sha256 !== undefined) entry.sha256 = sha256;
  const mirrors = serversOf(first.url, others.map((e) => e.url)).slice(1);
  if (mirrors.length > 0) entry.mirrors = mirrors;
  return entry;
}

/** Both entries' mirrors, each once: the same link on two lines is one download with every mirror given. */
export function mergeMirrors(into: UrlEntry, from: UrlEntry): void {
  if (from.mirrors === undefined) return;
  const mirrors = serversOf(into.url, [...(into.mirrors ?? []), ...from.mirrors]).slice(1);
  if (mirrors.length > 0) into.mirrors = mirrors;
}
