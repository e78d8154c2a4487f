import { positionOf } from '../../shared/job-order';
import { isDriving, type Phase } from '../../shared/job-lifecycle';
import type { JobView } from '../../shared/types';
import type { DownloadRun } from '../run/download-run';
import type { JobRecord } from '../storage/job-record';

/**
 * What this tab holds of a job besides its record. It follows the job's phase: a driving hold
 * exactly while the phase is one of this tab's run (starting, downloading, saving, stopping), a
 * waiting hold while another tab drives it (elsewhere), none otherwise. Two moments bend this by
 * design, both inside one task: the hold becomes driving just before the lock-acquired event
 * moves the phase, and stays driving from the run's end until its task has let go of the lock.
 */
export type Hold =
  | { kind: 'none' }
  | DrivingHold
  | WaitingHold;

export interface DrivingHold {
  kind: 'driving';
  /** Aborts the run (and a lock request still pending). */
  controller: AbortController;
  run: DownloadRun | null;
  /** Settles once the lock is let go. */
  task: Promise<void>;
}

export interface WaitingHold {
  kind: 'waiting';
  /** Gives up the place in line for the lock. */
  controller: AbortController;
  /** The driving tab's latest figures for the job. */
  remote: JobView | null;
}

export const NO_HOLD: Hold = { kind: 'none' };

export interface Entry {
  readonly id: string;
  record: JobRecord;
  phase: Phase;
  hold: Hold;
  /** Settles when every write of this record asked for so far has. */
  saved: Promise<void>;
}

export function newEntry(record: JobRecord, phase: Phase): Entry {
  return { id: record.id, record, phase, hold: NO_HOLD, saved: Promise.resolve() };
}

/** The job's run in this tab, if it has one. */
export function runOf(entry: Entry): DownloadRun | null {
  return entry.hold.kind === 'driving' ? entry.hold.run : null;
}

/** Says what breaks the rule written on Hold; null when the entry keeps it. */
export function holdMismatch(entry: Entry): string | null {
  if (isDriving(entry.phase) && entry.hold.kind !== 'driving') return `${entry.phase.kind} without a run`;
  if (entry.hold.kind === 'waiting' && entry.phase.kind !== 'elsewhere') return `waiting for the lock while ${entry.phase.kind}`;
  return null;
}

/** Every job this tab knows, in the order they were added. */
export class JobTable {
  private readonly entries = new Map<string, Entry>();

  get(id: string): Entry | undefined {
    return this.entries.get(id);
  }

  add(entry: Entry): void {
    this.entries.set(entry.id, entry);
  }

  delete(id: string): void {
    this.entries.delete(id);
  }

  /** In line: the order they were added (pasted) unless the person moved them; they start in it. */
  list(): Entry[] {
    return [...this.entries.values()].sort((a, b) => positionOf(a.record) - positionOf(b.record));
  }
}
