/**
 * Display formatting. Sizes use binary units with three significant digits ("1.00 KiB",
 * "64.0 MiB", "512 MiB"), so a number's width barely changes while it grows; values of
 * 1000–1023 in a unit keep four digits rather than jumping to "0.98" of the next one.
 *
 * Digits go through Intl.NumberFormat in the locale asked for; the words around them (the "of"
 * in a progress, the units of a duration) come from the caller's language as `NumberWords`. The
 * defaults are English: the engine's own messages (and every caller that names no language) are.
 * The binary units (KiB, MiB…) are symbols, the same in every language.
 */

const UNITS = ['KiB', 'MiB', 'GiB', 'TiB', 'PiB', 'EiB'] as const;

/** What a language writes around the numbers. */
export interface NumberWords {
  /** BCP 47 locale of the digits. */
  locale: string;
  /** "12.0 MiB of 64.0 MiB" from the two sizes already formatted. */
  progress: (done: string, total: string) => string;
  /** Each unit of a duration as written after its number ("5 s", "5秒"), and what goes between two parts. */
  duration: { s: string; min: string; h: string; d: string; gap: string };
}

export const ENGLISH_NUMBERS: NumberWords = {
  locale: 'en',
  progress: (done, total) => `${done} of ${total}`,
  duration: { s: ' s', min: ' min', h: ' h', d: ' d', gap: ' ' },
};

const formats = new Map<string, Intl.NumberFormat>();

/** `value` with exactly `digits` decimals, no grouping ("1023", not "1,023": the width stays put). */
function fixed(value: number, digits: number, locale: string): string {
  const key = `${locale}|${digits}`;
  let format = formats.get(key);
  if (format === undefined) {
    format = new Intl.NumberFormat(locale, { minimumFractionDigits: digits, maximumFractionDigits: digits, useGrouping: false });
    formats.set(key, format);
  }
  return format.format(value);
}

/** Bytes in binary units: "0 B", "1023 B", "1.00 KiB", "64.0 MiB", "512 MiB"; "—" when not a number. */
export function formatBytes(n: number, locale = ENGLISH_NUMBERS.locale): string {
  if (!Number.isFinite(n)) return '—';
  if (n < 0) return `-${formatBytes(-n, locale)}`;
  if (n < 1024) {
    // Rounding can reach 1024 (e.g. 1023.6), which reads better as the next unit.
    const whole = Math.round(n);
    if (whole < 1024) return `${fixed(whole, 0, locale)} B`;
  }
  let unit = 0;
  let value = n / 1024;
  while (value >= 1024 && unit < UNITS.length - 1) {
    value /= 1024;
    unit++;
  }
  let digits = threeDigits(value);
  // 1023.9 rounds to "1024", which should be shown as "1.00" of the next unit instead.
  if (Number(value.toFixed(digits)) >= 1024 && unit < UNITS.length - 1) {
    value /= 1024;
    unit++;
    digits = threeDigits(value);
  }
  return `${fixed(value, digits, locale)} ${UNITS[unit] ?? 'EiB'}`;
}

/** A transfer rate: "12.3 MiB/s", "0 B/s"; "—" when not a number. */
export function formatSpeed(bytesPerSecond: number, locale = ENGLISH_NUMBERS.locale): string {
  if (!Number.isFinite(bytesPerSecond) || bytesPerSecond < 0) return '—';
  return `${formatBytes(bytesPerSecond, locale)}/s`;
}

/**
 * A duration such as an ETA: "5 s", "2 min 05 s", "1 h 02 min", "3 d 04 h" (in Chinese "2分05秒");
 * "—" when unknown (null, NaN, Infinity, negative). Rounded to whole seconds; larger units drop the
 * smallest one because an ETA that precise is noise.
 */
export function formatDuration(seconds: number | null, words: NumberWords = ENGLISH_NUMBERS): string {
  if (seconds === null || !Number.isFinite(seconds) || seconds < 0) return '—';
  const { locale, duration: u } = words;
  const n = (value: number): string => fixed(value, 0, locale);
  const two = (value: number): string => (value < 10 ? `${n(0)}${n(value)}` : n(value));
  const total = Math.round(seconds);
  if (total < 60) return `${n(total)}${u.s}`;
  if (total < 3600) return `${n(Math.floor(total / 60))}${u.min}${u.gap}${two(total % 60)}${u.s}`;
  const minutes = Math.floor(total / 60);
  if (minutes < 48 * 60) return `${n(Math.floor(minutes / 60))}${u.h}${u.gap}${two(minutes % 60)}${u.min}`;
  const hours = Math.floor(minutes / 60);
  return `${n(Math.floor(hours / 24))}${u.d}${u.gap}${two(hours % 24)}${u.h}`;
}

/** "12.0 MiB of 64.0 MiB", or just "12.0 MiB" while the total is unknown. */
export function formatProgress(done: number, total: number | null, words: NumberWords = ENGLISH_NUMBERS): string {
  if (total === null) return formatBytes(done, words.locale);
  return words.progress(formatBytes(done, words.locale), formatBytes(total, words.locale));
}

/** Decimals that keep three significant digits; thresholds sit at the rounding points so 9.996 becomes "10.0", not "10.00". */
function threeDigits(value: number): number {
  if (value < 9.995) return 2;
  if (value < 99.95) return 1;
  return 0;
}
