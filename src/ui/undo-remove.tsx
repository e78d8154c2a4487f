import { useCallback, useEffect, useMemo, useRef, useState } from 'preact/hooks';
import type { JobView } from '../shared/types';
import { getEngine } from './engine-bridge';
import { errorMessage } from './error-message';
import { useMessages } from './i18n/context';

/** How long a removal by the Delete key can be taken back, as mail apps allow. */
export const UNDO_MS = 6_000;

interface Pending {
  id: string;
  name: string;
  timer: ReturnType<typeof setTimeout>;
}

/**
 * Removal by the Delete key, with a few seconds to take it back: the row hides at once and the
 * engine is told only when the time is up (or the page goes away). Nothing is removed until then.
 */
export function useUndoableRemove(report: (message: string) => void): {
  hidden: ReadonlySet<string>;
  remove: (job: JobView) => void;
  notices: preact.JSX.Element | null;
} {
  const m = useMessages();
  const [pending, setPending] = useState<readonly Pending[]>([]);
  const current = useRef(pending);
  current.current = pending;
  // The latest reporter and language, for a removal that completes after either changed.
  const say = useRef(report);
  say.current = report;
  const words = useRef(m);
  words.current = m;

  useEffect(() => {
    // A page that goes away removes what the person removed; a reload does not bring them back.
    const flush = () => {
      for (const p of current.current) {
        clearTimeout(p.timer);
        void getEngine().command(p.id, 'remove');
      }
    };
    window.addEventListener('pagehide', flush);
    return () => window.removeEventListener('pagehide', flush);
  }, []);

  // Stable, so the memoized rows it is handed to do not re-render with every change of the list.
  const remove = useCallback((job: JobView) => {
    if (current.current.some((p) => p.id === job.id)) return;
    const commit = () => {
      setPending((list) => list.filter((p) => p.id !== job.id));
      getEngine()
        .command(job.id, 'remove')
        .then((answer) => answer !== null && say.current(words.current.sentence(answer)))
        .catch((cause: unknown) => say.current(words.current.sentence(errorMessage(cause))));
    };
    const timer = setTimeout(commit, UNDO_MS);
    setPending((list) => [...list, { id: job.id, name: job.name, timer }]);
  }, []);
  const undo = (id: string) => {
    const found = current.current.find((p) => p.id === id);
    if (found) clearTimeout(found.timer);
    setPending((list) => list.filter((p) => p.id !== id));
  };

  const notices =
    pending.length === 0 ? null : (
      <ul class="undo-notices" aria-label={m.undo.list}>
        {pending.map((p) => (
          <li key={p.id} role="status">
            <span>{m.undo.removed(p.name)}</span>
            <button type="button" onClick={() => undo(p.id)}>
              {m.undo.undo}
            </button>
          </li>
        ))}
      </ul>
    );
  const hidden = useMemo(() => new Set(pending.map((p) => p.id)), [pending]);
  return { hidden, remove, notices };
}
