import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { EngineEvent } from '../../src/shared/types';
import { ProgressFeed } from '../../src/worker/engine/progress-feed';
import { jobView } from './job-view-fixture';

/** A feed over jobs a…z with nothing running, and the update events its listener heard. */
function feedWithListener(): { feed: ProgressFeed; updates: string[][] } {
  const feed = new ProgressFeed((id) => jobView({ id }), () => [], () => undefined);
  const updates: string[][] = [];
  feed.listen((event: EngineEvent) => {
    if (event.type === 'update') updates.push(event.jobs.map((job) => job.id));
  });
  return { feed, updates };
}

/** Runs due timers and the listener calls they queue (emit hands events over in a microtask). */
async function advance(ms: number): Promise<void> {
  await vi.advanceTimersByTimeAsync(ms);
}

describe('ProgressFeed', () => {
  beforeEach(() => vi.useFakeTimers());
  afterEach(() => vi.useRealTimers());

  it('sends new statuses made close together in one update, within 40 ms', async () => {
    const { feed, updates } = feedWithListener();
    feed.touch('a', true);
    await advance(10);
    feed.touch('b', true);
    await advance(10);
    feed.touch('c', true);
    expect(updates).toEqual([]);
    await advance(20);
    expect(updates).toEqual([['a', 'b', 'c']]);
  });

  it('does not put a status off behind a waiting progress push, nor behind later statuses', async () => {
    const { feed, updates } = feedWithListener();
    feed.touch('a');
    await advance(100);
    feed.touch('b', true);
    await advance(30);
    // Another status does not restart the short wait, or a steady stream of them would starve it.
    feed.touch('c', true);
    await advance(10);
    expect(updates).toEqual([['a', 'b', 'c']]);
  });

  it('sends progress alone at most every 250 ms', async () => {
    const { feed, updates } = feedWithListener();
    feed.touch('a');
    await advance(200);
    feed.touch('a');
    expect(updates).toEqual([]);
    await advance(50);
    expect(updates).toEqual([['a']]);
  });
});
