/**
 * The names Chromium refuses when a page creates a file in a folder the person picked, although
 * the origin-private file system (where tests pick folders) accepts them. Mirrors
 * `FileSystemAccessDirectoryHandleImpl::IsSafePathComponent`
 * (content/browser/file_system_access/file_system_access_directory_handle_impl.cc), which combines:
 *  - `base::i18n::IsFilenameLegal` (base/i18n/file_util_icu.cc): no `"*\/:<>?\\|`, no control
 *    (Cc) or format (Cf) characters, no noncharacters anywhere; no White_Space, `.` or `~` at
 *    either end; on Windows, no `~` in a name that could be an 8.3 short name (CVE-2014-9390);
 *  - a shell-integrated extension: `lnk`, `scf`, `url`, `{CLSID}`; `FileSystemChooser`'s copy of
 *    that list (file_system_chooser.cc) adds `local`, which we refuse too;
 *  - no trailing `.`;
 *  - `net::IsReservedNameOnWindows` (net/base/filename_util.cc): device names alone or followed
 *    by `.` (con, prn, aux, nul, com1-9, lpt1-9, clock$), and `desktop.ini`, `thumbs.db`.
 * Chromium applies the Windows rules on every platform except the 8.3 one; we apply that one
 * everywhere too, because the file may be copied to Windows later and a name that works on
 * every platform is less surprising than one that depends on where the page runs.
 */

// Cc (C0, DEL, C1), Cf (soft hyphen, bidi controls, zero-width characters, word joiner, BOM,
// U+180E, tags...) and noncharacters: Chromium refuses every one of them anywhere in a name.
// Dropping a zero-width joiner splits an emoji sequence into its parts, which still reads.
const ILLEGAL_ANYWHERE = /[\p{Cc}\p{Cf}\p{Noncharacter_Code_Point}]/gu;

// Windows device names, with any extension, ignoring spaces before the dot; superscript digits
// count too, and CONIN$/CONOUT$ (Windows 11). Chromium's list is the subset without those.
const RESERVED = /^(con|prn|aux|nul|clock\$|conin\$|conout\$|com[0-9\u00b9\u00b2\u00b3]|lpt[0-9\u00b9\u00b2\u00b3])\s*(\.|$)/i;
// The Windows shell's "Customize folder" files.
const SHELL_FILES = /^(desktop\.ini|thumbs\.db)$/i;
const SHELL_EXTENSIONS = new Set(['lnk', 'local', 'scf', 'url']);
// What base/i18n/file_util_icu.cc calls illegal_in_short_filenames_: a name with one of these
// cannot be an 8.3 short name, so its `~` is harmless.
const NOT_IN_SHORT_NAMES = /[\s"\\/[\]:+|<>=;?,*]/;

/** `name` without the characters Chromium refuses anywhere in a name. */
export function removeIllegalCharacters(name: string): string {
  return name.replace(ILLEGAL_ANYWHERE, '');
}

/** Names Windows reserves for devices or its shell; they need a prefix to be ordinary files. */
export function isReservedName(name: string): boolean {
  return RESERVED.test(name) || SHELL_FILES.test(name);
}

/** `lnk`, `local`, `scf`, `url` (any case) and `{...}`: extensions the Windows shell acts on. */
export function isShellIntegratedExtension(extension: string): boolean {
  if (SHELL_EXTENSIONS.has(extension.toLowerCase())) return true;
  return extension.length >= 2 && extension.startsWith('{') && extension.endsWith('}');
}

/**
 * The last steps of sanitizing, each replacing one character by `_` so a name already cut to
 * its byte limit stays within it: a shell-integrated extension loses its dot ("a.lnk" →
 * "a_lnk": still readable, no longer a shortcut, and renamable on purpose), a `~` at either end
 * becomes `_` (what Chromium's own download names get), and so does every `~` of a name that
 * could be an 8.3 short name ("PROGRA~1" → "PROGRA_1"). Expects a name already trimmed of
 * spaces and dots at both ends and free of reserved names.
 */
export function neutralizeForFolder(name: string): string {
  let s = name;
  const dot = s.lastIndexOf('.');
  if (dot > 0 && isShellIntegratedExtension(s.slice(dot + 1))) s = `${s.slice(0, dot)}_${s.slice(dot + 1)}`;
  if (s.startsWith('~')) s = `_${s.slice(1)}`;
  if (s.endsWith('~')) s = `${s.slice(0, -1)}_`;
  if (couldBeShortName(s)) s = s.replaceAll('~', '_');
  return s;
}

/** Chromium's CouldBeInvalidShortName without the `~` test: at most 12 UTF-16 units, 8.3 dots. */
function couldBeShortName(s: string): boolean {
  if (s.length > 12 || !s.includes('~') || NOT_IN_SHORT_NAMES.test(s)) return false;
  const first = s.indexOf('.');
  if (first === -1) return s.length <= 8;
  return first === s.lastIndexOf('.') && first > 0 && first <= 8 && first + 4 >= s.length;
}
