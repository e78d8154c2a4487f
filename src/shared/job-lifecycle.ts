/**
 * A job's life as one explicit state machine. Every event — a person's command, a message from
 * another tab, the page going away, the run ending by itself — in every phase has exactly one
 * outcome here: a next phase with the effects the engine must carry out, or a no-op with the
 * reason it does not apply. The engine keeps no other state about where a job is in its life.
 *
 * "This tab" is the tab whose engine holds the machine; only one tab at a time drives a job (it
 * holds the job's Web Lock), the others see it as `elsewhere`.
 */

import {
  isRunnable,
  phase,
  phaseOfStored,
  stopping,
  type Command,
  type Effect,
  type JobEvent,
  type Outcome,
  type Phase,
  type RunEnd,
  type StoredStatus,
} from './job-phases';

export * from './job-phases';

const to = (next: Phase, ...effects: Effect[]): Outcome => ({ applies: true, next, effects });
const no = (reason: string): Outcome => ({ applies: false, reason });

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
    case 'checksum-found':
      if (p.kind !== 'completed') return no('Only a saved file is checked against a checksum found after it.');
      // The saved file is left as it is, as on Remove; the row says it is not the published one.
      return event.matches ? to(p, 'save') : to(phase('failed'), 'save');
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
/** The staged file is the saved one: it stays, and the page hands it to the browser's downloads. */
const finishedKept = (): Outcome => to(phase('completed'), 'save', 'hand-over');

function onRunEnded(p: Phase, outcome: RunEnd): Outcome {
  if (p.kind === 'stopping') {
    // A file already saved stays saved: the run finished before the stop reached it.
    if (outcome === 'completed' || outcome === 'completed-kept') {
      if (p.then === 'removed') return to(phase('removed'), 'discard-staged', 'delete-record');
      return outcome === 'completed' ? finished() : finishedKept();
    }
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
    case 'completed-kept':
      return finishedKept();
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

/** Whether a person's command does something in this phase (rows offer only those). */
export function accepts(p: Phase, command: Command): boolean {
  return transition(p, { type: 'command', command }).applies;
}
