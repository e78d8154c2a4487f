import { positionOf, reorder, type Move } from '../../shared/job-order';
import { SETTING_BOUNDS } from '../../shared/settings';
import type { CommandAnswer } from '../api';
import { runOf, type Entry, type JobTable } from './job-table';

/** What the edits need from the engine: the table, storage, the page, other tabs, the scheduler. */
export interface LineEditPorts {
  table: JobTable;
  save(entry: Entry): Promise<void>;
  /** The rows of these jobs changed: tell the page now and other tabs too. */
  changed(entries: readonly Entry[]): void;
  schedule(): void;
}

/** The most a per-job limit may be: the same bound as its default in Settings. */
const MAX_LIMIT = SETTING_BOUNDS.jobSpeedLimitMBps.max;

/**
 * Changes to a job that are not steps of its lifecycle: its place in line and its own speed
 * limit. Both are stored with the job, so they survive a reload, and apply at once.
 */
export class LineEdits {
  constructor(private readonly ports: LineEditPorts) {}

  /** Moves `entry` one place up or down in line, or to the front. */
  async move(entry: Entry, move: Move): Promise<void> {
    const { table } = this.ports;
    const line = table.list().map((e) => ({ id: e.id, position: positionOf(e.record) }));
    const moved = reorder(line, entry.id, move).flatMap(({ id, position }) => {
      const other = table.get(id);
      if (other) other.record.position = position;
      return other ? [other] : [];
    });
    await Promise.all(moved.map((e) => this.ports.save(e)));
    this.ports.changed(moved);
    this.ports.schedule();
  }

  /** Sets `entry`'s own limit in MiB/s (0: none); a running job slows or speeds up at its next chunk. */
  async setSpeedLimit(entry: Entry, mibPerSecond: number): Promise<CommandAnswer> {
    if (!Number.isFinite(mibPerSecond) || mibPerSecond < 0 || mibPerSecond > MAX_LIMIT) {
      return `The speed limit must be a number from 0 to ${MAX_LIMIT} MiB/s.`;
    }
    entry.record.speedLimit = mibPerSecond;
    runOf(entry)?.setSpeedLimit(mibPerSecond);
    await this.ports.save(entry);
    this.ports.changed([entry]);
    return null;
  }
}
