/**
 * The vocabulary of a job's lifecycle: the statuses it stores, its phases, the events that move
 * it and the effects they ask for, and which phase a stored status comes back as. What each
 * event does in each phase is in job-lifecycle.ts.
 */

/** Statuses as stored in IndexedDB; every tab reads them. */
export type StoredStatus =
  | 'queued'
  | 'downloading'
  /** Every byte is staged; the copy to the picked file is under way. */
  | 'saving'
  | 'paused'
  /** Every byte is staged; the copy waits for the person to pick a place or allow saving there. */
  | 'save-blocked'
  /** The first answer was a web page where a file was expected; the person decides. */
  | 'web-page'
  | 'failed'
  | 'canceled'
  | 'completed';

/** Where a stopping run goes once it has ended. */
export type StopTarget = 'paused' | 'canceled' | 'removed' | 'queued';

export type Phase =
  | { kind: 'queued' }
  /** The scheduler gave the job its turn; this tab is asking for the job's lock. */
  | { kind: 'starting' }
  | { kind: 'downloading' }
  | { kind: 'saving' }
  /** This tab's run was told to stop and has not ended yet. */
  | { kind: 'stopping'; then: StopTarget }
  /** Another tab drives the job; this tab waits in line to take over if that tab goes away. */
  | { kind: 'elsewhere' }
  | { kind: 'paused' }
  | { kind: 'save-blocked' }
  | { kind: 'web-page' }
  | { kind: 'failed' }
  | { kind: 'canceled' }
  | { kind: 'completed' }
  /** Its stored record could not be read; only Remove applies. */
  | { kind: 'damaged' }
  | { kind: 'removed' };

export type PhaseKind = Phase['kind'];

/** How a run of this tab ended. */
export type RunEnd =
  | 'completed'
  /**
   * Every byte is staged and checked, and no place was picked (a browser without save pickers):
   * the staged file is the saved one, kept until the job is removed, and goes to the browser's
   * own downloads.
   */
  | 'completed-kept'
  | 'failed'
  /** Every byte arrived but the file is not the one the person's checksum names. */
  | 'mismatch'
  /** The disk (the browser's quota) is full: the job waits, with its bytes, for room. */
  | 'no-space'
  | 'save-blocked'
  | 'web-page'
  /** It stopped because it was told to (its abort signal). */
  | 'stopped';

/** What a person (in this tab, or in another tab that forwarded it) asks of a job. */
export type Command =
  | 'pause'
  | 'resume'
  | 'cancel'
  | 'remove'
  /** Goes on from the staged bytes after a failure. */
  | 'retry'
  /** "Download again": from the first byte, whatever was staged or saved. */
  | 'restart'
  /** A new link, already shown to lead to the same file. */
  | 'change-url'
  /** The first answer was a web page and the person wants it all the same. */
  | 'keep-anyway'
  /** The person picked a place to save, or allowed saving to the one picked before. */
  | 'save-place-granted';

export type JobEvent =
  | { type: 'command'; command: Command }
  /** The scheduler gives the job its turn. */
  | { type: 'start' }
  /** This tab holds the job's lock; `stored` is the record's status read afterwards (null: gone). */
  | { type: 'lock-acquired'; stored: StoredStatus | null }
  /** Another tab holds the job's lock. */
  | { type: 'lock-busy' }
  /** Another tab says it is driving the job (its live figures arrived). */
  | { type: 'remote-progress' }
  /** Another tab stored the job's record anew (null: it deleted it). */
  | { type: 'stored-changed'; stored: StoredStatus | null }
  /** Every byte is staged; what is left is the copy to the picked file. */
  | { type: 'all-staged' }
  | { type: 'run-ended'; outcome: RunEnd }
  /**
   * A checksum its publisher put beside the file arrived after this tab's run saved it; `matches`
   * says whether the saved file is the one it names.
   */
  | { type: 'checksum-found'; matches: boolean }
  /** The page is going away (reload, tab closed): stop, keep every byte, carry on next time. */
  | { type: 'unload' };

export type Effect =
  /** Ask for the job's lock without waiting; answer with lock-acquired or lock-busy. */
  | 'request-lock'
  /** Queue for the job's lock behind the tab that holds it; answer with lock-acquired. */
  | 'wait-for-lock'
  /** Leave the queue for the lock. */
  | 'stop-waiting'
  /** Hold the lock and run the job (download, then copy); answer with all-staged and run-ended. */
  | 'run'
  /** Abort this tab's run; it answers with run-ended. */
  | 'abort-run'
  /** Ask the tab that drives the job to carry out the command. */
  | 'forward'
  /** Delete the staged bytes and forget what was learned of the remote file. */
  | 'discard-staged'
  /** Forget the failure or note shown on the row. */
  | 'clear-failure'
  /** Use the link the command carried. */
  | 'set-url'
  /** Accept a web page as the file. */
  | 'accept-web-page'
  /** Take the stored record as this tab's version. */
  | 'adopt-stored'
  /** Store the record with its new status and tell the other tabs. */
  | 'save'
  /** Hand the kept staged file to this tab's page, which gives it to the browser's downloads. */
  | 'hand-over'
  /** Delete the record, tell the other tabs and the page. */
  | 'delete-record'
  /** Drop the job from this tab only (another tab deleted it). */
  | 'forget';

export type Outcome = { applies: true; next: Phase; effects: readonly Effect[] } | { applies: false; reason: string };
export const phase = <K extends Exclude<PhaseKind, 'stopping'>>(kind: K): Phase => ({ kind }) as Phase;
export const stopping = (then: StopTarget): Phase => ({ kind: 'stopping', then });

/** Phases in which this tab's run exists (or is about to): it must end before the job moves on. */
export function isDriving(p: Phase): boolean {
  return p.kind === 'starting' || p.kind === 'downloading' || p.kind === 'saving' || p.kind === 'stopping';
}

/** Phases a stored status comes back as when this tab reads the record. */
export function phaseOfStored(status: StoredStatus): Phase {
  switch (status) {
    // A run found stored as running belonged to a page that went away: it goes on from its bytes.
    case 'queued':
    case 'downloading':
    case 'saving':
      return phase('queued');
    default:
      return phase(status);
  }
}

/** The status to store for a phase; null while the phase is not this tab's to store. */
export function storedStatusOf(p: Phase): StoredStatus | null {
  switch (p.kind) {
    case 'queued':
    case 'starting':
      return 'queued';
    case 'stopping':
    case 'elsewhere':
    case 'damaged':
    case 'removed':
      return null;
    default:
      return p.kind;
  }
}

export function isRunnable(stored: StoredStatus): boolean {
  return stored === 'queued' || stored === 'downloading' || stored === 'saving';
}

/** Every phase, for exhaustive checks. */
export const ALL_PHASES: readonly Phase[] = [
  phase('queued'),
  phase('starting'),
  phase('downloading'),
  phase('saving'),
  stopping('paused'),
  stopping('canceled'),
  stopping('removed'),
  stopping('queued'),
  phase('elsewhere'),
  phase('paused'),
  phase('save-blocked'),
  phase('web-page'),
  phase('failed'),
  phase('canceled'),
  phase('completed'),
  phase('damaged'),
  phase('removed'),
];
