import { describe, expect, it } from 'vitest';
import { en } from '../../src/ui/i18n/en';
import type { EngineEvent, JobView } from '../../src/shared/types';
import { announcements, applyEvent, type JobMap } from '../../src/ui/job-map';
import { jobView, VIEW_STATUSES } from './job-view-fixture';

const a = jobView({ id: 'a', name: 'a.iso', status: 'downloading' });
const b = jobView({ id: 'b', name: 'b.iso', status: 'paused' });
const mapOf = (...jobs: JobView[]): JobMap => new Map(jobs.map((job) => [job.id, job]));
const update = (...jobs: JobView[]): EngineEvent => ({ type: 'update', jobs });

describe('applyEvent', () => {
  it('a snapshot replaces every job', () => {
    const next = applyEvent(mapOf(a), { type: 'snapshot', jobs: [b] });
    expect([...next.keys()]).toEqual(['b']);
  });

  it('an update replaces the jobs it carries and keeps the others, object for object', () => {
    const moved = { ...a, bytesDone: a.bytesDone + 1 };
    const before = mapOf(a, b);
    const next = applyEvent(before, update(moved));
    expect(next.get('a')).toBe(moved);
    expect(next.get('b')).toBe(b);
    expect(before.get('a')).toBe(a);
  });

  it('removed drops the jobs named, and ignores ids it does not know', () => {
    expect([...applyEvent(mapOf(a, b), { type: 'removed', ids: ['a', 'zzz'] }).keys()]).toEqual(['b']);
  });
});

describe('announcements', () => {
  it('says a download completed, failed (with why) or was canceled, once, when it gets there', () => {
    const before = mapOf(a, b);
    expect(announcements(before, update({ ...a, status: 'completed' }), en)).toEqual(['a.iso completed']);
    expect(announcements(before, update({ ...a, status: 'failed', error: 'The server answered 503' }), en)).toEqual([
      'a.iso failed: The server answered 503',
    ]);
    expect(announcements(before, update({ ...a, status: 'failed' }), en)).toEqual(['a.iso failed']);
    expect(announcements(before, update({ ...b, status: 'canceled' }), en)).toEqual(['b.iso canceled']);
    const done = mapOf({ ...a, status: 'completed' });
    expect(announcements(done, update({ ...a, status: 'completed', sha256: 'ab' }), en)).toEqual([]);
  });

  it('says nothing about progress ticks or other statuses', () => {
    const before = mapOf(a);
    expect(announcements(before, update({ ...a, bytesDone: a.bytesDone * 2, speed: 1000 }), en)).toEqual([]);
    for (const status of VIEW_STATUSES) {
      if (status === 'completed' || status === 'failed' || status === 'canceled') continue;
      expect(announcements(before, update({ ...a, status }), en), status).toEqual([]);
    }
  });

  it('says nothing for the jobs found on loading, nor for removals', () => {
    expect(announcements(new Map(), { type: 'snapshot', jobs: [{ ...a, status: 'completed' }] }, en)).toEqual([]);
    expect(announcements(mapOf(a), { type: 'removed', ids: ['a'] }, en)).toEqual([]);
  });

  it('says it for a job seen first already finished, and for each job of a batch', () => {
    const c = jobView({ id: 'c', name: 'c.iso', status: 'completed' });
    expect(announcements(mapOf(a), update(c, { ...a, status: 'canceled' }), en)).toEqual(['c.iso completed', 'a.iso canceled']);
  });
});

describe('notices', () => {
  it('change no job and announce nothing', () => {
    const jobs = new Map();
    const event = { type: 'notice', message: 'Close other Rangefetch tabs to finish updating.' } as const;
    expect(applyEvent(jobs, event)).toBe(jobs);
    expect(announcements(jobs, event, en)).toEqual([]);
  });
});
