import { useEffect, useMemo, useRef, useState } from 'preact/hooks';
import type { JobView } from '../shared/types';
import type { BulkCommand } from '../worker/api';
import { getEngine } from './engine-bridge';
import { errorMessage } from './error-message';
import { useFavicon } from './favicon';
import { useMessages } from './i18n/context';
import type { Messages } from './i18n/en';
import { countsText, overviewOf, progressText, titleOf } from './overview-text';

const BUTTONS: ReadonlyArray<{ command: BulkCommand; label: (m: Messages) => string; enabled: (o: ReturnType<typeof overviewOf>) => boolean }> = [
  { command: 'pause-all', label: (m) => m.overview.pauseAll, enabled: (o) => o.downloading + o.queued > 0 },
  { command: 'resume-all', label: (m) => m.overview.resumeAll, enabled: (o) => o.paused > 0 },
  { command: 'retry-failed', label: (m) => m.overview.retryFailed, enabled: (o) => o.failed > 0 },
  { command: 'clear-completed', label: (m) => m.overview.clearCompleted, enabled: (o) => o.completed > 0 },
];

/** The bar above the list: what all jobs add up to, the actions on all of them, and the tab's title. */
export function Overview({ jobs, report }: { jobs: ReadonlyMap<string, JobView>; report: (message: string) => void }) {
  const m = useMessages();
  const overview = useMemo(() => overviewOf(jobs.values()), [jobs]);
  const ran = useRef(false);
  if (overview.downloading + overview.queued > 0) ran.current = true;
  useEffect(() => {
    document.title = titleOf(overview, ran.current, m);
  }, [overview, m]);
  useFavicon(overview);
  const [busy, setBusy] = useState<BulkCommand | null>(null);
  if (jobs.size === 0) return null;

  const run = (command: BulkCommand) => {
    if (busy !== null) return;
    setBusy(command);
    getEngine()
      .commandAll(command)
      .catch((cause: unknown) => report(m.sentence(errorMessage(cause))))
      .finally(() => setBusy(null));
  };
  const counts = countsText(overview, m);
  const progress = progressText(overview, m);
  return (
    <div class="overview" role="group" aria-label={m.overview.group}>
      <p class="overview-text">
        {counts}
        {progress !== null && <span class="overview-progress">{progress}</span>}
      </p>
      <div class="overview-actions">
        {BUTTONS.map(({ command, label, enabled }) => {
          const off = !enabled(overview) || busy !== null;
          return (
            // aria-disabled, not disabled: a disabled button would drop the focus of the person who clicked it.
            <button key={command} type="button" aria-disabled={off} onClick={() => !off && run(command)}>
              {label(m)}
            </button>
          );
        })}
      </div>
    </div>
  );
}
