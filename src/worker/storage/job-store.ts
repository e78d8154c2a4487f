import { openDB, type DBSchema, type IDBPDatabase } from 'idb';
import { checkSettings, DEFAULT_SETTINGS, type Settings } from '../../shared/settings';
import { isObject } from '../../shared/shape';
import { withDefaults, type JobRecord } from './job-record';
import { checkJobRecord, type DamagedRecord } from './record-check';

const DB_NAME = 'rangefetch';
const DB_VERSION = 3;
const SETTINGS_KEY = 'settings';

interface RangefetchDb extends DBSchema {
  jobs: {
    key: string;
    /** Checked on every read (record-check.ts): a stored value is only a JobRecord once it passes. */
    value: JobRecord;
    indexes: { 'by-created': number };
  };
  /** One row, SETTINGS_KEY. */
  prefs: {
    key: string;
    value: Settings;
  };
}

/** Said to the page when the database cannot be opened or upgraded, or another tab needs it. */
export type StoreNotice = (message: string) => void;

let dbPromise: Promise<IDBPDatabase<RangefetchDb>> | null = null;
let notice: StoreNotice = (message) => console.warn(message);

/** Where messages about the database go (the page shows them). */
export function onStoreNotice(listener: StoreNotice): void {
  notice = listener;
}

function openJobDb(): Promise<IDBPDatabase<RangefetchDb>> {
  dbPromise ??= openDB<RangefetchDb>(DB_NAME, DB_VERSION, {
    async upgrade(db, oldVersion, _newVersion, tx) {
      // Each step migrates from the version before it; add new steps below, never edit old ones.
      if (oldVersion < 1) {
        const jobs = db.createObjectStore('jobs', { keyPath: 'id' });
        jobs.createIndex('by-created', 'createdAt');
      }
      if (oldVersion < 2) {
        db.createObjectStore('prefs');
        // Version 2 records carry integrity, fingerprint and failure-kind fields.
        let cursor = await tx.objectStore('jobs').openCursor();
        while (cursor) {
          await cursor.update(withDefaults(cursor.value));
          cursor = await cursor.continue();
        }
      }
      if (oldVersion < 3) {
        // Version 3: waiting for a place to save and being canceled are statuses of their own.
        let cursor = await tx.objectStore('jobs').openCursor();
        while (cursor) {
          await cursor.update(toVersion3(cursor.value));
          cursor = await cursor.continue();
        }
      }
    },
    blocked() {
      notice('Close other Rangefetch tabs to finish updating: an older version there holds the downloads database.');
    },
    blocking() {
      // A newer version of the app opened in another tab: let it upgrade rather than hold it up.
      void dbPromise?.then((db) => db.close());
      dbPromise = null;
      notice('A newer version of Rangefetch opened in another tab. Reload this tab to go on.');
    },
  });
  dbPromise.catch(() => {
    dbPromise = null;
  });
  return dbPromise;
}

/** A version-2 record in the shape of version 3 (values an older version stored, read loosely). */
function toVersion3(stored: JobRecord): JobRecord {
  const old: Record<string, unknown> = { ...stored };
  const record = { ...withDefaults(stored) };
  if (old.status === 'saving' && old.needsPermission === true) record.status = 'save-blocked';
  if (old.status === 'failed' && old.errorKind === 'canceled') {
    record.status = 'canceled';
    record.error = null;
    record.errorKind = null;
  }
  delete (record as Partial<Record<string, unknown>>).needsPermission;
  return record;
}

export interface LoadedJobs {
  records: JobRecord[];
  damaged: DamagedRecord[];
}

export async function loadJobs(): Promise<LoadedJobs> {
  const db = await openJobDb();
  const loaded: LoadedJobs = { records: [], damaged: [] };
  for (const raw of await db.getAllFromIndex('jobs', 'by-created')) {
    const checked = checkJobRecord(raw);
    if (checked.ok) loaded.records.push(checked.record);
    else loaded.damaged.push(checked.damaged);
  }
  return loaded;
}

/** The record as stored now; null when there is none, or none that can be used. */
export async function loadJob(id: string): Promise<JobRecord | null> {
  const db = await openJobDb();
  const raw: unknown = await db.get('jobs', id);
  if (raw === undefined) return null;
  const checked = checkJobRecord(raw);
  if (checked.ok) return checked.record;
  console.warn(`The stored record of ${id} is damaged: ${checked.damaged.reason}`);
  return null;
}

export async function saveJobs(jobs: readonly JobRecord[]): Promise<void> {
  if (jobs.length === 0) return;
  const db = await openJobDb();
  const tx = db.transaction('jobs', 'readwrite');
  for (const job of jobs) void tx.store.put(job);
  // Committing at once, rather than when the request's callback has run, lets the write land
  // even when the worker is ended right after (a reload mid-download).
  tx.commit();
  await tx.done;
}

export async function deleteJob(id: string): Promise<void> {
  const db = await openJobDb();
  await db.delete('jobs', id);
}

/** Every job id stored, damaged records included (their staged bytes are kept until Remove). */
export async function storedJobIds(): Promise<Set<string>> {
  const db = await openJobDb();
  return new Set(await db.getAllKeys('jobs'));
}

export async function loadSettings(): Promise<Settings> {
  const db = await openJobDb();
  const stored: unknown = await db.get('prefs', SETTINGS_KEY);
  const fields = isObject(stored) ? { ...stored } : {};
  // Versions before 3 stored the number of tries as maxAttempts; it reads as the number of retries.
  if (fields.retries === undefined && fields.maxAttempts !== undefined) fields.retries = fields.maxAttempts;
  const checked = checkSettings(fields);
  // A stored value that no longer passes (bounds changed) falls back to the defaults.
  return checked.ok ? checked.settings : { ...DEFAULT_SETTINGS };
}

export async function saveSettings(settings: Settings): Promise<void> {
  const db = await openJobDb();
  await db.put('prefs', settings, SETTINGS_KEY);
}
