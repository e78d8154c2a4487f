import type { UrlEntry } from '../shared/types';
import type { Messages } from './i18n/en';

/** The entries whose link is already in the list. */
export function findDuplicates(entries: readonly UrlEntry[], knownUrls: ReadonlySet<string>): UrlEntry[] {
  return entries.filter((entry) => knownUrls.has(entry.url));
}

/** The question's first sentence; it names the link when there is one. */
export function describeDuplicates(duplicates: readonly UrlEntry[], m: Messages): string {
  const first = duplicates[0]?.url ?? '';
  return duplicates.length === 1 ? m.add.oneDuplicate(first) : m.add.manyDuplicates(duplicates.length);
}
