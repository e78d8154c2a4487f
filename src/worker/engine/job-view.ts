import { bytesDone } from '../../shared/segments';
import type { JobView } from '../../shared/types';
import type { DownloadRun } from '../run/download-run';
import type { JobRecord } from '../storage/job-record';

/** What the page shows of a job this tab holds: the record, with live figures from its run. */
export function jobView(job: JobRecord, run: DownloadRun | null): JobView {
  const done = run ? run.bytesReceived() : job.size === null ? job.streamed : bytesDone(job.segments);
  const speed = run ? run.meter.rate(performance.now()) : 0;
  const left = job.size === null ? null : job.size - done;
  return {
    id: job.id,
    url: job.url,
    name: job.name,
    size: job.size,
    bytesDone: job.status === 'completed' ? (job.size ?? done) : done,
    speed,
    eta: left !== null && speed > 0 ? left / speed : null,
    status: job.status,
    error: job.error,
    errorKind: job.errorKind,
    note: job.note,
    connections: run?.connections ?? 0,
    needsPermission: job.needsPermission,
    hasDestination: job.destination !== null,
    sha256: job.sha256,
    expectedSha256: job.expectedSha256,
    elsewhere: false,
    createdAt: job.createdAt,
    completedAt: job.completedAt,
  };
}
