import type { Command, Effect } from '../../shared/job-lifecycle';
import { forgetStagedProgress, setLink, type JobRecord } from '../storage/job-record';
import { deleteJob } from '../storage/job-store';
import { deleteStagedFile } from '../storage/staging';
import type { ForwardedCommand } from '../tabs/tab-message';
import type { JobDriver } from './job-driver';
import type { Entry, JobTable } from './job-table';
import type { ProgressFeed } from './progress-feed';
import type { RecordKeeper } from './record-keeper';
import type { TabSync } from './tab-sync';

export interface EffectPorts {
  driver: JobDriver;
  records: RecordKeeper;
  tabs: TabSync;
  table: JobTable;
  feed: ProgressFeed;
}

/** What the event that caused the effects carried. */
export interface EffectData {
  /** The record as stored, read for lock-acquired and stored-changed. */
  stored?: JobRecord | null;
  /** A new link, checked to lead to the same file. */
  url?: string;
  command?: Command;
}

function isForwarded(command: Command | undefined): command is ForwardedCommand {
  return command === 'pause' || command === 'cancel' || command === 'remove';
}

/**
 * Carries out the lifecycle's effects on one job, in the order given. Changes to the record and
 * to what this tab holds happen at once, so the next event already sees them; writes and
 * deletions are queued, and the promise settles when they have landed. Staged bytes are deleted
 * only after the record that no longer counts them is stored (or deleted): a crash in between
 * leaves an orphan that the next start sweeps away, never a record pointing at lost bytes.
 */
export function applyEffects(entry: Entry, effects: readonly Effect[], data: EffectData, ports: EffectPorts): Promise<void> {
  let written: Promise<void> = Promise.resolve();
  let discard = false;
  for (const effect of effects) {
    switch (effect) {
      case 'request-lock':
        ports.driver.requestLock(entry);
        break;
      case 'wait-for-lock':
        ports.driver.waitForLock(entry);
        break;
      case 'stop-waiting':
        ports.driver.stopWaiting(entry);
        break;
      case 'run':
        // Carried out by the lock holder that dispatched lock-acquired (job-driver.ts).
        break;
      case 'abort-run':
        ports.driver.abort(entry, entry.phase.kind === 'stopping' ? entry.phase.then : 'stop');
        break;
      case 'forward':
        if (isForwarded(data.command)) ports.tabs.forward(entry.id, data.command);
        break;
      case 'discard-staged':
        forgetStagedProgress(entry.record);
        discard = true;
        break;
      case 'clear-failure':
        entry.record.error = null;
        entry.record.errorKind = null;
        break;
      case 'set-url':
        if (data.url !== undefined) setLink(entry.record, data.url);
        break;
      case 'accept-web-page':
        entry.record.allowWebPage = true;
        break;
      case 'adopt-stored':
        if (data.stored) entry.record = data.stored;
        break;
      case 'save':
        written = ports.records.save(entry).then(() => ports.tabs.changed([entry.id]));
        break;
      case 'hand-over':
        // Once the record says completed: a reload after the hand-over must not show it running.
        written = written.then(() => ports.feed.handOver(entry.id, entry.record.savedAs ?? entry.record.name));
        break;
      case 'delete-record':
        written = deleteRecord(entry, ports);
        break;
      case 'forget':
        ports.table.delete(entry.id);
        ports.feed.removed(entry.id);
        break;
    }
  }
  const done = discard ? written.then(() => deleteStagedFile(entry.id)) : written;
  // Awaited by a command's caller when there is one; logged here either way.
  done.catch((error: unknown) => console.warn(`Could not store the change of ${entry.id}`, error));
  return done;
}

async function deleteRecord(entry: Entry, ports: EffectPorts): Promise<void> {
  ports.table.delete(entry.id);
  ports.feed.removed(entry.id);
  await entry.saved.catch(() => undefined);
  await deleteJob(entry.id);
  ports.tabs.removed([entry.id]);
}
