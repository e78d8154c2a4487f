import type { JobMap } from './use-jobs';
import { formatBytes } from '../shared/format';
import { useMessages } from './i18n/context';
import { canPickPlaces } from './save-location';

/** Bytes of finished files kept in the browser's private storage (for Save again) until removed. */
function keptBytes(jobs: JobMap): { files: number; bytes: number } {
  let files = 0;
  let bytes = 0;
  for (const job of jobs.values()) {
    if (!job.keptInBrowser || job.status !== 'completed') continue;
    files++;
    bytes += job.size ?? job.bytesDone;
  }
  return { files, bytes };
}

/**
 * Said once on the page, in a browser that lets no page pick where to save (Firefox, Safari):
 * why finished files go to the browser's downloads, and what stays behind in its storage.
 */
export function BrowserDownloadsNote({ jobs }: { jobs: JobMap }) {
  const m = useMessages();
  if (canPickPlaces()) return null;
  const kept = keptBytes(jobs);
  return (
    <p class="browser-note" data-role="browser-downloads-note">
      {m.browserNote.why}
      {kept.files > 0 && m.browserNote.kept(kept.files, formatBytes(kept.bytes, m.locale))}
    </p>
  );
}
