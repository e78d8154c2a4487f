import { describe, expect, it } from 'vitest';
import { bulkTargets } from '../../src/shared/bulk-commands';
import { accepts, ALL_PHASES, isDriving } from '../../src/shared/job-lifecycle';

const jobs = ALL_PHASES.map((phase, i) => ({ id: `j${i}`, phase }));

describe('bulk actions', () => {
  it('Pause all and Resume all give their command to every job whose lifecycle accepts it, and no other', () => {
    for (const [bulk, command] of [
      ['pause-all', 'pause'],
      ['resume-all', 'resume'],
    ] as const) {
      const { command: given, targets } = bulkTargets(jobs, bulk);
      expect(given).toBe(command);
      expect(new Set(targets)).toEqual(new Set(jobs.filter((j) => accepts(j.phase, command))));
    }
  });

  it('Retry failed concerns failed jobs only, Clear completed completed ones only', () => {
    expect(bulkTargets(jobs, 'retry-failed').targets.map((j) => j.phase.kind)).toEqual(['failed']);
    const cleared = bulkTargets(jobs, 'clear-completed');
    expect(cleared.command).toBe('remove');
    expect(cleared.targets.map((j) => j.phase.kind)).toEqual(['completed']);
  });

  it('Pause all pauses the waiting jobs before the running ones', () => {
    const { targets } = bulkTargets(jobs, 'pause-all');
    const firstRunning = targets.findIndex((j) => isDriving(j.phase));
    expect(firstRunning).toBeGreaterThan(0);
    expect(targets.slice(firstRunning).every((j) => isDriving(j.phase)), 'no waiting job after a running one').toBe(true);
  });
});
