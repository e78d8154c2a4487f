import type { JobMap } from './use-jobs';
import { formatBytes } from '../shared/format';
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
  if (canPickPlaces()) return null;
  const kept = keptBytes(jobs);
  return (
    <p class="browser-note" data-role="browser-downloads-note">
      This browser does not let a web page choose where files are saved, so each download is kept
      in the page's private storage while it runs (a reload carries on from there) and goes to
      your browser's downloads when it is complete.
      {kept.files > 0 &&
        ` Finished files stay in this browser's storage, for Save again, until you remove them from the list: ${kept.files === 1 ? '1 file' : `${kept.files} files`}, ${formatBytes(kept.bytes)}.`}
    </p>
  );
}
