/**
 * Chromium's test of a name created in a folder the person picked, written out again from the
 * Chromium source, independently of src/shared/folder-name-rules.ts, so tests can hold the
 * sanitizer to it. FileSystemAccessDirectoryHandleImpl::IsSafePathComponent for a local
 * (non-sandboxed) file system, with the Windows-only 8.3 check of base::i18n::IsFilenameLegal
 * and `local` from FileSystemChooser::IsShellIntegratedExtension.
 */
const ILLEGAL_ANYWHERE = /["*/:<>?\\|\p{Cc}\p{Cf}\p{Noncharacter_Code_Point}\p{Surrogate}]/u;
const ILLEGAL_AT_ENDS = /[\p{White_Space}.~]/u;
const DEVICES = ['con', 'prn', 'aux', 'nul', 'clock$', ...[1, 2, 3, 4, 5, 6, 7, 8, 9].flatMap((n) => [`com${n}`, `lpt${n}`])];

/** base::i18n::IsFilenameLegal, Windows build. */
function isFilenameLegal(s: string): boolean {
  if (s === '') return true;
  if (ILLEGAL_ANYWHERE.test(s)) return false;
  if (ILLEGAL_AT_ENDS.test(s.charAt(0)) || ILLEGAL_AT_ENDS.test(s.charAt(s.length - 1))) return false;
  return !couldBeInvalidShortName(s);
}

function couldBeInvalidShortName(s: string): boolean {
  if (s.length > 12 || !s.includes('~') || /[\p{White_Space}"\\/[\]:+|<>=;?,*]/u.test(s)) return false;
  const first = s.indexOf('.');
  if (first === -1) return s.length <= 8;
  return first === s.lastIndexOf('.') && first > 0 && first <= 8 && first + 4 >= s.length;
}

function isShellIntegratedExtension(extension: string): boolean {
  const lower = extension.toLowerCase();
  if (['lnk', 'local', 'scf', 'url'].includes(lower)) return true;
  return lower !== '' && lower.startsWith('{') && lower.endsWith('}') && lower.length > 1;
}

function isReservedNameOnWindows(name: string): boolean {
  const lower = name.toLowerCase();
  if (DEVICES.some((d) => lower === d || lower.startsWith(`${d}.`))) return true;
  return lower === 'desktop.ini' || lower === 'thumbs.db';
}

export function chromiumAccepts(name: string): boolean {
  if (name === '' || name.includes('/') || name.includes('\\')) return false;
  // A leading "." is allowed (".git"): Chromium strips one before IsFilenameLegal.
  if (!isFilenameLegal(name.startsWith('.') ? name.slice(1) : name)) return false;
  const dot = name.lastIndexOf('.');
  if (dot !== -1 && isShellIntegratedExtension(name.slice(dot + 1))) return false;
  if (name.endsWith('.')) return false;
  return !isReservedNameOnWindows(name);
}
