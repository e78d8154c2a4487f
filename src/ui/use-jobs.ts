import { useEffect, useState } from 'preact/hooks';
import type { EngineEvent, JobView } from '../shared/types';
import { subscribeToEngine } from './engine-bridge';
import { errorMessage } from './error-message';

export type JobMap = ReadonlyMap<string, JobView>;

function applyEvent(jobs: JobMap, event: EngineEvent): JobMap {
  const next = new Map(event.type === 'snapshot' ? [] : jobs);
  if (event.type === 'removed') {
    for (const id of event.ids) next.delete(id);
  } else {
    for (const job of event.jobs) next.set(job.id, job);
  }
  return next;
}

/**
 * The page's one subscription to the worker. Rows are memoized on their JobView, so an update
 * re-renders only the jobs it carries.
 */
export function useJobs(): { jobs: JobMap; loaded: boolean; error: string | null } {
  const [jobs, setJobs] = useState<JobMap>(new Map());
  const [loaded, setLoaded] = useState(false);
  const [error, setError] = useState<string | null>(null);
  useEffect(() => {
    subscribeToEngine((event) => {
      setJobs((current) => applyEvent(current, event));
      if (event.type === 'snapshot') setLoaded(true);
    }).catch((cause: unknown) => {
      setError(`The download engine did not start: ${errorMessage(cause)}`);
    });
  }, []);
  return { jobs, loaded, error };
}
