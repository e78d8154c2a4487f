/**
 * Numbered link patterns as curl and aria2 read them: `file[1-100].jpg`, `[001-100]` (zero-padded
 * to the width of the first number), `[0-100:10]` (a step), `[a-z]`, `{a,b,c}`, and several in one
 * link (every combination, the last group changing fastest, as curl does).
 *
 * Only the part after the host is read: the brackets of an IPv6 literal (`http://[::1]:8080/x`)
 * are the host's. A bracket with no dash inside (`?a[]=1`, `?filter[name]=x`) is left as written,
 * so links with such queries still work as they did before patterns were read.
 *
 * Every function here is one pass over the link, and the count is known before a link is made:
 * a pattern that makes more links than may be added is refused without building any of them.
 */

interface Literal {
  kind: 'literal';
  text: string;
}

interface NumberRange {
  kind: 'numbers';
  start: number;
  step: number;
  count: number;
  /** Zero-padded to this many digits: the width of the first number as written. */
  width: number;
}

interface LetterRange {
  kind: 'letters';
  start: number;
  step: number;
  count: number;
}

interface List {
  kind: 'list';
  items: string[];
}

type Part = Literal | NumberRange | LetterRange | List;
type Group = Exclude<Part, Literal>;

/** A link cut into literal text and the groups that vary. */
export interface UrlPattern {
  parts: Part[];
  /** How many links the pattern makes: the product of its groups' sizes (may exceed 2^53, then inexact). */
  count: number;
}

export type PatternResult = { ok: true; pattern: UrlPattern } | { ok: false; reason: string };

/** Numbers longer than this could not be counted exactly in a double. */
const MAX_DIGITS = 15;
const RANGE = /^([0-9]+|[a-zA-Z])-([0-9]+|[a-zA-Z])(?::([0-9]+))?$/;

/** Where the path begins: after `scheme://` and the host (with its port and any IPv6 literal). */
export function pathStart(url: string): number {
  const scheme = url.indexOf('://');
  const hostStart = scheme < 0 ? 0 : scheme + 3;
  for (let i = hostStart; i < url.length; i++) {
    const ch = url[i];
    if (ch === '/' || ch === '?' || ch === '#') return i;
  }
  return url.length;
}

/** Whether `url` has a group to expand after its host: a `{`, or a `[` (a range or a mistake). */
export function hasPattern(url: string): boolean {
  const from = pathStart(url);
  for (let i = from; i < url.length; i++) {
    const ch = url[i];
    if (ch === '{') return true;
    if (ch === '[') {
      const close = url.indexOf(']', i + 1);
      // An unclosed bracket is a pattern with a mistake; a closed one without a dash is literal.
      if (close < 0 || url.slice(i + 1, close).includes('-')) return true;
      i = close;
    }
  }
  return false;
}

/** Reads the groups of `url`. The reason, when it is malformed, is a sentence without a line number. */
export function parsePattern(url: string): PatternResult {
  const from = pathStart(url);
  const parts: Part[] = [];
  let literal = url.slice(0, from);
  let count = 1;
  let i = from;
  while (i < url.length) {
    const ch = url[i] ?? '';
    if (ch !== '[' && ch !== '{') {
      literal += ch;
      i++;
      continue;
    }
    const closer = ch === '[' ? ']' : '}';
    const close = url.indexOf(closer, i + 1);
    if (close < 0) return fail(`the "${ch}" at character ${i + 1} is never closed with "${closer}".`);
    const inside = url.slice(i + 1, close);
    if (ch === '[' && !inside.includes('-')) {
      // `?a[]=1`: not a range, kept as written.
      literal += url.slice(i, close + 1);
      i = close + 1;
      continue;
    }
    const nested = firstIndexOfAny(inside, '[{');
    if (nested >= 0) return fail(`groups cannot be put inside one another (at character ${i + 2 + nested}).`);
    const group = ch === '[' ? readRange(inside) : readList(inside);
    if (typeof group === 'string') return fail(group);
    if (literal !== '') parts.push({ kind: 'literal', text: literal });
    literal = '';
    parts.push(group);
    count *= groupSize(group);
    i = close + 1;
  }
  if (literal !== '') parts.push({ kind: 'literal', text: literal });
  return { ok: true, pattern: { parts, count } };
}

/**
 * Every link of `pattern`, in curl's order: the last group changes fastest. Refuses (throws) to
 * build more than `max`, which a caller checks with `pattern.count` first.
 */
export function expandPattern(pattern: UrlPattern, max: number): string[] {
  if (!(pattern.count <= max)) throw new RangeError(`expandPattern: ${pattern.count} links is more than ${max}`);
  const groups = pattern.parts.filter((part): part is Group => part.kind !== 'literal');
  const sizes = groups.map(groupSize);
  const indexes = groups.map(() => 0);
  const out: string[] = [];
  for (let n = 0; n < pattern.count; n++) {
    let text = '';
    let g = 0;
    for (const part of pattern.parts) {
      if (part.kind === 'literal') text += part.text;
      else text += groupValue(part, indexes[g++] ?? 0);
    }
    out.push(text);
    // Odometer step: the rightmost group moves, carrying into the one before it when it wraps.
    for (let k = groups.length - 1; k >= 0; k--) {
      const next = (indexes[k] ?? 0) + 1;
      if (next < (sizes[k] ?? 1)) {
        indexes[k] = next;
        break;
      }
      indexes[k] = 0;
    }
  }
  return out;
}

function readRange(inside: string): Group | string {
  const shown = `[${inside}]`;
  const match = RANGE.exec(inside);
  if (match === null) {
    return `${shown} is not a range; write it as [1-10], [001-100], [a-z] or [0-100:10].`;
  }
  const [, from = '', to = '', stepText] = match;
  const step = stepText === undefined ? 1 : Number(stepText);
  if (stepText !== undefined && (stepText.length > MAX_DIGITS || step === 0)) {
    return `${shown} has a step of ${stepText}; a step must be 1 or more.`;
  }
  const fromIsNumber = /^[0-9]/.test(from);
  const toIsNumber = /^[0-9]/.test(to);
  if (fromIsNumber !== toIsNumber) return `${shown} mixes a number and a letter; use two numbers or two letters.`;
  if (fromIsNumber) {
    if (from.length > MAX_DIGITS || to.length > MAX_DIGITS) return `${shown} has a number longer than ${MAX_DIGITS} digits.`;
    const start = Number(from);
    const end = Number(to);
    if (end < start) return `${shown} counts down; put the smaller number first ([${to}-${from}]).`;
    return { kind: 'numbers', start, step, count: Math.floor((end - start) / step) + 1, width: from.length };
  }
  const lower = (c: string) => c === c.toLowerCase();
  if (lower(from) !== lower(to)) return `${shown} mixes lowercase and uppercase letters.`;
  const start = from.charCodeAt(0);
  const end = to.charCodeAt(0);
  if (end < start) return `${shown} counts down; put the earlier letter first ([${to}-${from}]).`;
  return { kind: 'letters', start, step, count: Math.floor((end - start) / step) + 1 };
}

function readList(inside: string): List {
  return { kind: 'list', items: inside.split(',') };
}

function groupSize(group: Group): number {
  return group.kind === 'list' ? group.items.length : group.count;
}

function groupValue(group: Group, index: number): string {
  switch (group.kind) {
    case 'list':
      return group.items[index] ?? '';
    case 'letters':
      return String.fromCharCode(group.start + index * group.step);
    case 'numbers':
      return String(group.start + index * group.step).padStart(group.width, '0');
  }
}

function firstIndexOfAny(text: string, chars: string): number {
  for (let i = 0; i < text.length; i++) if (chars.includes(text[i] ?? '')) return i;
  return -1;
}

function fail(reason: string): PatternResult {
  return { ok: false, reason };
}
