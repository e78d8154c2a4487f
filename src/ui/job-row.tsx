import { memo } from 'preact/compat';
import { useEffect, useRef, useState } from 'preact/hooks';
import type { JobView } from '../shared/types';
import { ChangeUrlForm } from './change-url-form';
import { ChecksumLine } from './checksum-line';
import { MirrorList } from './mirror-list';
import { CorsHelp } from './cors-help';
import { FinishedLine } from './finished-line';
import { JobSpeedLimit } from './job-speed-limit';
import { OrderButtons } from './order-buttons';
import { getEngine } from './engine-bridge';
import { errorMessage } from './error-message';
import { focusQuietly, useFocusRescue } from './focus';
import { useMessages } from './i18n/context';
import type { Messages } from './i18n/en';
import { focusAfterLoss, rowActions, type RowActionKind } from './row-actions';
import { details, formatWhen, hostOf, progressBar, requestsText, rowNotes, rowReason, sizeText } from './row-text';
import { isPickerCancel, pickFile, requestWritePermission } from './save-location';

type Say = (message: string) => void;

/** Asks again for the permission the browser forgot; the engine's answer, or why it was not asked. */
async function allow(job: JobView, m: Messages): Promise<string | null> {
  const engine = getEngine();
  const handle = await engine.destinationOf(job.id);
  if (handle && (await requestWritePermission(handle))) return engine.permissionGranted(job.id);
  return m.row.notAllowed;
}

async function saveAs(job: JobView): Promise<string | null> {
  return getEngine().setDestination(job.id, await pickFile(job.name));
}

/** Carries out a row's button (all but Change URL, which opens its form); null when it applied. */
function perform(job: JobView, kind: Exclude<RowActionKind, 'change-url'>, m: Messages): Promise<string | null> {
  switch (kind) {
    case 'allow':
      return allow(job, m);
    case 'save':
    case 'save-as':
      return saveAs(job);
    default:
      return getEngine().command(job.id, kind);
  }
}

function Progress({ job }: { job: JobView }) {
  const label = useMessages().row.progressOf(job.name);
  const bar = progressBar(job);
  return (
    <span class="job-bar">
      {bar === null ? <progress aria-label={label} /> : <progress aria-label={label} value={bar.value} max={bar.max} />}
      <Pieces job={job} />
    </span>
  );
}

/**
 * A thin strip under the bar: each range a connection fetches now, at its place in the file, and
 * how far into it the connection is. Only a picture: the line beside the bar says it in words.
 */
function Pieces({ job }: { job: JobView }) {
  const { pieces, size } = job;
  if (pieces === undefined || pieces.length === 0 || size === null || size <= 0) return null;
  const share = (n: number, of: number): string => `${Math.min(100, (n / of) * 100)}%`;
  return (
    <span class="pieces" aria-hidden="true" data-role="pieces">
      {pieces.map((p) => (
        <span key={p.start} class="piece" style={{ left: share(p.start, size), width: share(p.end - p.start, size) }}>
          <span class="piece-done" style={{ width: share(p.at - p.start, Math.max(1, p.end - p.start)) }} />
        </span>
      ))}
    </span>
  );
}

function When({ ms, role }: { ms: number; role: string }) {
  const { locale } = useMessages();
  return (
    <time data-role={role} dateTime={new Date(ms).toISOString()}>
      {formatWhen(ms, locale)}
    </time>
  );
}

/** What the expanded row adds: the link in full, where it goes, the checksum, requests and dates. */
function RowDetails({ job, report }: { job: JobView; report: Say }) {
  const m = useMessages();
  const w = m.row.facts;
  const requests = requestsText(job, m);
  const unfinished = job.status !== 'completed' && job.status !== 'canceled' && job.status !== 'damaged';
  return (
    <>
      <dl class="job-facts">
        <div>
          <dt>{w.link}</dt>
          <dd class="job-url" data-role="url">
            {job.url}
          </dd>
        </div>
        <div>
          <dt>{job.status === 'completed' ? w.savedAs : w.savesAs}</dt>
          <dd>
            {job.name}
            {job.folder !== null && w.inFolder(job.folder)}
            {!job.hasDestination && w.noPlaceYet}
          </dd>
        </div>
        {job.sha256 !== null && (
          <div>
            <dt>SHA-256</dt>
            <dd>
              <code>{job.sha256}</code>
            </dd>
          </div>
        )}
        {job.expectedSha256 !== null && job.expectedSha256 !== job.sha256 && (
          <div>
            <dt>{w.expectedSha256}</dt>
            <dd>
              <code>{job.expectedSha256}</code>
              {job.expectedSha256Source && w.publishedIn(job.expectedSha256Source.name, job.expectedSha256Source.host)}
            </dd>
          </div>
        )}
        <div>
          <dt>{w.connections}</dt>
          <dd>{requests ?? w.noneOpen}</dd>
        </div>
        <div>
          <dt>{w.protocol}</dt>
          <dd>{job.protocol ?? w.protocolHidden}</dd>
        </div>
        <div>
          <dt>{w.added}</dt>
          <dd>
            <When ms={job.createdAt} role="added" />
          </dd>
        </div>
        {job.completedAt !== null && (
          <div>
            <dt>{w.completed}</dt>
            <dd>
              <When ms={job.completedAt} role="completed" />
            </dd>
          </div>
        )}
      </dl>
      {unfinished && !job.elsewhere && <JobSpeedLimit job={job} report={report} />}
    </>
  );
}

function JobRowView({ job, report, notify, onDelete }: { job: JobView; report: Say; notify: Say; onDelete: (job: JobView) => void }) {
  const m = useMessages();
  const [changingUrl, setChangingUrl] = useState(false);
  // Whether the row shows its details; the page's alone, forgotten on reload.
  const [expanded, setExpanded] = useState(false);
  // Why the last link pasted into Change URL was refused; it stands in for the row's reason while
  // the job still shows the failure it was given for.
  const [refusal, setRefusal] = useState<{ text: string; status: JobView['status'] } | null>(null);
  const inFlight = useRef(false);
  const { id, status, name } = job;

  const run = (kind: RowActionKind) => {
    if (kind === 'change-url') {
      setChangingUrl(true);
      return;
    }
    // A second click before the engine answered would only earn "it is already stopping".
    if (inFlight.current) return;
    inFlight.current = true;
    perform(job, kind, m)
      .then((answer) => {
        if (answer !== null) notify(m.row.about(name, m.sentence(answer)));
      })
      .catch((error: unknown) => {
        if (!isPickerCancel(error)) report(m.sentence(errorMessage(error)));
      })
      .finally(() => {
        inFlight.current = false;
      });
  };

  const closeChangeUrl = () => {
    setChangingUrl(false);
    setRefusal(null);
  };

  const offered = rowActions(job);
  // The form belongs to a row that offers Change URL; if the job moved on (another tab retried
  // it, say), it closes by itself.
  const showChangeUrl = changingUrl && offered.some((a) => a.kind === 'change-url');
  useEffect(() => {
    if (changingUrl && !showChangeUrl) closeChangeUrl();
  }, [changingUrl, showChangeUrl]);
  const actions = offered.filter((a) => !(a.kind === 'change-url' && showChangeUrl));
  // The clicked button often goes with the state it belonged to (Pause becomes Resume, or nothing
  // while the run stops): focus stays in the row, on the next harmless action or on the row.
  const row = useRef<HTMLLIElement>(null);
  useFocusRescue(row, () => {
    const li = row.current;
    if (li === null) return;
    const kind = focusAfterLoss(actions);
    const button = kind === null ? null : li.querySelector<HTMLElement>(`[data-action="${kind}"]`);
    if (button !== null) button.focus();
    else focusQuietly(li);
  });
  const size = sizeText(job, m);
  const line = details(job, m);
  // "2.00 MiB of 2.00 MiB" under a full bar says only the size beside the name again.
  const finishedWithSize = status === 'completed' && job.size !== null;
  const reasonId = `reason-${id}`;
  const moreId = `more-${id}`;
  const host = hostOf(job.url);
  const reason = refusal !== null && refusal.status === status ? m.sentence(refusal.text) : rowReason(job, m);
  // On the focused row itself (not its buttons or fields): Space pauses or resumes, Delete removes,
  // Enter shows or hides the details.
  const onKeyDown = (event: KeyboardEvent) => {
    if (event.target !== row.current || event.altKey || event.ctrlKey || event.metaKey) return;
    if (event.key === ' ') {
      const toggle = actions.find((a) => a.kind === 'pause' || a.kind === 'resume');
      if (toggle === undefined) return;
      event.preventDefault();
      run(toggle.kind);
    } else if (event.key === 'Enter') {
      event.preventDefault();
      setExpanded((open) => !open);
    } else if (event.key === 'Delete') {
      event.preventDefault();
      if (actions.some((a) => a.kind === 'remove')) onDelete(job);
      else notify(m.row.pauseBeforeRemoving(name));
    }
  };
  return (
    <li ref={row} class={`job job-${status}`} aria-label={name} data-job-id={id} tabIndex={0} onKeyDown={onKeyDown}>
      <button type="button" class="job-toggle" aria-label={m.row.details} aria-expanded={expanded} aria-controls={moreId} onClick={() => setExpanded((open) => !open)} />
      <div class="job-head">
        <span class="job-name" title={`${name}\n${job.url}`}>
          {name}
        </span>
        {host !== '' && <span class="job-host">{host}</span>}
        {size !== '' && <span class="job-size">{size}</span>}
        <span class="status" data-status={status}>
          {m.row.status[status]}
        </span>
      </div>
      <div class="job-line">
        <Progress job={job} />
        {line !== '' && !finishedWithSize && <span class="job-details">{line}</span>}
        <FinishedLine job={job} report={report} />
        <ChecksumLine job={job} report={notify} />
      </div>
      <MirrorList job={job} />
      {reason !== null && (
        <p class="reason" data-role="reason" id={reasonId}>
          {reason}
        </p>
      )}
      <CorsHelp job={job} />
      {rowNotes(job, m).map((note, index) => (
        <p class="note" data-role="note" key={index}>
          {note}
        </p>
      ))}
      {showChangeUrl && (
        <ChangeUrlForm
          id={id}
          describedBy={reason !== null ? reasonId : undefined}
          onClose={closeChangeUrl}
          onRefused={(text) => {
            setRefusal({ text, status });
            notify(m.row.about(name, m.sentence(text)));
          }}
          report={report}
        />
      )}
      <div class="job-actions">
        {actions.map((action) => (
          <button type="button" key={action.kind} data-action={action.kind} class={action.primary ? 'primary' : undefined} onClick={() => run(action.kind)}>
            {m.row.actions[action.kind]}
          </button>
        ))}
        <OrderButtons job={job} report={report} notify={notify} />
      </div>
      <div id={moreId} class="job-more" hidden={!expanded}>
        {expanded && <RowDetails job={job} report={report} />}
      </div>
    </li>
  );
}

export const JobRow = memo(JobRowView);
