import type { UrlEntry } from '../shared/types';

/** The entries whose link is already in the list. */
export function findDuplicates(entries: readonly UrlEntry[], knownUrls: ReadonlySet<string>): UrlEntry[] {
  return entries.filter((entry) => knownUrls.has(entry.url));
}

/** The question's first sentence; it names the link when there is one. */
export function describeDuplicates(duplicates: readonly UrlEntry[]): string {
  const first = duplicates[0]?.url ?? '';
  return duplicates.length === 1 ? `${first} is already in your downloads.` : `${duplicates.length} of these links are already in your downloads.`;
}
