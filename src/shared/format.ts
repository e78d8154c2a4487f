/**
 * Display formatting. Sizes use binary units with three significant digits ("1.00 KiB",
 * "64.0 MiB", "512 MiB"), so a number's width barely changes while it grows; values of
 * 1000–1023 in a unit keep four digits rather than jumping to "0.98" of the next one.
 */

const UNITS = ['KiB', 'MiB', 'GiB', 'TiB', 'PiB', 'EiB'] as const;

/** Bytes in binary units: "0 B", "1023 B", "1.00 KiB", "64.0 MiB", "512 MiB"; "—" when not a number. */
export function formatBytes(n: number): string {
  if (!Number.isFinite(n)) return '—';
  if (n < 0) return `-${formatBytes(-n)}`;
  if (n < 1024) {
    // Rounding can reach 1024 (e.g. 1023.6), which reads better as the next unit.
    const whole = Math.round(n);
    if (whole < 1024) return `${whole} B`;
  }
  let unit = 0;
  let value = n / 1024;
  while (value >= 1024 && unit < UNITS.length - 1) {
    value /= 1024;
    unit++;
  }
  let text = toThreeDigits(value);
  // 1023.9 rounds to "1024", which should be shown as "1.00" of the next unit instead.
  if (Number(text) >= 1024 && unit < UNITS.length - 1) {
    value /= 1024;
    unit++;
    text = toThreeDigits(value);
  }
  return `${text} ${UNITS[unit] ?? 'EiB'}`;
}

/** A transfer rate: "12.3 MiB/s", "0 B/s"; "—" when not a number. */
export function formatSpeed(bytesPerSecond: number): string {
  if (!Number.isFinite(bytesPerSecond) || bytesPerSecond < 0) return '—';
  return `${formatBytes(bytesPerSecond)}/s`;
}

/**
 * A duration such as an ETA: "5 s", "2 min 05 s", "1 h 02 min", "3 d 04 h"; "—" when unknown
 * (null, NaN, Infinity, negative). Rounded to whole seconds; larger units drop the smallest
 * one because an ETA that precise is noise.
 */
export function formatDuration(seconds: number | null): string {
  if (seconds === null || !Number.isFinite(seconds) || seconds < 0) return '—';
  const total = Math.round(seconds);
  if (total < 60) return `${total} s`;
  if (total < 3600) return `${Math.floor(total / 60)} min ${pad2(total % 60)} s`;
  const minutes = Math.floor(total / 60);
  if (minutes < 48 * 60) return `${Math.floor(minutes / 60)} h ${pad2(minutes % 60)} min`;
  const hours = Math.floor(minutes / 60);
  return `${Math.floor(hours / 24)} d ${pad2(hours % 24)} h`;
}

/** "12.0 MiB of 64.0 MiB", or just "12.0 MiB" while the total is unknown. */
export function formatProgress(done: number, total: number | null): string {
  if (total === null) return formatBytes(done);
  return `${formatBytes(done)} of ${formatBytes(total)}`;
}

function toThreeDigits(value: number): string {
  // Thresholds sit at the rounding points so 9.996 becomes "10.0", not "10.00".
  if (value < 9.995) return value.toFixed(2);
  if (value < 99.95) return value.toFixed(1);
  return value.toFixed(0);
}

function pad2(n: number): string {
  return n < 10 ? `0${n}` : String(n);
}
