import type { JobStatus, SegmentState } from '../shared/types';

/** Where the finished file goes: the file the person picked, or a folder picked for several URLs. */
export type Destination =
  | { kind: 'file'; handle: FileSystemFileHandle }
  | { kind: 'directory'; handle: FileSystemDirectoryHandle };

/** Everything needed to carry on with a job after a reload; stored as one IndexedDB row. */
export interface JobRecord {
  id: string;
  url: string;
  name: string;
  /** Total size; null while unknown (no Content-Length). */
  size: number | null;
  /** null until the probe has answered. */
  rangeSupported: boolean | null;
  etag: string | null;
  lastModified: string | null;
  /** Tiling of [0, size) with the durably staged prefix of each range; empty before the probe. */
  segments: SegmentState[];
  /** Bytes durably staged by a single stream whose size is unknown (no Content-Length). */
  streamed: number;
  status: JobStatus;
  error: string | null;
  note: string | null;
  destination: Destination | null;
  /** Name chosen inside a destination folder; fixed before the first byte is exported so a retry reuses it. */
  savedAs: string | null;
  needsPermission: boolean;
  expectedSha256: string | null;
  createdAt: number;
  completedAt: number | null;
}

export function newJobRecord(id: string, url: string, name: string, now: number): JobRecord {
  return {
    id,
    url,
    name,
    size: null,
    rangeSupported: null,
    etag: null,
    lastModified: null,
    segments: [],
    streamed: 0,
    status: 'queued',
    error: null,
    note: null,
    destination: null,
    savedAs: null,
    needsPermission: false,
    expectedSha256: null,
    createdAt: now,
    completedAt: null,
  };
}
