/**
 * Checks for data that crossed a trust boundary (IndexedDB written by an older version or a
 * broken write, messages from other tabs): each says whether a value has the shape the code
 * that reads it relies on.
 */

export type Fields = Readonly<Record<string, unknown>>;

export function isObject(value: unknown): value is Fields {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

export function isStringOrNull(value: unknown): value is string | null {
  return value === null || typeof value === 'string';
}

/** A whole number of bytes (or items): what sizes, offsets and counts are. */
export function isCount(value: unknown): value is number {
  return typeof value === 'number' && Number.isSafeInteger(value) && value >= 0;
}

export function isCountOrNull(value: unknown): value is number | null {
  return value === null || isCount(value);
}

/** A finite number that is not negative: speeds, times, seconds. */
export function isAmount(value: unknown): value is number {
  return typeof value === 'number' && Number.isFinite(value) && value >= 0;
}

export function isAmountOrNull(value: unknown): value is number | null {
  return value === null || isAmount(value);
}

export function isOneOf<T extends string>(values: readonly T[], value: unknown): value is T {
  return typeof value === 'string' && (values as readonly string[]).includes(value);
}

/** An array of at most `max` items that each pass `item`. */
export function isListOf<T>(value: unknown, item: (x: unknown) => x is T, max: number): value is T[] {
  return Array.isArray(value) && value.length <= max && value.every((x) => item(x));
}
