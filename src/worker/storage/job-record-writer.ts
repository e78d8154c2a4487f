import type { JobRecord } from './job-record';

/**
 * Stores job records in batches. IndexedDB runs write transactions on one store one after
 * another, so records waiting together go out in one transaction: with many small files at once,
 * one write per job per step would queue up behind each other. A record is written as it is when
 * its batch goes out, so the latest state always lands last.
 */
export class JobRecordWriter {
  private readonly waiting = new Map<string, () => JobRecord | null>();
  private next: Promise<void> | null = null;
  private last: Promise<void> = Promise.resolve();

  /** `write` stores one batch in one transaction (job-store's saveJobs). */
  constructor(private readonly write: (records: readonly JobRecord[]) => Promise<void>) {}

  /** `current` gives the record when the batch is written, or null if it is no longer wanted. */
  save(id: string, current: () => JobRecord | null): Promise<void> {
    this.waiting.set(id, current);
    this.next ??= this.last.then(() => {
      const records = [...this.waiting.values()].flatMap((get) => get() ?? []);
      this.waiting.clear();
      this.next = null;
      return this.write(records);
    });
    const batch = this.next;
    this.last = batch.catch(() => undefined);
    return batch;
  }

  /** Settles when every write asked for so far has. */
  settled(): Promise<void> {
    return this.last;
  }
}
