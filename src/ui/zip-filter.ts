import { MAX_LIST_ENTRIES } from '../shared/aria2-list';

/**
 * Rows a ZIP's chooser draws at most: an archive may list tens of thousands of files, and every
 * click on one re-renders the list. The rest are one filter away.
 */
export const SHOWN_AT_MOST = 500;
/** A filter field is offered from this many entries on; fewer are read at a glance. */
export const FILTER_FROM = 20;
/** Files added at once, as from a paste or a list: the list of downloads stays quick. */
export const CHOSEN_AT_MOST = MAX_LIST_ENTRIES;

/** Indexes of the entries whose path holds `filter`, in any case, in the archive's order. */
export function matchingEntries(entries: ReadonlyArray<{ path: string }>, filter: string): number[] {
  const wanted = filter.trim().toLocaleLowerCase();
  const all = entries.map((_, i) => i);
  return wanted === '' ? all : all.filter((i) => entries[i]?.path.toLocaleLowerCase().includes(wanted));
}
