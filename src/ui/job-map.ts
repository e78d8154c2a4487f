import type { EngineEvent, JobView } from '../shared/types';
import type { Messages } from './i18n/en';

export type JobMap = ReadonlyMap<string, JobView>;

/**
 * The jobs after an event: a snapshot replaces them all, an update replaces the jobs it carries;
 * a notice or a hand-over changes none.
 */
export function applyEvent(jobs: JobMap, event: EngineEvent): JobMap {
  if (event.type === 'notice' || event.type === 'hand-over') return jobs;
  const next = new Map(event.type === 'snapshot' ? [] : jobs);
  if (event.type === 'removed') {
    for (const id of event.ids) next.delete(id);
  } else {
    for (const job of event.jobs) next.set(job.id, job);
  }
  return next;
}

/** What a screen reader hears when a job comes to this status; statuses not listed are not said. */
function announcement(job: JobView, m: Messages): string | null {
  const { announce } = m;
  switch (job.status) {
    case 'completed':
      return announce.completed(job.name);
    case 'failed':
      return job.error === null ? announce.failed(job.name) : announce.failedBecause(job.name, m.sentence(job.error));
    case 'canceled':
      return announce.canceled(job.name);
    default:
      return null;
  }
}

/**
 * The sentences an event brings for a live region: a job that finished, failed or was canceled,
 * once, when it gets there. Progress ticks and the jobs found on loading (the snapshot) say nothing.
 */
export function announcements(before: JobMap, event: EngineEvent, m: Messages): string[] {
  if (event.type !== 'update') return [];
  return event.jobs.flatMap((job) => {
    if (before.get(job.id)?.status === job.status) return [];
    const text = announcement(job, m);
    return text === null ? [] : [text];
  });
}
