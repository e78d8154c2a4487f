import { describe, expect, it } from 'vitest';
import { CheckpointScheduler, ProgressRecorder, UNRECORDED_FILE_BYTES } from '../../src/worker/run/progress-recorder';
import { LiveSegments, segmentAt } from '../../src/worker/run/live-segments';
import { newJobRecord } from '../../src/worker/storage/job-record';

/** A checkpoint that stays under way until the test lets it end. */
function controlledTakes(): { take: (now: boolean) => Promise<void>; started: boolean[]; endNext: () => void } {
  const started: boolean[] = [];
  const ends: Array<() => void> = [];
  return {
    started,
    take: (now) => {
      started.push(now);
      return new Promise<void>((resolve) => ends.push(resolve));
    },
    endNext: () => ends.shift()?.(),
  };
}

const tick = async (): Promise<void> => {
  for (let i = 0; i < 10; i++) await Promise.resolve();
};

describe('CheckpointScheduler', () => {
  it('runs one checkpoint at a time, and turns any number of requests during it into one more', async () => {
    const { take, started, endNext } = controlledTakes();
    const scheduler = new CheckpointScheduler(take);
    scheduler.request();
    scheduler.request();
    scheduler.request();
    expect(started).toHaveLength(1);
    endNext();
    await tick();
    expect(started, 'one queued behind the first').toHaveLength(2);
    endNext();
    await tick();
    expect(started).toHaveLength(2);
  });

  it('finish() waits for the checkpoint under way and the one queued, then takes a last one', async () => {
    const { take, started, endNext } = controlledTakes();
    const scheduler = new CheckpointScheduler(take);
    scheduler.request();
    scheduler.request();
    let finished = false;
    const finishing = scheduler.finish().then(() => (finished = true));
    await tick();
    expect(started).toHaveLength(1);
    endNext();
    await tick();
    expect(started).toHaveLength(2);
    endNext();
    await tick();
    expect(started, 'the last one').toHaveLength(3);
    expect(finished).toBe(false);
    endNext();
    await finishing;
    expect(finished).toBe(true);
  });

  it('a failing checkpoint does not stop the next one', async () => {
    let calls = 0;
    const scheduler = new CheckpointScheduler(() => (++calls === 1 ? Promise.reject(new Error('disk')) : Promise.resolve()));
    scheduler.request();
    scheduler.request();
    await tick();
    expect(calls).toBe(2);
  });

  it('now() goes out at once, marked to be sent now', async () => {
    const { take, started } = controlledTakes();
    const scheduler = new CheckpointScheduler(take);
    scheduler.request();
    void scheduler.now();
    expect(started).toEqual([false, true]);
  });
});

describe('ProgressRecorder', () => {
  it('flushes before it records, and records unchecked ranges as not begun', async () => {
    const job = newJobRecord('j', 'http://h/f', 'f', 0);
    job.size = 200;
    const live = new LiveSegments();
    live.list = [segmentAt(0, 100, 60), segmentAt(100, 200, 30)];
    const second = live.list[1];
    if (second) second.check = { at: 96, bytes: new Uint8Array(4) };
    const events: string[] = [];
    const recorder = new ProgressRecorder(job, live, () => ({ flush: () => void events.push('flush') }), {
      persist: async () => void events.push(`persist ${JSON.stringify(job.segments)}`),
      persistNow: async () => void events.push('persistNow'),
    });
    await recorder.finish(false);
    expect(events).toEqual(['flush', 'persist [{"start":0,"end":100,"done":60},{"start":100,"end":200,"done":0}]']);
    await recorder.now();
    expect(events.slice(2)).toEqual(['flush', 'persistNow']);
  });

  it('records a small file that is all staged not at all, and one that stopped short as any other', async () => {
    const job = newJobRecord('j', 'http://h/f', 'f', 0);
    job.size = UNRECORDED_FILE_BYTES;
    const live = new LiveSegments();
    live.list = [segmentAt(0, job.size, job.size)];
    const events: string[] = [];
    const recorder = new ProgressRecorder(job, live, () => ({ flush: () => void events.push('flush') }), {
      persist: async () => void events.push('persist'),
      persistNow: async () => void events.push('persistNow'),
    });
    expect(await recorder.finish(true)).toBe(false);
    expect(events).toEqual([]);
    expect(await recorder.finish(false)).toBe(true);
    expect(events).toEqual(['flush', 'persist']);
    // One byte more is a file whose progress is worth recording as it goes.
    job.size = UNRECORDED_FILE_BYTES + 1;
    live.list = [segmentAt(0, job.size, job.size)];
    await recorder.finish(true);
    expect(events).toEqual(['flush', 'persist', 'flush', 'persist']);
  });
});
