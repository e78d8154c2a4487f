import { releaseProxy } from 'comlink';
import { bulkTargets } from '../../shared/bulk-commands';
import { accepts, phaseOfStored, transition, type Command, type JobEvent, type Outcome } from '../../shared/job-lifecycle';
import type { Move } from '../../shared/job-order';
import { BYTES_PER_MIB, checkSettings, DEFAULT_SETTINGS, downloadsAtOnceOf, type Settings } from '../../shared/settings';
import { TokenBucket } from '../../shared/token-bucket';
import type { EngineEvent, UrlEntry } from '../../shared/types';
import type { AddResult, BulkCommand, CommandAnswer, Destination, EngineApi, PersonCommand } from '../api';
import { ConnectionBudget } from '../net/connection-budget';
import { checkNewLink } from '../net/new-link-check';
import { serverFileName } from '../net/name-lookup';
import { newJobRecord, type JobRecord } from '../storage/job-record';
import { loadJobs, loadSettings, onStoreNotice, saveSettings } from '../storage/job-store';
import { removeOrphanedStagedFiles, stagedFileHandle } from '../storage/staging';
import { sweepUnpackFolder } from '../zip/unpack-entry';
import { stagingUnavailable } from '../storage/staging-support';
import { applyEffects } from './effects';
import { JobDriver } from './job-driver';
import { holdMismatch, JobTable, newEntry, type Entry } from './job-table';
import { viewOf } from './job-view';
import { ProgressFeed } from './progress-feed';
import { RecordKeeper } from './record-keeper';
import { LineEdits } from './line-edits';
import { recordOfEntry } from './new-record';
import { Scheduler } from './scheduler';
import { findSameFile } from './same-destination';
import { TabSync } from './tab-sync';
import { listZip, zipEntryLinks } from '../zip/list-zip';
import { entryFolder } from '../copy/entry-folder';

/** A page that said it was going away but is still here after this long carries on downloading. */
const UNLOAD_GRACE_MS = 3000;

/**
 * The commands the page may give (EngineApi), and the one place where a job's lifecycle moves:
 * every change of phase goes through dispatch(), which applies the lifecycle's outcome.
 */
export class Engine implements EngineApi {
  /** Reading a ZIP's directory needs no job: these are list-zip.ts's own. */
  readonly listZip = listZip;
  readonly zipEntryLinks = zipEntryLinks;
  private settings: Settings = { ...DEFAULT_SETTINGS };
  private readonly table = new JobTable();
  private readonly budget = new ConnectionBudget(DEFAULT_SETTINGS.connectionsPerServer);
  private readonly bucket = new TokenBucket(0);
  private readonly feed = new ProgressFeed(
    (id) => {
      const entry = this.table.get(id);
      return entry ? viewOf(entry) : null;
    },
    () => this.table.list().flatMap((e) => (e.hold.kind === 'driving' && e.hold.run ? [e.id] : [])),
    (jobs) => this.tabs.views(jobs),
  );
  private readonly records = new RecordKeeper();
  private readonly scheduler = new Scheduler(this.table, () => downloadsAtOnceOf(this.settings), (entry) => void this.dispatch(entry, { type: 'start' }));
  private readonly driver: JobDriver = new JobDriver({
    budget: this.budget,
    bucket: this.bucket,
    settings: () => this.settings,
    dispatch: (entry, event, stored) => this.dispatch(entry, event, { stored }),
    persist: (entry) => this.records.save(entry),
    changed: (entry) => this.feed.touch(entry.id),
    released: () => this.scheduler.schedule(),
  });
  private readonly ready: Promise<void>;
  /** Why this browser cannot stage downloads (null: it can); asked once, at the first add. */
  private staging: Promise<string | null> | null = null;
  private readonly tabs: TabSync;
  private readonly edits: LineEdits;

  constructor() {
    onStoreNotice((message) => this.feed.notice(message));
    this.ready = this.restore();
    this.tabs = new TabSync({
      table: this.table,
      ready: this.ready,
      dispatch: (entry, event, stored) => this.dispatch(entry, event, { stored }),
      adopt: (record) => this.addEntry(newEntry(record, phaseOfStored(record.status))),
      changed: (entry) => this.feed.touch(entry.id),
      applySettings: (settings) => this.applySettings(settings),
    });
    this.edits = new LineEdits({
      table: this.table,
      save: (entry) => this.records.save(entry),
      changed: (entries) => {
        for (const e of entries) this.feed.touch(e.id, true);
        this.tabs.changed(entries.map((e) => e.id));
      },
      schedule: () => this.scheduler.schedule(),
    });
    this.ready.catch((error: unknown) => {
      console.error('Could not load saved downloads', error);
      this.feed.notice(`Could not load your saved downloads: ${error instanceof Error ? error.message : String(error)}`);
    });
  }

  /** Unfinished jobs carry on by themselves after a reload; paused ones wait for Resume. */
  private async restore(): Promise<void> {
    this.applySettings(await loadSettings());
    const { records, damaged } = await loadJobs();
    for (const record of records) this.table.add(newEntry(record, phaseOfStored(record.status)));
    for (const broken of damaged) {
      const record = newJobRecord(broken.id, broken.url, broken.name, 0);
      record.error = `This entry is damaged (${broken.reason}). Remove it; its downloaded bytes are kept until then.`;
      this.table.add(newEntry(record, { kind: 'damaged' }));
    }
    // Read the ids when sweeping, not before: another tab may have added a job meanwhile. A
    // browser without the private file system (a private window) has nothing to sweep.
    await removeOrphanedStagedFiles(async () => {
      const now = await loadJobs();
      // A file saved to the browser's downloads is kept staged until its job is removed.
      const mayHaveBytes = now.records.filter(
        (r) => (r.status !== 'completed' || r.destination?.kind === 'browser') && r.status !== 'canceled',
      );
      return new Set([...mayHaveBytes.map((r) => r.id), ...now.damaged.map((d) => d.id)]);
    }).catch((error: unknown) => console.warn('Could not sweep the staging folder', error));
    await sweepUnpackFolder().catch((error: unknown) => console.warn('Could not sweep the folder of unpacked ZIP entries', error));
    this.scheduler.schedule();
  }

  /**
   * Moves the job through its lifecycle: the one outcome of `event` in its phase, with the
   * effects that outcome names. `done` settles when the writes it caused have landed.
   */
  private dispatch(entry: Entry, event: JobEvent, data: { stored?: JobRecord | null; url?: string } = {}): Outcome & { done: Promise<void> } {
    const outcome = transition(entry.phase, event);
    if (!outcome.applies) return { ...outcome, done: Promise.resolve() };
    entry.phase = outcome.next;
    const done = applyEffects(entry, outcome.effects, { ...data, command: event.type === 'command' ? event.command : undefined }, {
      driver: this.driver,
      records: this.records,
      tabs: this.tabs,
      table: this.table,
      feed: this.feed,
    });
    const broken = holdMismatch(entry);
    if (broken !== null) console.error(`Job ${entry.id} broke its lifecycle: ${broken} after ${event.type}`);
    this.feed.touch(entry.id, true);
    this.scheduler.schedule();
    return { ...outcome, done };
  }

  private addEntry(entry: Entry): void {
    this.table.add(entry);
    this.feed.touch(entry.id);
    this.scheduler.schedule();
  }

  async subscribe(listener: (event: EngineEvent) => unknown): Promise<number> {
    // Listening before the jobs are loaded: a notice about loading them must reach the page.
    const id = this.feed.listen(listener);
    await this.ready;
    this.feed.snapshot(id, this.table.list().map(viewOf));
    return id;
  }

  async unsubscribe(subscription: number): Promise<void> {
    const listener = this.feed.unsubscribe(subscription);
    // The page's listener is a comlink proxy (which has no `has` trap, so `in` cannot tell):
    // releasing it closes its message port.
    const release: unknown = listener === null ? null : (listener as unknown as Record<symbol, unknown>)[releaseProxy];
    if (typeof release === 'function') release();
  }

  async add(entries: UrlEntry[], destination: Destination | null): Promise<AddResult> {
    await this.ready;
    this.staging ??= stagingUnavailable();
    const unavailable = await this.staging;
    if (unavailable !== null) return { ok: false, reason: unavailable };
    if (destination?.kind === 'file') {
      const other = await findSameFile(destination.handle, this.table.list());
      if (other) return { ok: false, reason: `“${other.record.name}” already saves to that file. Pick another file, or remove that download first.` };
    }
    const now = Date.now();
    // Apart by a microsecond each, so the list keeps the order they were pasted in.
    const added = entries.map((entry, i) => {
      const record = recordOfEntry(entry, destination, this.settings, now + i / 1000);
      return newEntry(record, { kind: 'queued' });
    });
    // All stored before any starts: a job's record always comes before its bytes.
    await Promise.all(added.map((entry) => this.records.save(entry)));
    for (const entry of added) this.addEntry(entry);
    this.tabs.changed(added.map((entry) => entry.id));
    return { ok: true, ids: added.map((entry) => entry.id) };
  }

  async command(id: string, command: PersonCommand): Promise<CommandAnswer> {
    return this.commandOn(id, command);
  }

  private async commandOn(id: string, command: Command, url?: string): Promise<CommandAnswer> {
    await this.ready;
    const entry = this.table.get(id);
    if (!entry) return 'This download is no longer in the list.';
    const outcome = this.dispatch(entry, { type: 'command', command }, { url });
    await outcome.done;
    return outcome.applies ? null : outcome.reason;
  }

  /**
   * A bulk action, as the same commands a row gives, to every job it concerns. Dispatched all at
   * once, so Pause all aborts every run in the same turn; queued jobs are paused before running
   * ones, so none starts in a slot a paused one just freed.
   */
  async commandAll(bulk: BulkCommand): Promise<number> {
    await this.ready;
    const { command, targets } = bulkTargets(this.table.list(), bulk);
    const outcomes = targets.map((entry) => this.dispatch(entry, { type: 'command', command }));
    await Promise.all(outcomes.map((o) => o.done));
    return outcomes.filter((o) => o.applies).length;
  }

  /**
   * Moves a job one place up or down in line, or to the front (Start now, which also resumes a
   * paused job): jobs start, and get free connections, in line order.
   */
  async move(id: string, move: Move): Promise<CommandAnswer> {
    await this.ready;
    const entry = this.table.get(id);
    if (!entry) return 'This download is no longer in the list.';
    await this.edits.move(entry, move);
    return move === 'first' && accepts(entry.phase, 'resume') ? this.commandOn(id, 'resume') : null;
  }

  /** This download's own speed limit in MiB/s (0: none), applied at once to a running job. */
  async setSpeedLimit(id: string, mibPerSecond: number): Promise<CommandAnswer> {
    await this.ready;
    const entry = this.table.get(id);
    if (!entry) return 'This download is no longer in the list.';
    return this.edits.setSpeedLimit(entry, mibPerSecond);
  }

  /** For the save picker: the server's name for a file, when it answers within `timeoutMs`. */
  serverFileName(url: string, timeoutMs: number): Promise<string | null> {
    return serverFileName(url, timeoutMs);
  }

  async changeUrl(id: string, text: string): Promise<CommandAnswer> {
    await this.ready;
    const entry = this.table.get(id);
    if (!entry) return 'This download is no longer in the list.';
    const check = await checkNewLink(entry.record, text);
    if (!check.ok) {
      // Shown on the row, where it stays while the person tries another link.
      entry.record.error = check.reason;
      this.feed.touch(id, true);
      return check.reason;
    }
    const answer = await this.commandOn(id, 'change-url', check.url);
    if (answer === null) {
      entry.record.note = 'Carrying on from the new link';
      await this.records.save(entry);
    }
    return answer;
  }

  async setDestination(id: string, destination: Destination): Promise<CommandAnswer> {
    await this.ready;
    const entry = this.table.get(id);
    if (!entry) return 'This download is no longer in the list.';
    entry.record.destination = destination;
    entry.record.savedAs = null;
    if (destination.kind === 'file') entry.record.name = destination.handle.name;
    const answer = await this.commandOn(id, 'save-place-granted');
    // Not waiting for a place yet (still downloading): the place is kept for when it is.
    if (answer !== null) await this.records.save(entry);
    return answer;
  }

  permissionGranted(id: string): Promise<CommandAnswer> {
    return this.commandOn(id, 'save-place-granted');
  }

  async destinationOf(id: string): Promise<FileSystemHandle | null> {
    await this.ready;
    const destination = this.table.get(id)?.record.destination;
    return destination && destination.kind !== 'browser' ? destination.handle : null;
  }

  async savedFile(id: string): Promise<File | null> {
    await this.ready;
    const record = this.table.get(id)?.record;
    if (!record || record.status !== 'completed' || !record.destination) return null;
    try {
      const { destination } = record;
      if (destination.kind === 'browser') return await (await stagedFileHandle(record.id)).getFile();
      if (destination.kind === 'file') return await destination.handle.getFile();
      return await (await (await entryFolder(destination.handle, record)).getFileHandle(record.savedAs ?? record.name)).getFile();
    } catch {
      // Moved, deleted or no longer allowed: the row says it cannot be opened.
      return null;
    }
  }

  async getSettings(): Promise<Settings> {
    await this.ready;
    return { ...this.settings };
  }

  async saveSettings(settings: Settings): Promise<string[] | null> {
    await this.ready;
    // The same check as the form's: what arrives over comlink is not trusted to have passed it.
    const checked = checkSettings({ ...settings });
    if (!checked.ok) return checked.errors;
    await saveSettings(checked.settings);
    this.applySettings(checked.settings);
    this.tabs.settings(checked.settings);
    return null;
  }

  private applySettings(settings: Settings): void {
    this.settings = settings;
    this.budget.setLimit(settings.connectionsPerServer);
    this.bucket.setRate(settings.speedLimitMBps * BYTES_PER_MIB);
    // More downloads at once may start now; fewer apply to what starts next.
    this.scheduler.schedule();
  }

  /**
   * The page is about to unload (reload, tab closed). Stops reading every response and records
   * what is staged, so the next page goes on from the last byte received rather than from the
   * last periodic checkpoint; after a reload these jobs carry on.
   */
  async suspend(): Promise<void> {
    this.scheduler.suspend(UNLOAD_GRACE_MS);
    const holds = this.table.list().flatMap((entry) => (entry.hold.kind === 'driving' ? [{ entry, hold: entry.hold }] : []));
    // Every step up to the IndexedDB write happens in this task: the worker may be ended any moment.
    for (const { entry } of holds) this.dispatch(entry, { type: 'unload' });
    await Promise.all(holds.map(({ hold }) => hold.run?.checkpointNow()));
    await Promise.all(holds.map(({ hold }) => hold.task));
  }
}
