import type { JobView, ViewStatus } from '../../src/shared/types';
import { en } from '../../src/ui/i18n/en';

/** Every view status, from a Record keyed by ViewStatus, so a new status cannot be left out. */
export const VIEW_STATUSES = Object.keys(en.row.status) as ViewStatus[];

/** A plain job view; tests override what they are about. */
export function jobView(overrides: Partial<JobView> = {}): JobView {
  return {
    id: 'job-1',
    url: 'https://example.com/file.iso',
    name: 'file.iso',
    size: 4 * 1024 * 1024,
    bytesDone: 1024 * 1024,
    speed: 0,
    eta: null,
    status: 'queued',
    error: null,
    errorKind: null,
    note: null,
    connections: 0,
    serverLimit: null,
    protocol: null,
    retrying: null,
    hasDestination: true,
    keptInBrowser: false,
    folder: null,
    sha256: null,
    expectedSha256: null,
    elsewhere: false,
    createdAt: 1,
    completedAt: null,
    position: 1,
    speedLimit: 0,
    ...overrides,
  };
}
