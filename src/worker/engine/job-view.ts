import { positionOf } from '../../shared/job-order';
import { isDriving, type StopTarget } from '../../shared/job-lifecycle';
import { bytesDone } from '../../shared/segments';
import type { JobView, MirrorView, ViewStatus } from '../../shared/types';
import { runOf, type Entry } from './job-table';

const STOPPING: Record<StopTarget, ViewStatus> = {
  paused: 'pausing',
  canceled: 'canceling',
  removed: 'removing',
  queued: 'stopping',
};

function viewStatus(entry: Entry): ViewStatus {
  const phase = entry.phase;
  switch (phase.kind) {
    case 'starting':
      return 'queued';
    case 'stopping':
      return STOPPING[phase.then];
    case 'elsewhere':
      // What the driving tab last stored, until its own figures arrive.
      return entry.record.status;
    case 'removed':
      return 'removing';
    default:
      return phase.kind;
  }
}

/** Every server with what it gave: the link's share is what the mirrors did not give. */
function mirrorViews(mirrors: readonly MirrorView[], done: number): MirrorView[] {
  const others = mirrors.slice(1).reduce((sum, m) => sum + m.given, 0);
  return mirrors.map((m, i) => ({ url: m.url, given: i === 0 ? Math.max(0, done - others) : Math.min(m.given, done), dropped: m.dropped }));
}

/** What the page shows of a job: the record, with live figures from its run or from the tab that drives it. */
export function viewOf(entry: Entry): JobView {
  if (entry.phase.kind === 'elsewhere' && entry.hold.kind === 'waiting' && entry.hold.remote) {
    return { ...entry.hold.remote, elsewhere: true };
  }
  const job = entry.record;
  // A run that has ended keeps its hold until the job's last record lands (job-driver.ts): from
  // then on the job is at rest, and its row shows no live figures.
  const run = isDriving(entry.phase) ? runOf(entry) : null;
  const status = viewStatus(entry);
  const staged = job.size === null ? job.streamed : bytesDone(job.segments);
  const done = status === 'completed' ? (job.size ?? staged) : run ? run.bytesReceived() : staged;
  const speed = run ? run.meter.rate(performance.now()) : 0;
  const left = job.size === null ? null : Math.max(0, job.size - done);
  const pieces = run && job.size !== null && job.size > 0 ? run.pieces() : undefined;
  return {
    ...(pieces === undefined ? {} : { pieces }),
    ...(job.mirrors === undefined ? {} : { mirrors: mirrorViews(job.mirrors, done) }),
    id: job.id,
    url: job.url,
    // In a folder the file may have been saved as "name (1).bin": the row names what is on disk.
    name: job.savedAs ?? job.name,
    size: job.size,
    bytesDone: done,
    speed,
    eta: left !== null && speed > 0 ? left / speed : null,
    status,
    error: job.error,
    errorKind: job.errorKind,
    note: job.note,
    connections: run?.connections ?? 0,
    serverLimit: run?.serverLimit ?? null,
    protocol: run?.protocol ?? null,
    retrying: run?.retrying() ?? null,
    hasDestination: job.destination !== null,
    keptInBrowser: job.destination?.kind === 'browser',
    folder: job.destination?.kind === 'directory' ? job.destination.handle.name : null,
    sha256: job.sha256,
    expectedSha256: job.expectedSha256,
    ...(job.expectedSha256Source ? { expectedSha256Source: job.expectedSha256Source } : {}),
    elsewhere: entry.phase.kind === 'elsewhere',
    createdAt: job.createdAt,
    completedAt: job.completedAt,
    position: positionOf(job),
    speedLimit: job.speedLimit ?? 0,
  };
}
