import { chooseFileName } from '../shared/file-name';
import { bytesDone } from '../shared/resume-state';
import type { EngineEvent, JobView, UrlEntry } from '../shared/types';
import { ConnectionBudget } from './connection-budget';
import { DownloadRun } from './download-run';
import { toDownloadError } from './download-error';
import { exportStagedFile } from './export-file';
import { newJobRecord, type Destination, type JobRecord } from './job-record';
import { deleteJob, loadJobs, saveJob } from './job-store';
import { deleteStagedFile, removeOrphanedStagedFiles } from './staging';

type StopReason = 'pause' | 'cancel' | 'remove' | 'unload';
type Listener = (event: EngineEvent) => unknown;

interface Entry {
  record: JobRecord;
  run: DownloadRun | null;
  controller: AbortController | null;
  task: Promise<void> | null;
  /** Saves of one job are applied in order; each writes the record as it is when its turn comes. */
  saving: Promise<void>;
  removed: boolean;
}

/** Progress reaches the page at most this often per job. */
const PUSH_INTERVAL_MS = 250;
/** A page that said it was going away but is still here after this long carries on downloading. */
const UNLOAD_GRACE_MS = 3000;

/** Owns every download: its record, its run, its status, and what subscribers are told. */
export class Engine {
  private readonly entries = new Map<string, Entry>();
  private readonly listeners = new Set<Listener>();
  private readonly dirty = new Set<string>();
  private pushTimer: ReturnType<typeof setTimeout> | null = null;
  private readonly budget = new ConnectionBudget(6);
  private readonly ready: Promise<void>;
  /** Set while the page is going away: nothing new starts. */
  private suspendedUntilWake: ReturnType<typeof setTimeout> | null = null;

  constructor(private readonly maxActiveJobs = 3) {
    this.ready = this.restore();
    this.ready.catch((error: unknown) => console.error('Could not load saved downloads', error));
  }

  /** Unfinished jobs carry on by themselves after a reload; paused ones wait for Resume. */
  private async restore(): Promise<void> {
    const records = await loadJobs();
    for (const record of records) {
      if (record.status === 'downloading') record.status = 'queued';
      this.entries.set(record.id, { record, run: null, controller: null, task: null, saving: Promise.resolve(), removed: false });
    }
    const staged = new Set(records.filter((r) => r.status !== 'completed').map((r) => r.id));
    await removeOrphanedStagedFiles(staged);
    this.schedule();
  }

  async subscribe(listener: Listener): Promise<void> {
    await this.ready;
    this.listeners.add(listener);
    this.emit({ type: 'snapshot', jobs: [...this.entries.values()].map((e) => this.view(e)) }, listener);
  }

  async add(entries: UrlEntry[], destination: Destination | null): Promise<string[]> {
    await this.ready;
    const ids: string[] = [];
    for (const { url, sha256 } of entries) {
      const name = destination?.kind === 'file' ? destination.handle.name : chooseFileName(null, url);
      const record = newJobRecord(crypto.randomUUID(), url, name, Date.now());
      record.destination = destination;
      record.expectedSha256 = sha256 ?? null;
      const entry: Entry = { record, run: null, controller: null, task: null, saving: Promise.resolve(), removed: false };
      this.entries.set(record.id, entry);
      await this.save(entry);
      this.touch(entry);
      ids.push(record.id);
    }
    this.schedule();
    return ids;
  }

  async pause(id: string): Promise<void> {
    const entry = await this.entry(id);
    if (entry.task) {
      await this.stop(entry, 'pause');
    } else if (entry.record.status === 'queued' || entry.record.status === 'saving') {
      await this.setStatus(entry, 'paused');
    }
  }

  async resume(id: string): Promise<void> {
    const entry = await this.entry(id);
    if (entry.record.status !== 'paused') return;
    await this.setStatus(entry, 'queued');
    this.schedule();
  }

  async retry(id: string): Promise<void> {
    const entry = await this.entry(id);
    if (entry.record.status !== 'failed') return;
    entry.record.error = null;
    await this.setStatus(entry, 'queued');
    this.schedule();
  }

  /** Stops the job and throws its staged bytes away; the row stays, with Retry to start over. */
  async cancel(id: string): Promise<void> {
    const entry = await this.entry(id);
    if (entry.record.status === 'completed') return;
    if (entry.task) await this.stop(entry, 'cancel');
    await this.discardProgress(entry);
    entry.record.error = 'Canceled';
    await this.setStatus(entry, 'failed');
  }

  /** Takes the job off the list; a saved file is never touched. */
  async remove(id: string): Promise<void> {
    const entry = await this.entry(id);
    if (entry.task) await this.stop(entry, 'remove');
    entry.removed = true;
    await entry.saving;
    this.entries.delete(id);
    await deleteStagedFile(id);
    await deleteJob(id);
    this.dirty.delete(id);
    this.emit({ type: 'removed', ids: [id] });
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
    this.touch(entry);
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
      const { status, needsPermission } = entry.record;
      // 'downloading' without a task: stopped by suspend() in a page that then stayed.
      const ready = status === 'queued' || status === 'downloading' || (status === 'saving' && !needsPermission);
      if (!ready || entry.task) continue;
      active++;
      const controller = new AbortController();
      entry.controller = controller;
      entry.task = this.drive(entry, controller.signal).finally(() => {
        entry.task = null;
        entry.controller = null;
        entry.run = null;
        this.touch(entry);
        this.schedule();
      });
    }
  }

  private async stop(entry: Entry, reason: StopReason): Promise<void> {
    entry.controller?.abort(reason);
    await entry.task;
  }

  /** One job from its first byte to the file the person picked. */
  private async drive(entry: Entry, signal: AbortSignal): Promise<void> {
    const job = entry.record;
    try {
      job.error = null;
      // A job that only had the final copy left goes straight back to it.
      if (job.status !== 'saving') await this.setStatus(entry, 'downloading');
      const run = new DownloadRun(job, { budget: this.budget, changed: () => this.touch(entry), persist: () => this.save(entry) }, signal);
      entry.run = run;
      await run.stage();
      entry.run = null;
      await this.setStatus(entry, 'saving');
      const outcome = await exportStagedFile(job, () => this.save(entry), signal);
      if (outcome !== 'done') {
        // Staging needed no permission; only this last step waits for the person's click.
        job.needsPermission = true;
        await this.save(entry);
        this.touch(entry);
        return;
      }
      job.needsPermission = false;
      job.completedAt = Date.now();
      await this.setStatus(entry, 'completed');
      // A crash before this line leaves an orphan that the next start-up sweeps away.
      await deleteStagedFile(job.id).catch(() => undefined);
    } catch (error) {
      if (signal.aborted) {
        if (signal.reason === 'pause') await this.setStatus(entry, 'paused');
        return;
      }
      console.warn(`Download ${job.id} failed`, error);
      job.error = toDownloadError(error).message;
      await this.setStatus(entry, 'failed');
    }
  }

  private async discardProgress(entry: Entry): Promise<void> {
    const job = entry.record;
    job.segments = [];
    job.streamed = 0;
    job.rangeSupported = null;
    job.size = null;
    job.etag = null;
    job.lastModified = null;
    await deleteStagedFile(job.id);
  }

  private async setStatus(entry: Entry, status: JobRecord['status']): Promise<void> {
    entry.record.status = status;
    this.touch(entry);
    await this.save(entry);
  }

  private save(entry: Entry): Promise<void> {
    const next = entry.saving.then(() => (entry.removed ? undefined : saveJob(entry.record)));
    entry.saving = next.catch(() => undefined);
    return next;
  }

  private view(entry: Entry): JobView {
    const job = entry.record;
    const now = performance.now();
    const run = entry.run;
    const done = run ? run.bytesReceived() : job.size === null ? job.streamed : bytesDone(job.segments);
    const speed = run ? run.meter.rate(now) : 0;
    const left = job.size === null ? null : job.size - done;
    return {
      id: job.id,
      url: job.url,
      name: job.name,
      size: job.size,
      bytesDone: done,
      speed,
      eta: left !== null && speed > 0 ? left / speed : null,
      status: job.status,
      error: job.error,
      note: job.note,
      connections: run?.connections ?? 0,
      needsPermission: job.needsPermission,
      hasDestination: job.destination !== null,
      createdAt: job.createdAt,
      completedAt: job.completedAt,
    };
  }

  private touch(entry: Entry): void {
    this.dirty.add(entry.record.id);
    this.pushTimer ??= setTimeout(() => this.push(), PUSH_INTERVAL_MS);
  }

  private push(): void {
    this.pushTimer = null;
    const jobs = [...this.dirty].flatMap((id) => {
      const entry = this.entries.get(id);
      return entry ? [this.view(entry)] : [];
    });
    this.dirty.clear();
    if (jobs.length > 0) this.emit({ type: 'update', jobs });
    // Speeds decay while a connection is silent, so running jobs keep reporting.
    for (const entry of this.entries.values()) if (entry.run) this.touch(entry);
  }

  private emit(event: EngineEvent, only?: Listener): void {
    for (const listener of only ? [only] : this.listeners) {
      // A listener in a page that went away rejects; forget it rather than fail the engine.
      Promise.resolve()
        .then(() => listener(event))
        .catch(() => this.listeners.delete(listener));
    }
  }
}
