import { openDB, type DBSchema, type IDBPDatabase } from 'idb';
import type { JobRecord } from './job-record';

const DB_NAME = 'rangefetch';
const DB_VERSION = 1;

interface RangefetchDb extends DBSchema {
  jobs: {
    key: string;
    value: JobRecord;
    indexes: { 'by-created': number };
  };
}

let dbPromise: Promise<IDBPDatabase<RangefetchDb>> | null = null;

function openJobDb(): Promise<IDBPDatabase<RangefetchDb>> {
  dbPromise ??= openDB<RangefetchDb>(DB_NAME, DB_VERSION, {
    upgrade(db, oldVersion) {
      // Each step migrates from the version before it; add new steps below, never edit old ones.
      if (oldVersion < 1) {
        const jobs = db.createObjectStore('jobs', { keyPath: 'id' });
        jobs.createIndex('by-created', 'createdAt');
      }
    },
  });
  return dbPromise;
}

export async function loadJobs(): Promise<JobRecord[]> {
  const db = await openJobDb();
  return db.getAllFromIndex('jobs', 'by-created');
}

export async function saveJob(job: JobRecord): Promise<void> {
  const db = await openJobDb();
  const tx = db.transaction('jobs', 'readwrite');
  void tx.store.put(job);
  // Committing at once, rather than when the request's callback has run, lets the write land
  // even when the worker is ended right after (a reload mid-download).
  tx.commit();
  await tx.done;
}

export async function deleteJob(id: string): Promise<void> {
  const db = await openJobDb();
  await db.delete('jobs', id);
}
