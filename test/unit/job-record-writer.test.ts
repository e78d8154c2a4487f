import { describe, expect, it } from 'vitest';
import { newJobRecord, type JobRecord } from '../../src/worker/storage/job-record';
import { JobRecordWriter } from '../../src/worker/storage/job-record-writer';

/** A store whose writes finish when the test says, recording what each batch held. */
function slowStore(): { batches: string[][]; finish: () => void; write: (records: readonly JobRecord[]) => Promise<void>; failNext: () => void } {
  const batches: string[][] = [];
  const pending: Array<{ resolve: () => void; reject: (e: Error) => void }> = [];
  let fail = false;
  return {
    batches,
    write: (records) => {
      batches.push(records.map((r) => `${r.id}:${r.status}`));
      return new Promise<void>((resolve, reject) => {
        if (fail) {
          fail = false;
          reject(new Error('disk full'));
          return;
        }
        pending.push({ resolve, reject });
      });
    },
    finish: () => pending.shift()?.resolve(),
    failNext: () => {
      fail = true;
    },
  };
}

const flush = (): Promise<void> => new Promise((resolve) => setTimeout(resolve, 0));

describe('JobRecordWriter', () => {
  it('writes the records that wait together in one batch, each as it is when the batch goes out', async () => {
    const store = slowStore();
    const writer = new JobRecordWriter(store.write);
    const a = newJobRecord('a', 'https://x/a', 'a', 1);
    const b = newJobRecord('b', 'https://x/b', 'b', 2);
    const first = writer.save('a', () => a);
    await flush();
    // While the first batch is being written, three saves of two records wait: one batch, latest state.
    a.status = 'downloading';
    void writer.save('a', () => a);
    void writer.save('b', () => b);
    a.status = 'paused';
    void writer.save('a', () => a);
    store.finish();
    await first;
    await flush();
    expect(store.batches).toEqual([['a:queued'], ['a:paused', 'b:queued']]);
    store.finish();
    await writer.settled();
  });

  it('leaves out a record no longer wanted (removed meanwhile)', async () => {
    const store = slowStore();
    const writer = new JobRecordWriter(store.write);
    const a = newJobRecord('a', 'https://x/a', 'a', 1);
    let removed = false;
    const saving = writer.save('a', () => (removed ? null : a));
    removed = true;
    await flush();
    store.finish();
    await saving;
    expect(store.batches).toEqual([[]]);
  });

  it('a failed batch fails its own saves, and the next batch still goes out', async () => {
    const store = slowStore();
    const writer = new JobRecordWriter(store.write);
    const a = newJobRecord('a', 'https://x/a', 'a', 1);
    store.failNext();
    await expect(writer.save('a', () => a)).rejects.toThrow('disk full');
    const again = writer.save('a', () => a);
    await flush();
    store.finish();
    await again;
    expect(store.batches).toEqual([['a:queued'], ['a:queued']]);
  });
});
