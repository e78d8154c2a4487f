import { useEffect, useRef, useState } from 'preact/hooks';
import { subscribeToEngine, unsubscribeFromEngine } from './engine-bridge';
import { errorMessage } from './error-message';
import { announcements, applyEvent, type JobMap } from './job-map';
import { handOver } from './hand-over';
import { useMessages } from './i18n/context';
import { finishNotices, showFinishNotices } from './notify-pref';

export type { JobMap } from './job-map';

/**
 * The page's one subscription to the worker. Rows are memoized on their JobView, so an update
 * re-renders only the jobs it carries. `announce` hears when a job finishes, fails or is canceled.
 */
export function useJobs(announce: (text: string) => void): { jobs: JobMap; loaded: boolean; error: string | null } {
  const [jobs, setJobs] = useState<JobMap>(new Map());
  const [loaded, setLoaded] = useState(false);
  const [error, setError] = useState<string | null>(null);
  // The jobs as of the last event, to tell what an event changes; events come one at a time.
  const current = useRef<JobMap>(jobs);
  const say = useRef(announce);
  say.current = announce;
  // The language now, for events that arrive after it changed.
  const m = useMessages();
  const words = useRef(m);
  words.current = m;
  useEffect(() => {
    let ended = false;
    let subscription: number | null = null;
    subscribeToEngine((event) => {
      if (ended) return;
      // A message for the whole page (the database waits for another tab to close, say), kept in
      // the engine's words: the page translates it when it shows it.
      if (event.type === 'notice') setError(event.message);
      if (event.type === 'hand-over') void handOver(event.id, event.name);
      for (const text of announcements(current.current, event, words.current)) say.current(text);
      showFinishNotices(finishNotices(current.current, event, words.current));
      current.current = applyEvent(current.current, event);
      setJobs(current.current);
      if (event.type === 'snapshot') setLoaded(true);
    }).then(
      (id) => {
        // Unmounted while subscribing (a remount, HMR): end the subscription as soon as it exists.
        if (ended) void unsubscribeFromEngine(id).catch(() => undefined);
        else subscription = id;
      },
      (cause: unknown) => {
        if (!ended) setError(words.current.app.engineDidNotStart(errorMessage(cause)));
      },
    );
    return () => {
      ended = true;
      if (subscription !== null) void unsubscribeFromEngine(subscription).catch(() => undefined);
    };
  }, []);
  return { jobs, loaded, error };
}
