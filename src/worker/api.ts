/**
 * What the page may ask of the download worker. Type-only: the page imports this file and no
 * worker code, and the worker entry (index.ts) checks that the object it exposes is exactly this.
 */
import type { BulkCommand } from '../shared/bulk-commands';
import type { Settings } from '../shared/settings';
import type { Move } from '../shared/job-order';
import type { EngineEvent, UrlEntry } from '../shared/types';
import type { ZipEntry, ZipLinks, ZipListing } from '../shared/zip-directory';

/**
 * Where the finished file goes: the file the person picked, a folder picked for several URLs, or
 * — in a browser without save pickers — the browser's own downloads, which get the staged file
 * (kept until the job is removed) as a normal download.
 */
export type Destination =
  | { kind: 'file'; handle: FileSystemFileHandle }
  | { kind: 'directory'; handle: FileSystemDirectoryHandle }
  | { kind: 'browser' };

/** What a row's buttons ask of a job; see shared/job-lifecycle.ts for what each does in each phase. */
export type PersonCommand = 'pause' | 'resume' | 'cancel' | 'remove' | 'retry' | 'restart' | 'keep-anyway';


export type { BulkCommand };

export type AddResult = { ok: true; ids: string[] } | { ok: false; reason: string };

/** Commands answer null when they were carried out, or the reason they did not apply. */
export type CommandAnswer = string | null;

export interface EngineApi {
  /** Sends a snapshot of every job, then their changes; resolves to an id for unsubscribe(). */
  subscribe(listener: (event: EngineEvent) => unknown): Promise<number>;
  unsubscribe(subscription: number): Promise<void>;
  add(entries: UrlEntry[], destination: Destination | null): Promise<AddResult>;
  command(id: string, command: PersonCommand): Promise<CommandAnswer>;
  /** This download's own speed limit in MiB/s (0: none). */
  setSpeedLimit(id: string, mibPerSecond: number): Promise<CommandAnswer>;
  /** Moves a job one place up or down in line, or to the front (Start now). */
  move(id: string, move: Move): Promise<CommandAnswer>;
  /** Gives every job the command the bulk action means for it; resolves to how many it changed. */
  commandAll(command: BulkCommand): Promise<number>;
  /** Carries on from the staged bytes with a fresh link, once it is shown to lead to the same file. */
  changeUrl(id: string, text: string): Promise<CommandAnswer>;
  /** The person picked where a job that had no place goes. */
  setDestination(id: string, destination: Destination): Promise<CommandAnswer>;
  /** The page obtained write permission for the job's place (it takes a click). */
  permissionGranted(id: string): Promise<CommandAnswer>;
  destinationOf(id: string): Promise<FileSystemHandle | null>;
  /**
   * The saved file of a completed job (by reference, not copied), or null when it is not there;
   * for one saved to the browser's downloads, its kept staged file.
   */
  savedFile(id: string): Promise<File | null>;
  getSettings(): Promise<Settings>;
  /** Null when saved, or why the settings were refused. */
  saveSettings(settings: Settings): Promise<string[] | null>;
  /**
   * The name the server gives the file at `url`, when it answers within `timeoutMs` (the save
   * picker cannot wait longer); null otherwise.
   */
  serverFileName(url: string, timeoutMs: number): Promise<string | null>;
  /** The entries of the ZIP at `url`, read from its central directory by a few range requests. */
  listZip(url: string): Promise<ZipListing>;
  /** Links to add for the chosen entries of the ZIP at `url`: each one's bytes of the archive. */
  zipEntryLinks(url: string, entries: ZipEntry[]): Promise<ZipLinks>;
  /** The page is about to unload: record every byte received, start nothing new for a moment. */
  suspend(): Promise<void>;
}
