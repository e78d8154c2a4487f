import { describe, expect, it } from 'vitest';
import { chipCounts, shows } from '../../src/ui/list-filter';
import { jobView, VIEW_STATUSES } from './job-view-fixture';

describe('list filter', () => {
  it('puts every status under All and at most one other chip; canceled rows only under All', () => {
    for (const status of VIEW_STATUSES) {
      const job = jobView({ status });
      expect(shows(job, 'all', ''), status).toBe(true);
      const chips = (['active', 'completed', 'failed'] as const).filter((f) => shows(job, f, ''));
      expect(chips.length, status).toBeLessThanOrEqual(1);
    }
    expect(shows(jobView({ status: 'paused' }), 'active', '')).toBe(true);
    expect(shows(jobView({ status: 'damaged' }), 'failed', '')).toBe(true);
    expect(shows(jobView({ status: 'canceled' }), 'active', '')).toBe(false);
  });

  it('searches the name and the server, in any case, and ignores the rest of the URL', () => {
    const job = jobView({ name: 'Ubuntu-24.04.iso', url: 'https://releases.example.org/path/secret-token?x=1' });
    expect(shows(job, 'all', 'ubuntu')).toBe(true);
    expect(shows(job, 'all', ' EXAMPLE.org ')).toBe(true);
    expect(shows(job, 'all', 'secret')).toBe(false);
    expect(shows(job, 'completed', 'ubuntu'), 'the chip still applies').toBe(false);
  });

  it('counts what each chip would show', () => {
    const jobs = [jobView({ status: 'downloading' }), jobView({ status: 'queued' }), jobView({ status: 'completed' }), jobView({ status: 'canceled' })];
    expect(chipCounts(jobs)).toEqual({ all: 4, active: 2, completed: 1, failed: 0 });
  });
});
