import { windowOfUrl } from './url-window';
import { sanitizeFileName } from './file-name';
import { isSha256Hex } from './hex';
import type { JobView, UrlEntry } from './types';
import { mergeMirrors, readMirrorLine } from './mirror-links';
import { parseUrlLine } from './url-input';

/**
 * Download lists in aria2's input-file format (`aria2c -i list.txt`), which plain lists of links
 * also are: a line that starts with a link names one download (several links separated by TABs
 * are mirrors of one file), and the lines below it that start with white space are its options,
 * `key=value`. `#` starts a comment line.
 */

export interface ListItem {
  url: string;
  /** Other links to the same file, written after it separated by TABs. */
  mirrors?: string[];
  name?: string;
  /** Lowercase hex. */
  sha256?: string;
}

export interface ParsedList {
  /** The downloads to add, at most one per link, in the order of the list. */
  entries: UrlEntry[];
  /** What is wrong with the lines that were skipped: the first few, then how many more. */
  errors: string[];
  /** How many lines were skipped (every one of them has an error, shown or counted). */
  skipped: number;
}

/** The same bound as a paste (parseUrlInput): more is a mistake, or a file that is not a list. */
export const MAX_LIST_ENTRIES = 1000;
const MAX_REPORTED_ERRORS = 5;
const HEADER = '# Rangefetch download list: open it with Import list, or download it with aria2c -i';
const NEWLINE_OR_TAB = /[\r\n\t]/g;
const SLASH = /[/\\]/g;

/**
 * The downloads to write out, in the order they were added (so a list imported again shows in
 * the same order): every job with a link, or only those not completed.
 */
export function listItemsOf(jobs: readonly JobView[], unfinishedOnly: boolean): ListItem[] {
  return [...jobs]
    .sort((a, b) => a.createdAt - b.createdAt)
    .filter((job) => isAsked(job, unfinishedOnly) && windowOfUrl(job.url) === null)
    .map((job) => {
      // The checksum the person asked for wins over the one computed: a mismatch stays a mismatch.
      const sha256 = job.expectedSha256 ?? job.sha256;
      const item: ListItem = { url: job.url };
      const mirrors = (job.mirrors ?? []).slice(1).map((m) => m.url);
      if (mirrors.length > 0) item.mirrors = mirrors;
      if (job.name !== '') item.name = job.name;
      if (sha256 !== null) item.sha256 = sha256;
      return item;
    });
}

/**
 * How many of the jobs a list would carry are files out of a ZIP, which it leaves out: such a
 * job's link names a window of the archive, which aria2 (or an import) cannot fetch by itself.
 * Said beside the list, so nothing goes missing without a word.
 */
export function zipEntriesLeftOut(jobs: readonly JobView[], unfinishedOnly: boolean): number {
  return jobs.filter((job) => isAsked(job, unfinishedOnly) && windowOfUrl(job.url) !== null).length;
}

function isAsked(job: JobView, unfinishedOnly: boolean): boolean {
  if (job.status === 'damaged' || job.status === 'removing' || job.url === '') return false;
  return !unfinishedOnly || job.status !== 'completed';
}

/**
 * One link line per item, with its name (`out=`) and checksum (`checksum=sha-256=`) indented
 * below it, as aria2c reads them.
 */
export function formatAria2List(items: readonly ListItem[]): string {
  const lines = [HEADER];
  for (const item of items) {
    lines.push([item.url, ...(item.mirrors ?? [])].join('\t'));
    // A name never holds a line break, TAB or slash (file names are sanitized), but one that did
    // would end the option early and start a bogus link line, or make aria2c write elsewhere.
    if (item.name !== undefined && item.name !== '') lines.push(`  out=${item.name.replace(NEWLINE_OR_TAB, ' ').replace(SLASH, '_')}`);
    if (item.sha256 !== undefined) lines.push(`  checksum=sha-256=${item.sha256.toLowerCase()}`);
  }
  return `${lines.join('\n')}\n`;
}

/** An entry being read, with the line of its link (for messages) and whether its options broke it. */
interface Pending {
  entry: UrlEntry;
  line: number;
  error: string | null;
}

/**
 * Reads an aria2 input file or a plain list of links (one per line, `sha256=HEX` after a link as
 * in the paste box). Blank lines, `#` comments and unknown options are ignored; TAB-separated
 * links are one file's link and mirrors (UrlEntry.mirrors); `out=` keeps only the file name and sanitizes it. Each link is
 * checked as a pasted one is (parseUrlLine). A bad line is skipped and reported, and the others
 * are still read. Linear in the text.
 */
export function parseAria2List(text: string, maxEntries = MAX_LIST_ENTRIES): ParsedList {
  const lines = text.replace(/^\uFEFF/, '').split(/\r\n|\n|\r/);
  let links = 0;
  for (const line of lines) if (isLinkLine(line)) links++;
  if (links > maxEntries) {
    return { entries: [], errors: [`That list has ${links} links; at most ${maxEntries} can be added at once.`], skipped: 0 };
  }

  const read: Pending[] = [];
  const errors: string[] = [];
  // The download the option lines below a link belong to; null after a skipped link, whose
  // options go with it.
  let current: Pending | null = null;
  let seenLink = false;
  lines.forEach((raw, index) => {
    const lineNumber = index + 1;
    if (raw.trim() === '' || raw.trimStart().startsWith('#')) return;
    if (isOptionLine(raw)) {
      if (current !== null) applyOption(current, raw.trim(), lineNumber);
      else if (!seenLink) errors.push(`Line ${lineNumber}: an option (a line starting with a space) must come below a link.`);
      return;
    }
    seenLink = true;
    // TABs separate mirrors of one file: the first is its link, the others its mirrors.
    const parsed = readMirrorLine(raw, lineNumber, parseUrlLine);
    if (typeof parsed === 'string') {
      errors.push(parsed);
      current = null;
      return;
    }
    current = { entry: parsed, line: lineNumber, error: null };
    read.push(current);
  });

  const byUrl = new Map<string, Pending>();
  for (const pending of read) {
    if (pending.error !== null) {
      errors.push(pending.error);
      continue;
    }
    const earlier = byUrl.get(pending.entry.url);
    if (earlier === undefined) {
      byUrl.set(pending.entry.url, pending);
      continue;
    }
    const { sha256, name } = pending.entry;
    if (sha256 !== undefined && earlier.entry.sha256 !== undefined && sha256 !== earlier.entry.sha256) {
      errors.push(`Line ${pending.line}: this link is also on line ${earlier.line}, with a different checksum.`);
      continue;
    }
    // The same link twice is one download; what the second says fills what the first left out.
    if (sha256 !== undefined) earlier.entry.sha256 = sha256;
    mergeMirrors(earlier.entry, pending.entry);
    if (name !== undefined && earlier.entry.name === undefined) earlier.entry.name = name;
  }

  const shown = errors.slice(0, MAX_REPORTED_ERRORS);
  const hidden = errors.length - shown.length;
  if (hidden > 0) shown.push(`…and ${hidden} more ${hidden === 1 ? 'problem' : 'problems'}.`);
  return { entries: [...byUrl.values()].map((p) => p.entry), errors: shown, skipped: errors.length };
}

/**
 * aria2 reads a line that starts with white space as an option of the link above it. An indented
 * link is read as a link, though: in a plain list that is what it is, and no option starts so.
 */
function isOptionLine(line: string): boolean {
  return line.length > 0 && /\s/.test(line[0] ?? '') && !/^\s+https?:\/\//i.test(line);
}

function isLinkLine(line: string): boolean {
  const trimmed = line.trim();
  return trimmed !== '' && !trimmed.startsWith('#') && !isOptionLine(line);
}

/** One `key=value` option line (trimmed) of `pending`; unknown options are ignored, as aria2c does with ones it does not need. */
function applyOption(pending: Pending, option: string, lineNumber: number): void {
  const eq = option.indexOf('=');
  if (eq <= 0) return;
  const key = option.slice(0, eq).trim().toLowerCase();
  const value = option.slice(eq + 1).trim();
  if (key === 'out') {
    // aria2 takes `out` relative to its `dir`; only the file's own name travels to another device.
    const base = value.split(/[/\\]/).pop() ?? '';
    const name = sanitizeFileName(base);
    if (name !== null) pending.entry.name = name;
    else delete pending.entry.name;
    return;
  }
  if (key === 'checksum') {
    const eqType = value.indexOf('=');
    const type = eqType < 0 ? value : value.slice(0, eqType);
    // md5, sha-1 and the rest cannot be checked here; the download goes ahead without a check.
    if (type.trim().toLowerCase() !== 'sha-256') return;
    const digest = eqType < 0 ? '' : value.slice(eqType + 1).trim();
    if (!isSha256Hex(digest)) {
      const shown = digest.length > 70 ? `${digest.slice(0, 69)}…` : digest;
      pending.error = `Line ${lineNumber}: a sha-256 checksum must be 64 hexadecimal digits (got "${shown}"); the link on line ${pending.line} was skipped.`;
      return;
    }
    const digestLower = digest.toLowerCase();
    if (pending.entry.sha256 !== undefined && pending.entry.sha256 !== digestLower) {
      pending.error = `Line ${lineNumber}: the link on line ${pending.line} was given two different checksums; it was skipped.`;
      return;
    }
    pending.entry.sha256 = digestLower;
  }
}
