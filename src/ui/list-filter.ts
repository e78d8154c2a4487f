import type { JobView, ViewStatus } from '../shared/types';

/** The chips above the list. */
export type ListFilter = 'all' | 'active' | 'completed' | 'failed';

/** In the order they are shown; each one's label is the catalog's `filter[name]`. */
export const FILTERS: readonly ListFilter[] = ['all', 'active', 'completed', 'failed'];

/** Which chip each status belongs to besides All; canceled rows show under All only. */
const CHIP: Readonly<Record<ViewStatus, ListFilter>> = {
  queued: 'active',
  downloading: 'active',
  saving: 'active',
  paused: 'active',
  pausing: 'active',
  'save-blocked': 'active',
  'web-page': 'active',
  stopping: 'active',
  completed: 'completed',
  failed: 'failed',
  damaged: 'failed',
  canceled: 'all',
  canceling: 'all',
  removing: 'all',
};

function hostOf(url: string): string {
  try {
    return new URL(url).host;
  } catch {
    return '';
  }
}

/** Whether `job` shows under `filter` and matches `query` (in its name or its server's name, any case). */
export function shows(job: JobView, filter: ListFilter, query: string): boolean {
  if (filter !== 'all' && CHIP[job.status] !== filter) return false;
  const wanted = query.trim().toLowerCase();
  if (wanted === '') return true;
  return job.name.toLowerCase().includes(wanted) || hostOf(job.url).toLowerCase().includes(wanted);
}

/** How many jobs each chip would show, ignoring the search. */
export function chipCounts(jobs: Iterable<JobView>): Record<ListFilter, number> {
  const counts: Record<ListFilter, number> = { all: 0, active: 0, completed: 0, failed: 0 };
  for (const job of jobs) {
    counts.all++;
    const chip = CHIP[job.status];
    if (chip !== 'all') counts[chip]++;
  }
  return counts;
}
