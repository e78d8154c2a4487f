import type { JobStatus } from './types';

/** Statuses in which some tab is (or should be) working on the job. */
export function isActive(status: JobStatus): boolean {
  return status === 'queued' || status === 'downloading' || status === 'saving';
}
