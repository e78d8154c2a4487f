import { useMessages } from '../i18n/context';
import type { JobMap } from '../job-map';
import { overviewOf } from '../overview-text';
import { reloadToUpdate, useUpdateReady } from './register';
import './update-note.css';

/**
 * "Update ready": a new version of the app is installed and waits for the person. Running
 * downloads are not stopped by it; if some run, the note says they carry on after the reload
 * (they do: unfinished jobs resume from their staged bytes when the page comes back).
 */
export function UpdateNote({ jobs }: { jobs: JobMap }) {
  const m = useMessages().update;
  const ready = useUpdateReady();
  if (!ready) return null;
  const overview = overviewOf(jobs.values());
  const running = overview.downloading + overview.queued > 0;
  return (
    <section class="update-note" role="status" aria-labelledby="update-note-title">
      <strong id="update-note-title">{m.title}</strong>
      <span>{running ? m.readyWhileDownloading : m.ready}</span>
      <button type="button" onClick={reloadToUpdate}>
        {m.reload}
      </button>
    </section>
  );
}
