import type { JobEvent, Outcome } from '../../shared/job-lifecycle';
import type { Settings } from '../../shared/settings';
import type { JobView } from '../../shared/types';
import type { JobRecord } from '../storage/job-record';
import { loadJob } from '../storage/job-store';
import { TabLink } from '../tabs/tab-link';
import type { ForwardedCommand, TabMessage } from '../tabs/tab-message';
import type { Entry, JobTable } from './job-table';

/** What tab coordination needs of the engine around it. */
export interface TabPorts {
  table: JobTable;
  ready: Promise<void>;
  dispatch(entry: Entry, event: JobEvent, stored?: JobRecord | null): Outcome;
  /** Adds a job another tab created. */
  adopt(record: JobRecord): void;
  changed(entry: Entry): void;
  applySettings(settings: Settings): void;
}

/**
 * Keeps the open tabs of the app in step: records one tab stores are read again by the others,
 * the tab that drives a job shares its live figures, and the others ask it to stop a job rather
 * than touching it themselves. Every message is checked before it is believed (tab-message.ts).
 */
export class TabSync {
  private readonly link = new TabLink((message) => this.receive(message));

  constructor(private readonly ports: TabPorts) {}

  /** Records this tab stored anew (a new job, a new status): the other tabs read them again. */
  changed(ids: string[]): void {
    this.link.post({ type: 'changed', ids });
  }

  removed(ids: string[]): void {
    this.link.post({ type: 'removed', ids });
  }

  settings(settings: Settings): void {
    this.link.post({ type: 'settings', settings });
  }

  /** The live figures of the jobs this tab drives. */
  views(jobs: JobView[]): void {
    this.link.post({ type: 'views', jobs });
  }

  /** Asks the tab that drives the job to carry the command out. */
  forward(id: string, action: ForwardedCommand): void {
    this.link.post({ type: 'command', id, action });
  }

  private receive(message: TabMessage): void {
    switch (message.type) {
      case 'views':
        for (const view of message.jobs) this.remoteProgress(view);
        return;
      case 'changed':
        for (const id of message.ids) void this.refresh(id);
        return;
      case 'removed':
        for (const id of message.ids) {
          const entry = this.ports.table.get(id);
          if (entry) this.ports.dispatch(entry, { type: 'stored-changed', stored: null });
        }
        return;
      case 'settings':
        this.ports.applySettings(message.settings);
        return;
      case 'command': {
        // Only the tab that drives the job acts on it; the others ignore the request.
        const entry = this.ports.table.get(message.id);
        if (entry?.hold.kind === 'driving') this.ports.dispatch(entry, { type: 'command', command: message.action });
        return;
      }
    }
  }

  private remoteProgress(view: JobView): void {
    const entry = this.ports.table.get(view.id);
    if (!entry) {
      void this.refresh(view.id);
      return;
    }
    if (!this.ports.dispatch(entry, { type: 'remote-progress' }).applies) return;
    if (entry.hold.kind === 'waiting') entry.hold.remote = view;
    this.ports.changed(entry);
  }

  /** Another tab stored this record: take its version (the lifecycle says when). */
  private async refresh(id: string): Promise<void> {
    await this.ports.ready;
    const stored = await loadJob(id);
    const entry = this.ports.table.get(id);
    if (entry) this.ports.dispatch(entry, { type: 'stored-changed', stored: stored?.status ?? null }, stored);
    else if (stored) this.ports.adopt(stored);
  }
}
