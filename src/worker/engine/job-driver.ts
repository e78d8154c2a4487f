import { isDriving, type JobEvent, type Outcome, type RunEnd } from '../../shared/job-lifecycle';
import type { Settings } from '../../shared/settings';
import type { TokenBucket } from '../../shared/token-bucket';
import type { CopyOutcome } from '../copy/staged-copy';
import { dropUnwrittenPickedFile } from '../copy/save-target';
import { checkKeptFile } from '../copy/kept-file';
import { copyWholeStagedFile } from '../copy/whole-file-copy';
import { toDownloadError } from '../download-error';
import type { ConnectionBudget } from '../net/connection-budget';
import { DownloadRun } from '../run/download-run';
import { confirmNextMirror, mayTryMirror, switchToMirror } from '../run/link-switch';
import { askFailedMirrorsAgain } from '../run/mirror-notes';
import type { JobRecord } from '../storage/job-record';
import { loadJob, saveJobs } from '../storage/job-store';
import { tryJobLock, waitForJobLock } from '../tabs/job-lock';
import { NO_HOLD, type DrivingHold, type Entry, type WaitingHold } from './job-table';
import { mismatchMessage } from './mismatch-message';
import { PublishedCheck } from './published-check';

export const WEB_PAGE_MESSAGE = 'The server sent a web page, not a file (often a sign-in or error page).';

/** What the driver needs of the engine around it. */
export interface DriverPorts {
  budget: ConnectionBudget;
  bucket: TokenBucket;
  settings(): Settings;
  /** `done` settles when the writes and deletions the outcome caused have landed. */
  dispatch(entry: Entry, event: JobEvent, stored?: JobRecord | null): Outcome & { done: Promise<void> };
  /** Stores the record as it is (progress, a learned name); no change of status. */
  persist(entry: Entry): Promise<void>;
  changed(entry: Entry): void;
  /** A job let go of its lock: another may start. */
  released(): void;
}

/**
 * Runs jobs through the part of their life this tab drives: takes the job's lock (or waits in
 * line behind the tab that holds it), downloads, copies to the picked file, and reports each
 * step to the lifecycle as an event. It decides nothing about what comes next.
 */
export class JobDriver {
  constructor(private readonly ports: DriverPorts) {}

  /** Asks for the job's lock without waiting (the lifecycle's request-lock). */
  requestLock(entry: Entry): void {
    const hold: DrivingHold = { kind: 'driving', controller: new AbortController(), run: null, task: Promise.resolve() };
    entry.hold = hold;
    hold.task = tryJobLock(
      entry.id,
      () => this.holdLock(entry, hold),
      () => this.lockBusy(entry, hold),
    )
      .catch((error: unknown) => this.lost(entry, error))
      .finally(() => this.letGo(entry, hold));
  }

  /** Waits in line for the lock of a job another tab drives (the lifecycle's wait-for-lock). */
  waitForLock(entry: Entry): void {
    const waiting: WaitingHold = { kind: 'waiting', controller: new AbortController(), remote: null };
    entry.hold = waiting;
    waitForJobLock(entry.id, waiting.controller.signal, async () => {
      // Given up meanwhile (the job was paused or removed there): let the lock go at once.
      if (entry.hold !== waiting) return;
      const hold: DrivingHold = { kind: 'driving', controller: new AbortController(), run: null, task: Promise.resolve() };
      entry.hold = hold;
      hold.task = this.holdLock(entry, hold);
      try {
        await hold.task;
      } catch (error) {
        this.lost(entry, error);
      } finally {
        this.letGo(entry, hold);
      }
    }).catch((error: unknown) => {
      if (!waiting.controller.signal.aborted) console.error('Could not wait for a download lock', error);
    });
  }

  /** Leaves the line for the lock (the lifecycle's stop-waiting). */
  stopWaiting(entry: Entry): void {
    if (entry.hold.kind !== 'waiting') return;
    entry.hold.controller.abort();
    entry.hold = NO_HOLD;
  }

  /** Stops the run (the lifecycle's abort-run); the run answers with run-ended. */
  abort(entry: Entry, reason: string): void {
    if (entry.hold.kind === 'driving') entry.hold.controller.abort(reason);
  }

  private lockBusy(entry: Entry, hold: DrivingHold): void {
    if (entry.hold === hold) entry.hold = NO_HOLD;
    // Told to stop before the answer came: the stop is all that is left to do.
    if (!this.ports.dispatch(entry, { type: 'lock-busy' }).applies) void this.endRun(entry, 'stopped');
  }

  /** This tab holds the job's lock: read the record again, since another tab may have moved it on. */
  private async holdLock(entry: Entry, hold: DrivingHold): Promise<void> {
    await entry.saved;
    const stored = await loadJob(entry.id);
    const outcome = this.ports.dispatch(entry, { type: 'lock-acquired', stored: stored?.status ?? null }, stored);
    if (!outcome.applies || !outcome.effects.includes('run')) {
      await this.endRun(entry, 'stopped');
      return;
    }
    // Looked for beside the download while it runs (published-check.ts).
    const published = PublishedCheck.start(entry, this.ports);
    // The lock is let go only once the run's last record has landed (and its staged bytes are
    // gone, when they go): a tab that takes the lock next reads that record, never the one
    // before it, and never finds "every byte staged" while the bytes are being deleted.
    await this.endRun(entry, await this.drive(entry, hold, published));
    published?.afterRun();
  }

  private async endRun(entry: Entry, outcome: RunEnd): Promise<void> {
    if (!isDriving(entry.phase)) return;
    await this.ports.dispatch(entry, { type: 'run-ended', outcome }).done.catch(() => undefined);
  }

  /** One job from its first byte (or its staged bytes) to the file the person picked. */
  private drive(entry: Entry, hold: DrivingHold, published: PublishedCheck<Entry> | null): Promise<RunEnd> {
    askFailedMirrorsAgain(entry.record);
    return this.driveFrom(entry, hold, published, serversOf(entry.record) - 1);
  }

  /** The run of one start; `switchesLeft` bounds how often another server may take the link's place. */
  private async driveFrom(entry: Entry, hold: DrivingHold, published: PublishedCheck<Entry> | null, switchesLeft: number): Promise<RunEnd> {
    const job = entry.record;
    const signal = hold.controller.signal;
    const persist = (): Promise<void> => this.ports.persist(entry);
    try {
      const run = new DownloadRun(
        job,
        {
          budget: this.ports.budget,
          bucket: this.ports.bucket,
          settings: () => this.ports.settings(),
          changed: () => this.ports.changed(entry),
          persist,
          // Not behind the writes queued before it: sent before the worker may be ended.
          persistNow: () => saveJobs([job]),
          onAllStaged: () => void this.ports.dispatch(entry, { type: 'all-staged' }),
          probed: (answer) => published?.probed(answer),
          beforeClose: () => published?.beforeClose() ?? Promise.resolve(),
        },
        signal,
      );
      hold.run = run;
      const result = await run.run();
      if (result.kind === 'web-page') {
        job.error = WEB_PAGE_MESSAGE;
        job.errorKind = null;
        return 'web-page';
      }
      if (job.destination?.kind === 'browser') return settle(job, await checkKeptFile(job, signal), 'completed-kept');
      const copied = result.kind === 'copied' ? result.outcome : await copyWholeStagedFile(job, persist, signal);
      return settle(job, copied, 'completed');
    } catch (error) {
      if (signal.aborted) return 'stopped';
      const failure = toDownloadError(error);
      // Each server leads at most once per start (a dropped one stays dropped until the next).
      if (switchesLeft > 0 && mayTryMirror(job, failure)) {
        const confirmed = await confirmNextMirror(job, signal).catch(() => false);
        if (signal.aborted) return 'stopped';
        if (confirmed && switchToMirror(job, failure)) {
          await persist();
          // The new link's folder may publish the checksum the dead one's could not give.
          const looking = job.expectedSha256 === null ? (PublishedCheck.start(entry, this.ports) ?? published) : published;
          return this.driveFrom(entry, hold, looking, switchesLeft - 1);
        }
      }
      if (failure.kind !== 'quota') console.warn(`Download ${job.id} failed`, error);
      job.error = failure.message;
      job.errorKind = failure.kind;
      // Refused before a byte came: the empty file the picker made is not left behind.
      if (failure.kind === 'cors' && (await dropUnwrittenPickedFile(job, persist).catch(() => false))) {
        job.note = 'The empty file made at the place you picked was removed.';
      }
      // No space is not the download's fault: it waits, with its bytes, for the person to make room.
      return failure.kind === 'quota' ? 'no-space' : 'failed';
    }
  }

  /** The lock went away under a run (the browser refused it, say): the job cannot go on here. */
  private lost(entry: Entry, error: unknown): void {
    console.error('Could not run a download', error);
    entry.record.error = `Could not run the download: ${toDownloadError(error).message}`;
    void this.endRun(entry, 'failed');
  }

  private letGo(entry: Entry, hold: DrivingHold): void {
    if (entry.hold === hold) entry.hold = NO_HOLD;
    this.ports.changed(entry);
    this.ports.released();
  }
}

/** How many servers the job has: its link and its mirrors. */
function serversOf(job: JobRecord): number {
  return job.mirrors?.length ?? 1;
}

/** What the copy's outcome means for the job; `done` says how a good file ends its run. */
function settle(job: JobRecord, outcome: CopyOutcome, done: 'completed' | 'completed-kept'): RunEnd {
  switch (outcome.kind) {
    case 'needs-destination':
    case 'needs-permission':
      return 'save-blocked';
    case 'mismatch':
      job.sha256 = outcome.sha256;
      job.error = mismatchMessage(job, outcome.sha256, false);
      job.errorKind = 'integrity';
      return 'mismatch';
    case 'done':
      job.sha256 = outcome.sha256;
      job.error = null;
      job.errorKind = null;
      job.completedAt = Date.now();
      return done;
  }
}
