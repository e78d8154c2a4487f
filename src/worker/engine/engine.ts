import { chooseFileName } from '../../shared/file-name';
import { DEFAULT_SETTINGS, type Settings } from '../../shared/settings';
import { TokenBucket } from '../../shared/token-bucket';
import type { EngineEvent, JobView, UrlEntry } from '../../shared/types';
import { ConnectionBudget } from '../net/connection-budget';
import { DownloadRun } from '../run/download-run';
import { toDownloadError } from '../download-error';
import { exportStagedFile, type ExportOutcome } from '../copy/staged-copy';
import { forgetRemoteFile, newJobRecord, type Destination, type JobRecord } from '../storage/job-record';
import { deleteJob, loadJob, loadJobs, loadSettings, saveJobs, saveSettings } from '../storage/job-store';
import { ProgressFeed } from './progress-feed';
import { RecordBatches } from '../storage/job-record-writer';
import { isActive } from '../../shared/job-status';
import { jobView } from './job-view';
import { checkNewLink } from '../net/new-link-check';
import { deleteStagedFile, removeOrphanedStagedFiles } from '../storage/staging';
import { jobLockName, TabLink, type TabMessage } from '../tabs/tab-link';

type StopReason = 'pause' | 'cancel' | 'remove' | 'unload' | 'change-url';
type Listener = (event: EngineEvent) => unknown;

interface Entry {
  record: JobRecord;
  run: DownloadRun | null;
  controller: AbortController | null;
  /** This tab is trying to drive, or driving, the job. */
  task: Promise<void> | null;
  /** Another tab drives the job; `waiting` holds this tab's place in line to take over. */
  elsewhere: boolean;
  waiting: AbortController | null;
  /** The driving tab's latest figures for the job. */
  remote: JobView | null;
  /** Saves of one job are applied in order; each writes the record as it is when its turn comes. */
  saving: Promise<void>;
  removed: boolean;
}

/** A page that said it was going away but is still here after this long carries on downloading. */
const UNLOAD_GRACE_MS = 3000;

/** Owns every download: its record, its run, its status, and what subscribers are told. */
export class Engine {
  private readonly entries = new Map<string, Entry>();
  private settings: Settings = { ...DEFAULT_SETTINGS };
  private readonly budget = new ConnectionBudget(DEFAULT_SETTINGS.connectionsPerServer);
  private readonly bucket = new TokenBucket(0);
  private readonly ready: Promise<void>;
  /** Set while the page is going away: nothing new starts. */
  private suspendedUntilWake: ReturnType<typeof setTimeout> | null = null;
  private readonly tabs = new TabLink((message) => this.onTabMessage(message));
  private readonly records = new RecordBatches();
  private readonly feed = new ProgressFeed(
    (id) => {
      const entry = this.entries.get(id);
      return entry ? this.view(entry) : null;
    },
    () => [...this.entries.values()].filter((e) => e.run).map((e) => e.record.id),
    (jobs) => this.tabs.post({ type: 'views', jobs }),
  );

  /**
   * Up to 12 jobs at once: small files spend most of their time on round trips to the browser's
   * storage, not on bandwidth; connections still go to the earliest jobs first (ConnectionBudget).
   */
  constructor(private readonly maxActiveJobs = 12) {
    this.ready = this.restore();
    this.ready.catch((error: unknown) => console.error('Could not load saved downloads', error));
  }

  /** Unfinished jobs carry on by themselves after a reload; paused ones wait for Resume. */
  private async restore(): Promise<void> {
    this.applySettings(await loadSettings());
    const records = await loadJobs();
    for (const record of records) {
      if (record.status === 'downloading') record.status = 'queued';
      this.entries.set(record.id, newEntry(record));
    }
    // Read the ids when sweeping, not before: another tab may have added a job meanwhile.
    await removeOrphanedStagedFiles(async () => new Set((await loadJobs()).filter((r) => r.status !== 'completed').map((r) => r.id)));
    this.schedule();
  }

  private onTabMessage(message: TabMessage): void {
    switch (message.type) {
      case 'views':
        for (const view of message.jobs) {
          const entry = this.entries.get(view.id);
          if (!entry) {
            void this.reload(view.id);
          } else if (!entry.task) {
            entry.remote = view;
            entry.elsewhere = true;
            this.touch(entry);
          }
        }
        return;
      case 'changed':
        for (const id of message.ids) void this.reload(id);
        return;
      case 'removed':
        for (const id of message.ids) this.forget(id);
        return;
      case 'settings':
        this.applySettings(message.settings);
        return;
      case 'command': {
        const entry = this.entries.get(message.id);
        // Only the tab that drives the job acts on it; the others ignore the request.
        if (entry?.task) void this[message.action](message.id).catch((error: unknown) => console.warn(error));
        return;
      }
    }
  }

  /** Another tab changed this record: take its version unless this tab is the one driving it. */
  private async reload(id: string): Promise<void> {
    await this.ready;
    const stored = await loadJob(id);
    if (!stored) return;
    const entry = this.entries.get(id);
    if (!entry) {
      const added = newEntry(stored);
      this.entries.set(id, added);
      this.touch(added);
    } else if (!entry.task) {
      entry.record = stored;
      this.touch(entry);
    }
    this.schedule();
  }

  /** Drops a job another tab removed. */
  private forget(id: string): void {
    const entry = this.entries.get(id);
    if (!entry || entry.task) return;
    entry.removed = true;
    entry.waiting?.abort();
    this.entries.delete(id);
    this.feed.removed(id);
  }

  /** Records this tab changed status or settings in: the other tabs read them again. */
  private notify(ids: string[]): void {
    this.tabs.post({ type: 'changed', ids });
  }

  async subscribe(listener: Listener): Promise<void> {
    await this.ready;
    this.feed.subscribe(listener, [...this.entries.values()].map((e) => this.view(e)));
  }

  async add(entries: UrlEntry[], destination: Destination | null): Promise<string[]> {
    await this.ready;
    const now = Date.now();
    const added = entries.map(({ url, sha256 }, i) => {
      const name = destination?.kind === 'file' ? destination.handle.name : chooseFileName(null, url);
      // Apart by a microsecond each, so the list keeps the order they were pasted in.
      const record = newJobRecord(crypto.randomUUID(), url, name, now + i / 1000);
      record.destination = destination;
      record.expectedSha256 = sha256 ?? null;
      return newEntry(record);
    });
    // All stored in one transaction before any starts (their records come before their bytes).
    await Promise.all(added.map((entry) => this.save(entry)));
    const ids = added.map((entry) => {
      this.entries.set(entry.record.id, entry);
      this.touch(entry);
      return entry.record.id;
    });
    this.notify(ids);
    this.schedule();
    return ids;
  }

  async getSettings(): Promise<Settings> {
    await this.ready;
    return { ...this.settings };
  }

  async saveSettings(settings: Settings): Promise<void> {
    await this.ready;
    await saveSettings(settings);
    this.applySettings(settings);
    this.tabs.post({ type: 'settings', settings });
  }

  private applySettings(settings: Settings): void {
    this.settings = settings;
    this.budget.setLimit(settings.connectionsPerServer);
    this.bucket.setRate(settings.speedLimitMBps * 1e6);
  }

  /** Stops, cancels or removes a job another tab drives by asking that tab; false when none does. */
  private forward(entry: Entry, action: 'pause' | 'cancel' | 'remove'): boolean {
    if (entry.task || !entry.elsewhere || entry.remote === null || !isActive(entry.record.status)) return false;
    this.tabs.post({ type: 'command', id: entry.record.id, action });
    return true;
  }

  async pause(id: string): Promise<void> {
    const entry = await this.entry(id);
    if (this.forward(entry, 'pause')) return;
    if (entry.task) {
      await this.stop(entry, 'pause');
    } else if (entry.record.status === 'queued' || entry.record.status === 'saving') {
      await this.setStatus(entry, 'paused');
    }
  }

  async resume(id: string): Promise<void> {
    await this.requeue(id, 'paused');
  }

  async retry(id: string): Promise<void> {
    await this.requeue(id, 'failed');
  }

  /** Puts a job that is `from` back in the queue; it goes on from its staged bytes. */
  private async requeue(id: string, from: JobRecord['status']): Promise<void> {
    const entry = await this.entry(id);
    if (entry.record.status !== from) return;
    this.clearError(entry.record);
    await this.setStatus(entry, 'queued');
    this.schedule();
  }

  /** Stops the job and throws its staged bytes away; the row stays, with Retry to start over. */
  async cancel(id: string): Promise<void> {
    const entry = await this.entry(id);
    if (entry.record.status === 'completed' || this.forward(entry, 'cancel')) return;
    if (entry.task) await this.stop(entry, 'cancel');
    await this.discardProgress(entry);
    entry.record.error = 'Canceled';
    entry.record.errorKind = 'canceled';
    await this.setStatus(entry, 'failed');
  }

  /** Takes the job off the list; a saved file is never touched. */
  async remove(id: string): Promise<void> {
    const entry = await this.entry(id);
    if (this.forward(entry, 'remove')) return;
    if (entry.task) await this.stop(entry, 'remove');
    entry.removed = true;
    entry.waiting?.abort();
    await entry.saving;
    this.entries.delete(id);
    await deleteStagedFile(id);
    await deleteJob(id);
    this.feed.removed(id);
    this.tabs.post({ type: 'removed', ids: [id] });
  }

  /**
   * Carries on from the staged bytes with a fresh link, once it is shown to lead to the same
   * file. Returns null when it does, or the reason it cannot (also shown on the row).
   */
  async changeUrl(id: string, text: string): Promise<string | null> {
    const entry = await this.entry(id);
    if (entry.task) await this.stop(entry, 'change-url');
    const job = entry.record;
    const check = await checkNewLink(job, text);
    if (!check.ok) {
      job.error = check.reason;
      await this.save(entry);
      this.touch(entry);
      return check.reason;
    }
    job.url = check.url;
    job.note = 'Carrying on from the new link';
    this.clearError(job);
    await this.setStatus(entry, 'queued');
    this.schedule();
    return null;
  }

  /** The person picked where a job without a destination goes. */
  async setDestination(id: string, destination: Destination): Promise<void> {
    const entry = await this.entry(id);
    entry.record.destination = destination;
    entry.record.savedAs = null;
    if (destination.kind === 'file') entry.record.name = destination.handle.name;
    await this.permissionGranted(id);
  }

  /** The page obtained write permission (it needs a click); the final copy can go on. */
  async permissionGranted(id: string): Promise<void> {
    const entry = await this.entry(id);
    entry.record.needsPermission = false;
    await this.save(entry);
    this.touch(entry, true);
    this.notify([id]);
    this.schedule();
  }

  /**
   * The page is about to unload (reload, tab closed). Stops reading every response and records
   * what is staged, so the next page goes on from the last byte received rather than from the
   * last periodic checkpoint. The statuses stay as they are: after a reload these jobs carry on.
   */
  async suspend(): Promise<void> {
    if (this.suspendedUntilWake !== null) clearTimeout(this.suspendedUntilWake);
    this.suspendedUntilWake = setTimeout(() => {
      this.suspendedUntilWake = null;
      this.schedule();
    }, UNLOAD_GRACE_MS);
    const running = [...this.entries.values()].filter((entry) => entry.task);
    // Every step up to the IndexedDB write happens in this task: the worker may be ended any moment.
    for (const entry of running) entry.controller?.abort('unload');
    await Promise.all(running.map((entry) => entry.run?.checkpointNow()));
    await Promise.all(running.map((entry) => entry.task));
  }

  async destinationOf(id: string): Promise<FileSystemHandle | null> {
    return (await this.entry(id)).record.destination?.handle ?? null;
  }

  private async entry(id: string): Promise<Entry> {
    await this.ready;
    const entry = this.entries.get(id);
    if (!entry) throw new Error(`No download with id ${id}`);
    return entry;
  }

  private schedule(): void {
    if (this.suspendedUntilWake !== null) return;
    let active = [...this.entries.values()].filter((e) => e.task).length;
    for (const entry of this.entries.values()) {
      if (active >= this.maxActiveJobs) break;
      if (!isReady(entry.record) || entry.task || entry.waiting || entry.removed) continue;
      active++;
      this.start(entry);
    }
  }

  /** Drives the job when no other tab does; otherwise waits in line to take over from that tab. */
  private start(entry: Entry): void {
    const task = navigator.locks.request(jobLockName(entry.record.id), { ifAvailable: true }, (lock) =>
      lock ? this.driveLocked(entry) : Promise.resolve(false),
    );
    entry.task = task
      .then((drove) => {
        if (!drove) this.waitForTurn(entry);
      })
      .catch((error: unknown) => console.error('Could not run a download', error))
      .finally(() => this.taskEnded(entry));
  }

  private waitForTurn(entry: Entry): void {
    if (entry.waiting || entry.removed) return;
    entry.elsewhere = true;
    const waiting = new AbortController();
    entry.waiting = waiting;
    navigator.locks
      .request(jobLockName(entry.record.id), { signal: waiting.signal }, async () => {
        entry.waiting = null;
        // The driving tab went away (or finished): this tab takes the job over.
        const task = this.driveLocked(entry);
        entry.task = task.then(() => undefined);
        try {
          await task;
        } finally {
          this.taskEnded(entry);
        }
      })
      .catch((error: unknown) => {
        entry.waiting = null;
        if (!waiting.signal.aborted) console.error('Could not wait for a download lock', error);
      });
  }

  /** Runs while this tab holds the job's lock; the record is read again since another tab may have moved it on. */
  private async driveLocked(entry: Entry): Promise<true> {
    entry.elsewhere = false;
    entry.remote = null;
    await entry.saving;
    const stored = await loadJob(entry.record.id);
    if (stored) entry.record = stored;
    if (entry.removed || !stored || !isReady(entry.record) || this.suspendedUntilWake !== null) return true;
    const controller = new AbortController();
    entry.controller = controller;
    await this.drive(entry, controller.signal);
    return true;
  }

  private taskEnded(entry: Entry): void {
    entry.task = null;
    entry.controller = null;
    entry.run = null;
    this.touch(entry);
    this.schedule();
  }

  private async stop(entry: Entry, reason: StopReason): Promise<void> {
    entry.controller?.abort(reason);
    await entry.task;
  }

  /** One job from its first byte to the file the person picked. */
  private async drive(entry: Entry, signal: AbortSignal): Promise<void> {
    const job = entry.record;
    try {
      // A job that only had the final copy left goes straight back to it.
      let copied = null;
      if (job.status !== 'saving') {
        // Not stored on its own: the plan is stored a moment later, and after a reload a job
        // that was downloading starts like a queued one anyway.
        this.showStatus(entry, 'downloading');
        const run = new DownloadRun(
          job,
          {
            budget: this.budget,
            bucket: this.bucket,
            settings: () => this.settings,
            changed: () => this.touch(entry),
            persist: () => this.save(entry),
            // Not behind the batch being written: sent before the worker may be ended. IndexedDB
            // still applies it after any write begun earlier, so it is never overwritten by older state.
            persistNow: () => saveJobs([entry.record]),
            // Stored with the outcome: a job found 'downloading' with every byte staged goes
            // straight to its copy after a reload.
            onAllStaged: () => this.showStatus(entry, 'saving'),
          },
          signal,
        );
        entry.run = run;
        const result = await run.run();
        entry.run = null;
        if (result.kind === 'web-page') {
          // Stand-in until the engine's "Keep anyway / Remove" (redone at merge).
          job.error = 'The server sent a web page, not a file (often a sign-in or error page)';
          job.errorKind = 'bad-response';
          await this.setStatus(entry, 'failed');
          return;
        }
        copied = result.kind === 'copied' ? result.outcome : null;
      }
      await this.finish(entry, copied ?? (await exportStagedFile(job, () => this.save(entry), signal)));
    } catch (error) {
      if (signal.aborted) {
        if (signal.reason === 'pause') await this.setStatus(entry, 'paused');
        return;
      }
      const failure = toDownloadError(error);
      if (failure.kind !== 'quota') console.warn(`Download ${job.id} failed`, error);
      job.error = failure.message;
      job.errorKind = failure.kind;
      // No space is not the download's fault: it waits, with its bytes, for the person to make room.
      await this.setStatus(entry, failure.kind === 'quota' ? 'paused' : 'failed');
    }
  }

  /** After the final copy, with its checksum; only the copy may wait for the person's permission. */
  private async finish(entry: Entry, outcome: ExportOutcome): Promise<void> {
    const job = entry.record;
    if (outcome.kind === 'needs-destination' || outcome.kind === 'needs-permission') {
      job.needsPermission = true;
      await this.save(entry);
      this.touch(entry);
      return;
    }
    job.needsPermission = false;
    job.sha256 = outcome.sha256;
    if (outcome.kind === 'mismatch') {
      // Bytes that are not the expected file are worth nothing: Retry fetches them anew.
      await this.discardProgress(entry);
      job.sha256 = outcome.sha256;
      job.error = `Checksum mismatch: expected ${job.expectedSha256 ?? ''}, got ${outcome.sha256}. The file was not saved.`;
      job.errorKind = 'integrity';
      await this.setStatus(entry, 'failed');
      return;
    }
    job.completedAt = Date.now();
    await this.setStatus(entry, 'completed');
    // Not waited for: the job is done. A crash before it lands leaves an orphan that the next
    // start-up sweeps away.
    void deleteStagedFile(job.id).catch(() => undefined);
  }

  private clearError(job: JobRecord): void {
    job.error = null;
    job.errorKind = null;
  }

  private async discardProgress(entry: Entry): Promise<void> {
    forgetRemoteFile(entry.record);
    await deleteStagedFile(entry.record.id);
  }

  /** A status the page sees at once; it is stored with the next write of the record. */
  private showStatus(entry: Entry, status: JobRecord['status']): void {
    entry.record.status = status;
    this.touch(entry, true);
  }

  private async setStatus(entry: Entry, status: JobRecord['status']): Promise<void> {
    entry.record.status = status;
    this.touch(entry, true);
    await this.save(entry);
    this.notify([entry.record.id]);
  }

  private save(entry: Entry): Promise<void> {
    const saving = this.records.save(entry.record.id, () => (entry.removed ? null : entry.record));
    entry.saving = this.records.settled();
    return saving;
  }

  private view(entry: Entry): JobView {
    if (entry.elsewhere && entry.remote && isActive(entry.record.status)) return { ...entry.remote, elsewhere: true };
    return jobView(entry.record, entry.run);
  }

  private touch(entry: Entry, now = false): void {
    this.feed.touch(entry.record.id, now);
  }
}

function newEntry(record: JobRecord): Entry {
  return { record, run: null, controller: null, task: null, elsewhere: false, waiting: null, remote: null, saving: Promise.resolve(), removed: false };
}

/** 'downloading' without a task: stopped by suspend() in a page that then stayed, or left by a closed tab. */
function isReady(job: JobRecord): boolean {
  return job.status === 'queued' || job.status === 'downloading' || (job.status === 'saving' && !job.needsPermission);
}
