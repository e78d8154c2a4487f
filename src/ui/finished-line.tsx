import type { JobView } from '../shared/types';
import { queueDownloads } from './add-form';
import { getEngine } from './engine-bridge';
import { errorMessage } from './error-message';
import { handOver } from './hand-over';
import { useMessages } from './i18n/context';
import type { Messages } from './i18n/en';
import { Slots } from './i18n/slots';
import { openInTab, showableType } from './open-file';

type Say = (message: string) => void;

async function open(job: JobView, type: string, report: Say, m: Messages): Promise<void> {
  const file = await getEngine().savedFile(job.id);
  if (file === null) {
    report(m.finished.gone(job.name));
    return;
  }
  openInTab(file, type);
}

async function saveAgain(job: JobView, report: Say, m: Messages): Promise<void> {
  if (!(await handOver(job.id, job.name))) report(m.finished.notKept(job.name));
}

/**
 * Where a finished download was saved, and what to do with it: Open what a tab can show, and
 * Download again as a new download (the person picks a place again). A file kept in the browser
 * went to the browser's downloads; Save again gives it to them once more.
 */
export function FinishedLine({ job, report }: { job: JobView; report: Say }) {
  const m = useMessages();
  if (job.status !== 'completed') return null;
  const type = showableType(job.name);
  const fail = (cause: unknown) => report(m.sentence(errorMessage(cause)));
  const again = () => {
    // A checksum found published is looked for anew, not carried over as if the person gave it.
    const given = job.expectedSha256Source === undefined ? job.expectedSha256 : null;
    const entry = given === null ? { url: job.url } : { url: job.url, sha256: given };
    queueDownloads([entry])
      .then((result) => {
        if (result !== null && !result.ok) report(m.sentence(result.reason));
      })
      .catch(fail);
  };
  return (
    <div class="finished-line">
      {job.keptInBrowser ? (
        <span class="saved-as" data-role="saved-as">
          <Slots text={m.finished.savedToBrowser} values={{ name: <strong>{job.name}</strong> }} />
        </span>
      ) : (
        <span class="saved-as" data-role="saved-as">
          <Slots
            text={job.folder === null ? m.finished.savedAs : m.finished.savedAsIn}
            values={{ name: <strong>{job.name}</strong>, folder: <strong>{job.folder}</strong> }}
          />
        </span>
      )}
      {job.keptInBrowser && (
        <button type="button" class="small" onClick={() => void saveAgain(job, report, m).catch(fail)}>
          {m.finished.saveAgain}
        </button>
      )}
      {type !== null && (
        <button type="button" class="small" onClick={() => void open(job, type, report, m).catch(fail)}>
          {m.finished.open}
        </button>
      )}
      <button type="button" class="small" onClick={again}>
        {m.finished.downloadAgain}
      </button>
    </div>
  );
}
