import type { StoredStatus } from '../../shared/job-lifecycle';
import { isSha256Hex } from '../../shared/hex';
import { isChecksumSource } from '../../shared/published-sums';
import { validateSegments } from '../../shared/segments';
import { isAmount, isAmountOrNull, isCount, isCountOrNull, isListOf, isObject, isOneOf, isStringOrNull, type Fields } from '../../shared/shape';
import { FAILURE_KINDS, type MirrorView, type SegmentState } from '../../shared/types';
import type { JobRecord } from './job-record';

const STATUSES: readonly StoredStatus[] = ['queued', 'downloading', 'saving', 'paused', 'save-blocked', 'web-page', 'failed', 'canceled', 'completed'];
/** More segments than any run makes (work stealing splits a few dozen at most). */
const MAX_SEGMENTS = 100_000;

/** A stored record that cannot be used, with what could be read of it to show the row. */
export interface DamagedRecord {
  id: string;
  name: string;
  url: string;
  reason: string;
}

export type RecordCheck = { ok: true; record: JobRecord } | { ok: false; damaged: DamagedRecord };

function isSegment(value: unknown): value is SegmentState {
  return isObject(value) && isCount(value.start) && isCount(value.end) && isCount(value.done);
}

/** More servers than any list gives for one file. */
const MAX_MIRRORS = 64;

function isMirror(value: unknown): value is MirrorView {
  return isObject(value) && isHttpUrl(value.url) && isCount(value.given) && isStringOrNull(value.dropped);
}

/** Folders deeper than any archive a person picks files from. */
const MAX_ZIP_FOLDERS = 64;

function isZipEntry(value: unknown): boolean {
  return (
    isObject(value) &&
    (value.method === 0 || value.method === 8) &&
    isCount(value.crc32) &&
    (value.crc32 as number) <= 0xffffffff &&
    isCount(value.size) &&
    isListOf(value.folders, (f): f is string => typeof f === 'string' && f !== '', MAX_ZIP_FOLDERS) &&
    typeof value.unpacked === 'boolean'
  );
}

function isHandle(value: unknown, kind: 'file' | 'directory'): boolean {
  // Handles cannot be constructed outside a browser; their shape is what the code relies on.
  return isObject(value) && value.kind === kind && typeof value.name === 'string';
}

function isDestination(value: unknown): boolean {
  if (value === null) return true;
  if (!isObject(value)) return false;
  if (value.kind === 'browser') return true;
  return (value.kind === 'file' || value.kind === 'directory') && isHandle(value.handle, value.kind);
}

function isHexOrNull(value: unknown): boolean {
  return value === null || (typeof value === 'string' && isSha256Hex(value));
}

function isHttpUrl(value: unknown): value is string {
  if (typeof value !== 'string') return false;
  try {
    const url = new URL(value);
    return url.protocol === 'http:' || url.protocol === 'https:';
  } catch {
    return false;
  }
}

/** The first field that is not what a record of this version holds; null when all are. */
function firstBadField(r: Fields): string | null {
  const checks: Array<[string, boolean]> = [
    ['url', isHttpUrl(r.url)],
    ['name', typeof r.name === 'string' && r.name !== ''],
    ['size', isCountOrNull(r.size)],
    ['rangeSupported', r.rangeSupported === null || typeof r.rangeSupported === 'boolean'],
    ['etag', isStringOrNull(r.etag)],
    ['lastModified', isStringOrNull(r.lastModified)],
    ['contentType', isStringOrNull(r.contentType)],
    ['fingerprint', isHexOrNull(r.fingerprint)],
    ['segments', isListOf(r.segments, isSegment, MAX_SEGMENTS)],
    ['streamed', isCount(r.streamed)],
    ['status', isOneOf(STATUSES, r.status)],
    ['error', isStringOrNull(r.error)],
    ['errorKind', r.errorKind === null || isOneOf(FAILURE_KINDS, r.errorKind)],
    ['note', isStringOrNull(r.note)],
    ['destination', isDestination(r.destination)],
    ['savedAs', isStringOrNull(r.savedAs)],
    ['speedLimit', r.speedLimit === undefined || isAmount(r.speedLimit)],
    ['position', r.position === undefined || (typeof r.position === 'number' && Number.isFinite(r.position))],
    ['givenName', r.givenName === undefined || (typeof r.givenName === 'string' && r.givenName !== '')],
    ['mirrors', r.mirrors === undefined || isListOf(r.mirrors, isMirror, MAX_MIRRORS)],
    ['zipEntry', r.zipEntry === undefined || isZipEntry(r.zipEntry)],
    ['allowWebPage', typeof r.allowWebPage === 'boolean'],
    ['expectedSha256', isHexOrNull(r.expectedSha256)],
    ['expectedSha256Source', r.expectedSha256Source === undefined || isChecksumSource(r.expectedSha256Source)],
    ['sha256', isHexOrNull(r.sha256)],
    ['createdAt', isAmount(r.createdAt)],
    ['completedAt', isAmountOrNull(r.completedAt)],
  ];
  return checks.find(([, ok]) => !ok)?.[0] ?? null;
}

/**
 * Checks a record read from IndexedDB before anything relies on it. A damaged one (a broken
 * write, a bug in an older version, a hand-edited database) becomes a row of its own that says
 * so, instead of failing the whole list.
 */
export function checkJobRecord(raw: unknown): RecordCheck {
  const r = isObject(raw) ? raw : {};
  const id = typeof r.id === 'string' && r.id !== '' ? r.id : null;
  const damaged = (reason: string): RecordCheck => ({
    ok: false,
    damaged: {
      id: id ?? '',
      name: typeof r.name === 'string' && r.name !== '' ? r.name : 'Damaged entry',
      url: typeof r.url === 'string' ? r.url : '',
      reason,
    },
  });
  if (id === null) return damaged('it has no id');
  const bad = firstBadField(r);
  if (bad !== null) return damaged(`its ${bad} is not valid`);
  // The field checks above make this cast sound: every field of JobRecord was checked.
  const record = r as unknown as JobRecord;
  if (record.size !== null && record.segments.length > 0) {
    const problem = validateSegments(record.segments, record.size);
    if (problem !== null) return damaged(problem);
  }
  return { ok: true, record };
}
