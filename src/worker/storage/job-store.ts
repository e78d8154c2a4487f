import { openDB, type DBSchema, type IDBPDatabase } from 'idb';
import { checkSettings, DEFAULT_SETTINGS, type Settings } from '../../shared/settings';
import { withDefaults, type JobRecord } from './job-record';

const DB_NAME = 'rangefetch';
const DB_VERSION = 2;
const SETTINGS_KEY = 'settings';

interface RangefetchDb extends DBSchema {
  jobs: {
    key: string;
    value: JobRecord;
    indexes: { 'by-created': number };
  };
  /** One row, SETTINGS_KEY. */
  prefs: {
    key: string;
    value: Settings;
  };
}

let dbPromise: Promise<IDBPDatabase<RangefetchDb>> | null = null;

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
    },
  });
  return dbPromise;
}

export async function loadJobs(): Promise<JobRecord[]> {
  const db = await openJobDb();
  return db.getAllFromIndex('jobs', 'by-created');
}

export async function loadJob(id: string): Promise<JobRecord | undefined> {
  const db = await openJobDb();
  return db.get('jobs', id);
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

export async function loadSettings(): Promise<Settings> {
  const db = await openJobDb();
  const stored = await db.get('prefs', SETTINGS_KEY);
  const checked = checkSettings(stored ?? {});
  // A stored value that no longer passes (bounds changed) falls back to the defaults.
  return checked.ok ? checked.settings : { ...DEFAULT_SETTINGS };
}

export async function saveSettings(settings: Settings): Promise<void> {
  const db = await openJobDb();
  await db.put('prefs', settings, SETTINGS_KEY);
}
