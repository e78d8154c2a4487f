import type { StoredStatus } from '../../shared/job-lifecycle';
import type { ChecksumSource } from '../../shared/published-sums';
import type { FailureKind, MirrorView, SegmentState, ZipEntryJob } from '../../shared/types';
import type { Destination } from '../api';

export type { Destination };

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
  /** Media type of the probe's answer; a later answer turning into a web page is not the file. */
  contentType: string | null;
  /**
   * SHA-256 (hex) of the first and last FINGERPRINT_BYTES of the file, kept when the server
   * shows no validator, so a resume can still tell whether the remote file changed.
   */
  fingerprint: string | null;
  /** Tiling of [0, size) with the durably staged prefix of each range; empty before the probe. */
  segments: SegmentState[];
  /** Bytes durably staged by a single stream whose size is unknown (no Content-Length). */
  streamed: number;
  /** Kept equal to what the job's lifecycle phase stores (see engine/job-table.ts). */
  status: StoredStatus;
  error: string | null;
  /** What kind of failure `error` describes; decides which actions the row offers. */
  errorKind: FailureKind | null;
  note: string | null;
  destination: Destination | null;
  /** Name chosen inside a destination folder; fixed before the first byte is exported so a retry reuses it. */
  savedAs: string | null;
  /**
   * The name the person gave for the file (sanitized), kept over the server's inside a picked
   * folder; absent when they gave none (and in records stored before it existed).
   */
  /** This download's own speed limit in MiB/s, on top of the overall one; absent or 0: none. */
  speedLimit?: number;
  /** Its place in line (see shared/job-order.ts); absent until the person first moves a job. */
  position?: number;
  givenName?: string;
  /**
   * Every server of a job with mirrors, the link (`url`) first, with the bytes each gave and why
   * one was dropped; absent for a job with one server (and in records stored before mirrors).
   */
  mirrors?: MirrorView[];
  /** The size the list gave for the file (a Metalink's <size>); absent when none was given. */
  expectedSize?: number;
  /**
   * One entry of a remote ZIP: the link asks for its compressed bytes (shared/url-window.ts) and
   * `unpacked` says the staged file holds it inflated and checked (worker/zip/unpack-entry.ts).
   */
  zipEntry?: ZipEntryJob & { unpacked: boolean };
  /** The person chose to keep a web page the server sent where a file was expected. */
  allowWebPage: boolean;
  expectedSha256: string | null;
  /**
   * Where `expectedSha256` was found when the person gave none: published beside the file
   * (SHA256SUMS, NAME.sha256) or in its answer's Repr-Digest. Absent when it is the person's own.
   */
  expectedSha256Source?: ChecksumSource;
  /** SHA-256 (hex) of the finished file, computed while it was copied to its destination. */
  sha256: string | null;
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
    contentType: null,
    fingerprint: null,
    segments: [],
    streamed: 0,
    status: 'queued',
    error: null,
    errorKind: null,
    note: null,
    destination: null,
    savedAs: null,
    allowWebPage: false,
    expectedSha256: null,
    sha256: null,
    createdAt: now,
    completedAt: null,
  };
}

/** A record stored by an earlier version, with the fields added since set to their defaults. */
export function withDefaults(stored: JobRecord): JobRecord {
  return { ...newJobRecord(stored.id, stored.url, stored.name, stored.createdAt), ...stored };
}

/**
 * Forgets the staged bytes' bookkeeping (the bytes themselves are deleted by the caller). What
 * is known of the remote file stays, so the row can still say how big it is; the next run sees
 * no progress for a known size and asks the server again.
 */
export function forgetStagedProgress(job: JobRecord): void {
  job.segments = [];
  job.streamed = 0;
  if (job.zipEntry) job.zipEntry.unpacked = false;
}

/** Forgets everything learned about the remote file and every staged byte's bookkeeping. */
/**
 * Gives the job a new link (Change URL). A job with mirrors keeps its link first among its
 * servers, where the row lists it and a dead link is moved from (link-switch.ts).
 */
export function setLink(job: JobRecord, url: string): void {
  job.url = url;
  const [link, ...others] = job.mirrors ?? [];
  if (link !== undefined) job.mirrors = [{ url, given: link.given, dropped: null }, ...others];
}

export function forgetRemoteFile(job: JobRecord): void {
  job.rangeSupported = null;
  job.size = null;
  job.etag = null;
  job.lastModified = null;
  job.contentType = null;
  job.fingerprint = null;
  job.segments = [];
  job.streamed = 0;
  job.sha256 = null;
  job.completedAt = null;
  if (job.zipEntry) job.zipEntry.unpacked = false;
  // What each mirror gave was of the old version; a mirror dropped for serving another file may
  // serve the new one, so every one is asked again.
  // In place: a run's mirror set holds these very records, and goes on updating them.
  for (const m of job.mirrors ?? []) {
    m.given = 0;
    m.dropped = null;
  }
}
