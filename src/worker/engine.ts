import { chooseFileName } from '../shared/file-name';
import { bytesDone } from '../shared/resume-state';
import { DEFAULT_SETTINGS, type Settings } from '../shared/settings';
import { TokenBucket } from '../shared/token-bucket';
import type { EngineEvent, JobView, UrlEntry } from '../shared/types';
import { ConnectionBudget } from './connection-budget';
import { DownloadRun } from './download-run';
import { toDownloadError } from './download-error';
import { exportStagedFile } from './export-file';
import { forgetRemoteFile, newJobRecord, type Destination, type JobRecord } from './job-record';
import { deleteJob, loadJobs, loadSettings, saveJob, saveSettings } from './job-store';
import { checkNewLink } from './same-file';
import { deleteStagedFile, removeOrphanedStagedFiles } from './staging';

type StopReason = 'pause' | 'cancel' | 'remove' | 'unload' | 'change-url';
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
  private settings: Settings = { ...DEFAULT_SETTINGS };
  private readonly budget = new ConnectionBudget(DEFAULT_SETTINGS.connectionsPerServer);
  private readonly bucket = new TokenBucket(0);
  private readonly ready: Promise<void>;
  /** Set while the page is going away: nothing new starts. */
  private suspendedUntilWake: ReturnType<typeof setTimeout> | null = null;

  constructor(private readonly maxActiveJobs = 3) {
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
      const entry = newEntry(record);
      this.entries.set(record.id, entry);
      await this.save(entry);
      this.touch(entry);
      ids.push(record.id);
    }
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
  }

  private applySettings(settings: Settings): void {
    this.settings = settings;
    this.budget.setLimit(settings.connectionsPerServer);
    this.bucket.setRate(settings.speedLimitMBps * 1e6);
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
    this.clearError(entry.record);
    await this.setStatus(entry, 'queued');
    this.schedule();
  }

  async retry(id: string): Promise<void> {
    const entry = await this.entry(id);
    if (entry.record.status !== 'failed') return;
    this.clearError(entry.record);
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
    entry.record.errorKind = 'canceled';
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
      // A job that only had the final copy left goes straight back to it.
      if (job.status !== 'saving') {
        await this.setStatus(entry, 'downloading');
        const run = new DownloadRun(
          job,
          {
            budget: this.budget,
            bucket: this.bucket,
            settings: () => this.settings,
            changed: () => this.touch(entry),
            persist: () => this.save(entry),
          },
          signal,
        );
        entry.run = run;
        await run.stage();
        entry.run = null;
        await this.setStatus(entry, 'saving');
      }
      await this.finish(entry, signal);
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

  /** The final copy, with its checksum; only this step may wait for the person's permission. */
  private async finish(entry: Entry, signal: AbortSignal): Promise<void> {
    const job = entry.record;
    const outcome = await exportStagedFile(job, () => this.save(entry), signal);
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
    // A crash before this line leaves an orphan that the next start-up sweeps away.
    await deleteStagedFile(job.id).catch(() => undefined);
  }

  private clearError(job: JobRecord): void {
    job.error = null;
    job.errorKind = null;
  }

  private async discardProgress(entry: Entry): Promise<void> {
    forgetRemoteFile(entry.record);
    await deleteStagedFile(entry.record.id);
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
      bytesDone: job.status === 'completed' ? (job.size ?? done) : done,
      speed,
      eta: left !== null && speed > 0 ? left / speed : null,
      status: job.status,
      error: job.error,
      errorKind: job.errorKind,
      note: job.note,
      connections: run?.connections ?? 0,
      needsPermission: job.needsPermission,
      hasDestination: job.destination !== null,
      sha256: job.sha256,
      expectedSha256: job.expectedSha256,
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

function newEntry(record: JobRecord): Entry {
  return { record, run: null, controller: null, task: null, saving: Promise.resolve(), removed: false };
}
