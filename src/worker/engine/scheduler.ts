import { isDriving } from '../../shared/job-lifecycle';
import type { Entry, JobTable } from './job-table';

/**
 * Decides which queued jobs start, in list order, up to a number running at once. Connections
 * within a server are shared out by the ConnectionBudget; this only caps how many jobs run.
 */
export class Scheduler {
  private pending = false;
  /** Set while the page is going away: nothing new starts until it has had time to go. */
  private suspended: ReturnType<typeof setTimeout> | null = null;

  constructor(
    private readonly table: JobTable,
    /** How many jobs may run at once (the setting, read at every pass). */
    private readonly maxRunning: () => number,
    private readonly start: (entry: Entry) => void,
  ) {}

  /** Looks for jobs to start once the current task is done (many changes, one pass). */
  schedule(): void {
    if (this.pending) return;
    this.pending = true;
    queueMicrotask(() => {
      this.pending = false;
      this.startWhatFits();
    });
  }

  /** Starts nothing for `ms`; a page that said it was going away but stayed then carries on. */
  suspend(ms: number): void {
    if (this.suspended !== null) clearTimeout(this.suspended);
    this.suspended = setTimeout(() => {
      this.suspended = null;
      this.schedule();
    }, ms);
  }

  private startWhatFits(): void {
    if (this.suspended !== null) return;
    const entries = this.table.list();
    let running = entries.filter((e) => isDriving(e.phase)).length;
    const most = this.maxRunning();
    for (const entry of entries) {
      if (running >= most) return;
      // A job whose last run is still letting go of its lock starts once it has.
      if (entry.phase.kind !== 'queued' || entry.hold.kind !== 'none') continue;
      this.start(entry);
      running++;
    }
  }
}
