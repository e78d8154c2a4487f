import { accepts, isDriving, type Command, type Phase } from './job-lifecycle';

/** What the overview's buttons ask of every job at once. */
export type BulkCommand = 'pause-all' | 'resume-all' | 'retry-failed' | 'clear-completed';

const anyPhase = (): boolean => true;

/** Which row command each bulk action gives, and to which jobs. */
const BULK: Readonly<Record<BulkCommand, { command: Command; concerns: (phase: Phase) => boolean }>> = {
  'pause-all': { command: 'pause', concerns: anyPhase },
  'resume-all': { command: 'resume', concerns: anyPhase },
  'retry-failed': { command: 'retry', concerns: (phase) => phase.kind === 'failed' },
  'clear-completed': { command: 'remove', concerns: (phase) => phase.kind === 'completed' },
};

/**
 * The jobs (in line order) a bulk action gives its command to, and that command: those it
 * concerns whose lifecycle accepts it. Pause all takes queued jobs before running ones, so none
 * starts in a slot a paused one just freed.
 */
export function bulkTargets<T extends { phase: Phase }>(jobs: readonly T[], bulk: BulkCommand): { command: Command; targets: T[] } {
  const { command, concerns } = BULK[bulk];
  const targets = jobs.filter((job) => concerns(job.phase) && accepts(job.phase, command));
  if (bulk === 'pause-all') targets.sort((a, b) => Number(isDriving(a.phase)) - Number(isDriving(b.phase)));
  return { command, targets };
}
