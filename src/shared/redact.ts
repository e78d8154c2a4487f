/** What a password becomes in text shown to a person or written to a log. */
const HIDDEN = '***';
/**
 * Where an authority ends: where a path starts, and line breaks. Not "?" or "#", which end it
 * for the URL parser: a person who typed "user:pa#ss@host" meant "pa#ss" as the password.
 */
const AUTHORITY_END = '/\\\n\r';

/**
 * `text` with the password of every `user:password@host` in it replaced by "***":
 * "https://user:secret@host/x" → "https://user:***@host/x". It works on any text, not only on
 * a URL that parses, because the text worth redacting is often the one that did not parse:
 * "https://user:my secret@host", "//user:pw@cdn.example", "user:pw@example.com" are caught too.
 *
 * An authority starts after "//" (or "\\") or at the start of a word and ends at the first
 * "/", "\" or line break; its user info runs to its last "@" (as in the URL parser), and the
 * password is what follows the first ":" of the user info. Text that merely looks like that
 * ("mailto:a@b" → "mailto:***@b") is hidden too: showing too little is the safe mistake.
 * One pass: each character is looked at a bounded number of times.
 */
export function redactCredentials(text: string): string {
  let out = '';
  let copied = 0;
  let i = 0;
  while (i < text.length) {
    if (!startsAuthority(text, i)) {
      i++;
      continue;
    }
    const end = authorityEnd(text, i);
    const password = passwordIn(text, i, end);
    if (password !== null) {
      out += `${text.slice(copied, password.start)}${HIDDEN}`;
      copied = password.end;
    }
    // Every later start before `end` has a suffix of this user info, already dealt with.
    i = Math.max(end, i + 1);
  }
  return out + text.slice(copied);
}

/** At the start of the text or of a word, or after two slashes ("\\" is "//" to the URL parser). */
function startsAuthority(text: string, i: number): boolean {
  if (i === 0 || /\s/.test(text[i - 1] ?? '')) return true;
  return isSlash(text[i - 1]) && isSlash(text[i - 2]);
}

function isSlash(ch: string | undefined): boolean {
  return ch === '/' || ch === '\\';
}

/** [start, end) of the password in the authority text[from, to), or null when it has none. */
function passwordIn(text: string, from: number, to: number): { start: number; end: number } | null {
  let colon = -1;
  let at = -1;
  for (let i = from; i < to; i++) {
    if (text[i] === '@') at = i;
    else if (text[i] === ':' && colon === -1) colon = i;
  }
  return colon !== -1 && colon + 1 < at ? { start: colon + 1, end: at } : null;
}

function authorityEnd(text: string, from: number): number {
  for (let i = from; i < text.length; i++) if (AUTHORITY_END.includes(text[i] ?? '')) return i;
  return text.length;
}
