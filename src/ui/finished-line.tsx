import type { JobView } from '../shared/types';
import { queueDownloads } from './add-form';
import { getEngine } from './engine-bridge';
import { errorMessage } from './error-message';
import { handOver } from './hand-over';
import { openInTab, showableType } from './open-file';

type Say = (message: string) => void;

async function open(job: JobView, type: string, report: Say): Promise<void> {
  const file = await getEngine().savedFile(job.id);
  if (file === null) {
    report(`${job.name} is no longer where it was saved (moved, deleted, or no longer allowed).`);
    return;
  }
  openInTab(file, type);
}

async function saveAgain(job: JobView, report: Say): Promise<void> {
  if (!(await handOver(job.id, job.name))) report(`${job.name} is no longer kept in this browser (its site data was cleared). Download again fetches it anew.`);
}

/**
 * Where a finished download was saved, and what to do with it: Open what a tab can show, and
 * Download again as a new download (the person picks a place again). A file kept in the browser
 * went to the browser's downloads; Save again gives it to them once more.
 */
export function FinishedLine({ job, report }: { job: JobView; report: Say }) {
  if (job.status !== 'completed') return null;
  const type = showableType(job.name);
  const again = () => {
    const entry = job.expectedSha256 === null ? { url: job.url } : { url: job.url, sha256: job.expectedSha256 };
    queueDownloads([entry])
      .then((result) => {
        if (result !== null && !result.ok) report(result.reason);
      })
      .catch((cause: unknown) => report(errorMessage(cause)));
  };
  return (
    <div class="finished-line">
      {job.keptInBrowser ? (
        <span class="saved-as" data-role="saved-as">
          Saved to your browser's downloads as <strong>{job.name}</strong>
        </span>
      ) : (
        <span class="saved-as" data-role="saved-as">
          Saved as <strong>{job.name}</strong>
          {job.folder !== null && (
            <>
              {' '}
              in <strong>{job.folder}</strong>
            </>
          )}
        </span>
      )}
      {job.keptInBrowser && (
        <button type="button" class="small" onClick={() => void saveAgain(job, report).catch((cause: unknown) => report(errorMessage(cause)))}>
          Save again
        </button>
      )}
      {type !== null && (
        <button type="button" class="small" onClick={() => void open(job, type, report).catch((cause: unknown) => report(errorMessage(cause)))}>
          Open
        </button>
      )}
      <button type="button" class="small" onClick={again}>
        Download again
      </button>
    </div>
  );
}
