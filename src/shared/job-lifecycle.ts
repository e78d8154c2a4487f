/**
 * A job's life as one explicit state machine. Every event — a person's command, a message from
 * another tab, the page going away, the run ending by itself — in every phase has exactly one
 * outcome here: a next phase with the effects the engine must carry out, or a no-op with the
 * reason it does not apply. The engine keeps no other state about where a job is in its life.
 *
 * "This tab" is the tab whose engine holds the machine; only one tab at a time drives a job (it
 * holds the job's Web Lock), the others see it as `elsewhere`.
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
  /** Delete the record, tell the other tabs and the page. */
  | 'delete-record'
  /** Drop the job from this tab only (another tab deleted it). */
  | 'forget';

export type Outcome = { applies: true; next: Phase; effects: readonly Effect[] } | { applies: false; reason: string };

const to = (next: Phase, ...effects: Effect[]): Outcome => ({ applies: true, next, effects });
const no = (reason: string): Outcome => ({ applies: false, reason });
const phase = <K extends Exclude<PhaseKind, 'stopping'>>(kind: K): Phase => ({ kind }) as Phase;
const stopping = (then: StopTarget): Phase => ({ kind: 'stopping', then });

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

function isRunnable(stored: StoredStatus): boolean {
  return stored === 'queued' || stored === 'downloading' || stored === 'saving';
}

/** The one outcome of `event` in phase `p`. */
export function transition(p: Phase, event: JobEvent): Outcome {
  switch (event.type) {
    case 'command':
      return onCommand(p, event.command);
    case 'start':
      return p.kind === 'queued' ? to(phase('starting'), 'request-lock') : no('Only a queued download can start.');
    case 'lock-acquired':
      return onLockAcquired(p, event.stored);
    case 'lock-busy':
      return p.kind === 'starting' ? to(phase('elsewhere'), 'wait-for-lock') : no('Not asking for the lock.');
    case 'remote-progress':
      return onRemoteProgress(p);
    case 'stored-changed':
      return onStoredChanged(p, event.stored);
    case 'all-staged':
      return p.kind === 'downloading' ? to(phase('saving'), 'save') : no('Not downloading.');
    case 'run-ended':
      return onRunEnded(p, event.outcome);
    case 'unload':
      return p.kind === 'starting' || p.kind === 'downloading' || p.kind === 'saving'
        ? to(stopping('queued'), 'abort-run')
        : no('Nothing of it runs in this tab.');
  }
}

function onLockAcquired(p: Phase, stored: StoredStatus | null): Outcome {
  if (p.kind !== 'starting' && p.kind !== 'elsewhere') return no('The lock is not wanted now.');
  // The record is read again once the lock is held: the tab that held it may have moved it on.
  if (stored === null) return to(phase('removed'), 'forget');
  if (isRunnable(stored)) return to(phase('downloading'), 'adopt-stored', 'run');
  return to(phaseOfStored(stored), 'adopt-stored');
}

function onRemoteProgress(p: Phase): Outcome {
  switch (p.kind) {
    case 'elsewhere':
      return to(p);
    case 'queued':
    case 'paused':
    case 'save-blocked':
    case 'web-page':
    case 'failed':
    case 'canceled':
    case 'completed':
      // Another tab is driving it: this tab's record is older than that tab's.
      return to(phase('elsewhere'), 'wait-for-lock');
    case 'starting':
      return no('This tab is asking for the lock; its answer decides.');
    case 'downloading':
    case 'saving':
    case 'stopping':
      return no('This tab drives the job.');
    case 'damaged':
      return no('This entry is damaged.');
    case 'removed':
      return no('It was removed.');
  }
}

function onStoredChanged(p: Phase, stored: StoredStatus | null): Outcome {
  switch (p.kind) {
    case 'starting':
      return no('This tab reads the record once it holds the lock.');
    case 'downloading':
    case 'saving':
    case 'stopping':
      return no('This tab drives the job; its own record is the latest.');
    case 'removed':
      return no('It was removed.');
    case 'elsewhere':
      if (stored === null) return to(phase('removed'), 'stop-waiting', 'forget');
      // Still running there: keep the place in line.
      if (isRunnable(stored)) return to(p, 'adopt-stored');
      return to(phaseOfStored(stored), 'stop-waiting', 'adopt-stored');
    default:
      if (stored === null) return to(phase('removed'), 'forget');
      return to(phaseOfStored(stored), 'adopt-stored');
  }
}

/** The staged bytes go once the record says completed: a crash in between leaves only an orphan. */
const finished = (): Outcome => to(phase('completed'), 'save', 'discard-staged');

function onRunEnded(p: Phase, outcome: RunEnd): Outcome {
  if (p.kind === 'stopping') {
    // A file already saved stays saved: the run finished before the stop reached it.
    if (outcome === 'completed') return p.then === 'removed' ? to(phase('removed'), 'discard-staged', 'delete-record') : finished();
    switch (p.then) {
      case 'paused':
        return to(phase('paused'), 'save');
      case 'canceled':
        return to(phase('canceled'), 'discard-staged', 'save');
      case 'removed':
        return to(phase('removed'), 'discard-staged', 'delete-record');
      case 'queued':
        return to(phase('queued'), 'save');
    }
  }
  if (p.kind !== 'starting' && p.kind !== 'downloading' && p.kind !== 'saving') return no('No run of this tab is under way.');
  switch (outcome) {
    case 'completed':
      return finished();
    case 'failed':
      return to(phase('failed'), 'save');
    case 'mismatch':
      // Bytes that are not the expected file are worth nothing: Retry fetches them anew.
      return to(phase('failed'), 'discard-staged', 'save');
    case 'no-space':
      return to(phase('paused'), 'save');
    case 'save-blocked':
      return to(phase('save-blocked'), 'save');
    case 'web-page':
      return to(phase('web-page'), 'save');
    case 'stopped':
      // Nobody asked it to stop (nothing else aborts a run): it goes back in line.
      return to(phase('queued'), 'save');
  }
}

function onCommand(p: Phase, command: Command): Outcome {
  switch (command) {
    case 'pause':
      return pause(p);
    case 'resume':
      if (p.kind === 'paused') return to(phase('queued'), 'clear-failure', 'save');
      if (p.kind === 'stopping' && p.then === 'paused') return to(stopping('queued'));
      return no(p.kind === 'failed' ? 'It failed; Retry goes on from its bytes.' : 'It is not paused.');
    case 'cancel':
      return cancel(p);
    case 'remove':
      return remove(p);
    case 'retry':
      return p.kind === 'failed' ? to(phase('queued'), 'clear-failure', 'save') : no('Only a failed download can be retried.');
    case 'restart':
      return p.kind === 'canceled' || p.kind === 'failed' || p.kind === 'completed'
        ? to(phase('queued'), 'discard-staged', 'clear-failure', 'save')
        : no('Only a finished, failed or canceled download can be downloaded again.');
    case 'change-url':
      return changeUrl(p);
    case 'keep-anyway':
      return p.kind === 'web-page' ? to(phase('queued'), 'accept-web-page', 'clear-failure', 'save') : no('There is no web page to keep.');
    case 'save-place-granted':
      return p.kind === 'save-blocked' ? to(phase('queued'), 'clear-failure', 'save') : no('It is not waiting for a place to save.');
  }
}

/** Why a command finds nothing to act on in a phase where the job has come to rest. */
function atRest(p: Phase, doing: string): string {
  switch (p.kind) {
    case 'damaged':
      return 'This entry is damaged; only Remove applies.';
    case 'removed':
      return 'It was removed.';
    case 'completed':
      return `It is already saved; nothing to ${doing}.`;
    default:
      return `It is ${p.kind.replace('-', ' ')}; nothing to ${doing}.`;
  }
}

function pause(p: Phase): Outcome {
  switch (p.kind) {
    case 'queued':
      return to(phase('paused'), 'save');
    case 'starting':
    case 'downloading':
    case 'saving':
      return to(stopping('paused'), 'abort-run');
    case 'stopping':
      return p.then === 'queued' ? to(stopping('paused')) : no(`It is already stopping (${p.then}).`);
    case 'elsewhere':
      return to(p, 'forward');
    default:
      return no(atRest(p, 'pause'));
  }
}

function cancel(p: Phase): Outcome {
  switch (p.kind) {
    case 'queued':
    case 'paused':
    case 'save-blocked':
    case 'web-page':
    case 'failed':
      return to(phase('canceled'), 'discard-staged', 'save');
    case 'starting':
    case 'downloading':
    case 'saving':
      return to(stopping('canceled'), 'abort-run');
    case 'stopping':
      return p.then === 'paused' || p.then === 'queued' ? to(stopping('canceled')) : no(`It is already stopping (${p.then}).`);
    case 'elsewhere':
      return to(p, 'forward');
    default:
      return no(atRest(p, 'cancel'));
  }
}

function remove(p: Phase): Outcome {
  switch (p.kind) {
    case 'starting':
    case 'downloading':
    case 'saving':
      return to(stopping('removed'), 'abort-run');
    case 'stopping':
      return p.then === 'removed' ? no('It is already being removed.') : to(stopping('removed'));
    case 'elsewhere':
      return to(p, 'forward');
    case 'removed':
      return no('It was removed.');
    default:
      // A saved file is never touched: only the entry and its staged bytes go.
      return to(phase('removed'), 'discard-staged', 'delete-record');
  }
}

function changeUrl(p: Phase): Outcome {
  switch (p.kind) {
    case 'queued':
    case 'paused':
    case 'failed':
    case 'web-page':
      return to(phase('queued'), 'set-url', 'clear-failure', 'save');
    case 'starting':
    case 'downloading':
      return to(stopping('queued'), 'set-url', 'abort-run');
    case 'saving':
    case 'save-blocked':
      return no('Every byte is already here; the link is no longer needed.');
    case 'stopping':
      return no('It is stopping; change the link once it has.');
    case 'elsewhere':
      return no('Another tab is downloading it; change the link there.');
    case 'canceled':
      return no('It was canceled; Download again starts it anew.');
    default:
      return no(atRest(p, 'change'));
  }
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

/** Whether a person's command does something in this phase (rows offer only those). */
export function accepts(p: Phase, command: Command): boolean {
  return transition(p, { type: 'command', command }).applies;
}
