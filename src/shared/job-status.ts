import type { ViewStatus } from './types';

/** Statuses in which some tab is (or should be) working on the job. */
export function isActive(status: ViewStatus): boolean {
  return status === 'queued' || status === 'downloading' || status === 'saving';
}
