import { memo } from 'preact/compat';
import { useState } from 'preact/hooks';
import type { JobStatus, JobView } from '../shared/types';
import { formatBytes, formatDuration, formatProgress, formatSpeed } from '../shared/format';
import { isActive } from '../shared/job-status';
import { ChangeUrlForm } from './change-url-form';
import { ChecksumLine } from './checksum-line';
import { getEngine } from './engine-bridge';
import { errorMessage } from './error-message';
import { isPickerCancel, pickFile, requestWritePermission } from './save-location';

const STATUS_WORDS: Record<JobStatus, string> = {
  queued: 'Queued',
  downloading: 'Downloading',
  paused: 'Paused',
  saving: 'Saving',
  completed: 'Completed',
  failed: 'Failed',
};

type Report = (message: string) => void;

/** Runs a row action; a failure becomes a message on screen, never an unhandled rejection. */
function act(report: Report, action: () => Promise<unknown>): () => void {
  return () => {
    action().catch((error: unknown) => {
      if (isPickerCancel(error)) return;
      report(errorMessage(error));
    });
  };
}

/** Asks again for the permission the browser forgot; without it, offers to pick another file. */
async function allow(job: JobView, report: Report): Promise<void> {
  const engine = getEngine();
  const handle = await engine.destinationOf(job.id);
  if (handle && (await requestWritePermission(handle))) {
    await engine.permissionGranted(job.id);
    return;
  }
  report('Saving there was not allowed. Use Save as… to choose another place.');
}

async function saveAs(job: JobView): Promise<void> {
  const destination = await pickFile(job.name);
  if (destination) await getEngine().setDestination(job.id, destination);
}

function details(job: JobView): string {
  const parts = [formatProgress(job.bytesDone, job.size)];
  if (job.status === 'downloading' && job.connections === 0 && job.bytesDone === 0) {
    parts.push('waiting for a connection');
  } else if (job.status === 'downloading') {
    parts.push(formatSpeed(job.speed));
    if (job.eta !== null) parts.push(`${formatDuration(job.eta)} left`);
    if (job.connections > 0) parts.push(`${job.connections} ${job.connections === 1 ? 'connection' : 'connections'}`);
  }
  return parts.join(' · ');
}

function Progress({ job }: { job: JobView }) {
  const label = `Progress of ${job.name}`;
  // Without a size the bar can only say "working", which is untrue of a stopped job.
  if (job.size === null) {
    return isActive(job.status) ? <progress aria-label={label} /> : <progress aria-label={label} value={job.status === 'completed' ? 1 : 0} max={1} />;
  }
  // An empty file has nothing to count; its bar is full once it is saved.
  if (job.size === 0) return <progress aria-label={label} value={job.status === 'completed' ? 1 : 0} max={1} />;
  return <progress aria-label={label} value={job.bytesDone} max={job.size} />;
}

function JobRowView({ job, report }: { job: JobView; report: Report }) {
  const engine = getEngine();
  const [changingUrl, setChangingUrl] = useState(false);
  const { id, status, name } = job;
  const active = isActive(status);
  const waitingForSave = status === 'saving' && job.needsPermission;
  const showReason = job.error !== null && (status === 'failed' || status === 'paused');
  return (
    <li class={`job job-${status}`} aria-label={name}>
      <div class="job-head">
        <span class="job-name" title={job.url}>
          {name}
        </span>
        <span class="job-size">{job.size === null ? 'Size unknown' : formatBytes(job.size)}</span>
        <span class="status" data-status={status}>
          {STATUS_WORDS[status]}
        </span>
      </div>
      <Progress job={job} />
      <div class="job-details">{details(job)}</div>
      <ChecksumLine job={job} report={report} />
      {showReason && <p class="reason">{job.error}</p>}
      {job.note && <p class="note">{job.note}</p>}
      {job.elsewhere && <p class="note">Active in another tab</p>}
      {waitingForSave && (
        <p class="note">
          {job.hasDestination ? 'All bytes are here. Allow saving to write the file.' : 'All bytes are here. Choose where to save it.'}
        </p>
      )}
      {changingUrl && <ChangeUrlForm id={id} onClose={() => setChangingUrl(false)} report={report} />}
      <div class="job-actions">
        {waitingForSave && job.hasDestination && (
          <button type="button" class="primary" onClick={act(report, () => allow(job, report))}>
            Allow
          </button>
        )}
        {waitingForSave && !job.hasDestination && (
          <button type="button" class="primary" onClick={act(report, () => saveAs(job))}>
            Save
          </button>
        )}
        {waitingForSave && job.hasDestination && (
          <button type="button" onClick={act(report, () => saveAs(job))}>
            Save as…
          </button>
        )}
        {active && !waitingForSave && (
          <button type="button" onClick={act(report, () => engine.pause(id))}>
            Pause
          </button>
        )}
        {status === 'paused' && (
          <button type="button" class="primary" onClick={act(report, () => engine.resume(id))}>
            Resume
          </button>
        )}
        {status === 'failed' && job.errorKind === 'expired' && !changingUrl && (
          <button type="button" class="primary" onClick={() => setChangingUrl(true)}>
            Change URL
          </button>
        )}
        {status === 'failed' && (
          <button type="button" class={job.errorKind === 'expired' ? '' : 'primary'} onClick={act(report, () => engine.retry(id))}>
            Retry
          </button>
        )}
        {(active || status === 'paused') && (
          <button type="button" onClick={act(report, () => engine.cancel(id))}>
            Cancel
          </button>
        )}
        {(status === 'completed' || status === 'failed') && (
          <button type="button" onClick={act(report, () => engine.remove(id))}>
            Remove
          </button>
        )}
      </div>
    </li>
  );
}

export const JobRow = memo(JobRowView);
