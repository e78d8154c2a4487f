import { describe, expect, it } from 'vitest';
import { en } from '../../src/ui/i18n/en';
import type { EngineEvent, JobView } from '../../src/shared/types';
import type { JobMap } from '../../src/ui/job-map';
import { finishNotices } from '../../src/ui/notify-pref';
import { jobView, VIEW_STATUSES } from './job-view-fixture';

const mapOf = (...jobs: JobView[]): JobMap => new Map(jobs.map((job) => [job.id, job]));
const update = (...jobs: JobView[]): EngineEvent => ({ type: 'update', jobs });

describe('finishNotices', () => {
  const running = jobView({ id: 'a', name: 'a.iso', status: 'downloading' });

  it('a job that completes gives one notice: its name and "Download complete"', () => {
    expect(finishNotices(mapOf(running), update({ ...running, status: 'completed' }), en)).toEqual([
      { tag: 'rangefetch-a', title: 'a.iso', body: 'Download complete' },
    ]);
  });

  it('a job that fails says why', () => {
    const failed = { ...running, status: 'failed' as const, error: 'The link no longer works' };
    expect(finishNotices(mapOf(running), update(failed), en)).toEqual([{ tag: 'rangefetch-a', title: 'a.iso', body: 'The link no longer works' }]);
    expect(finishNotices(mapOf(running), update({ ...failed, error: null }), en)[0]?.body).toBe('Download failed');
  });

  it('only Completed and Failed notify, never a job already there', () => {
    for (const status of VIEW_STATUSES) {
      const notices = finishNotices(mapOf(running), update({ ...running, status }), en);
      expect(notices.length, status).toBe(status === 'completed' || status === 'failed' ? 1 : 0);
    }
    const done = { ...running, status: 'completed' as const };
    expect(finishNotices(mapOf(done), update({ ...done, bytesDone: done.bytesDone + 1 }), en), 'a later update of a finished job').toEqual([]);
  });

  it('a job first seen completed in an update notifies; the snapshot on loading never does', () => {
    const done = jobView({ id: 'b', name: 'b.iso', status: 'completed' });
    expect(finishNotices(new Map(), update(done), en)).toHaveLength(1);
    expect(finishNotices(new Map(), { type: 'snapshot', jobs: [done] }, en)).toEqual([]);
    expect(finishNotices(mapOf(done), { type: 'removed', ids: ['b'] }, en)).toEqual([]);
  });

  it('each job of one update gets its own notice, tagged by job', () => {
    const b = jobView({ id: 'b', name: 'b.iso', status: 'downloading' });
    const notices = finishNotices(mapOf(running, b), update({ ...running, status: 'completed' }, { ...b, status: 'failed', error: 'Mismatch' }), en);
    expect(notices.map((n) => n.tag)).toEqual(['rangefetch-a', 'rangefetch-b']);
  });
});
