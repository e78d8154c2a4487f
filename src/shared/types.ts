import type { StoredStatus } from './job-lifecycle';
import type { ChecksumSource } from './published-sums';

/** A half-open byte range [start, end). */
export interface ByteRange {
  start: number;
  end: number;
}

/** A planned range and how many of its bytes, counted from `start`, are durably staged. */
export interface SegmentState extends ByteRange {
  done: number;
}

/**
 * What a row shows: a stored status, a run that is stopping (named by where it goes), or a record
 * that could not be read.
 */
export type ViewStatus = StoredStatus | 'pausing' | 'canceling' | 'removing' | 'stopping' | 'damaged';

/** Why a download stopped; decides which actions its row offers. */
export type FailureKind =
  | 'cors'
  | 'network'
  | 'http'
  /** 401/403/404/410 after bytes arrived: the link expired; a fresh link can carry on. */
  | 'expired'
  /**
   * After the URL had answered readably, the server kept sending error answers without CORS
   * headers (nginx's add_header without `always`): an expired link or an overloaded server.
   */
  | 'unreadable'
  /** A plain http:// link from this https:// page: the browser blocks the read (mixed content). */
  | 'mixed-content'
  | 'changed'
  | 'bad-response'
  | 'quota'
  | 'permission'
  | 'integrity'
  | 'storage';

/** Every FailureKind, for checking what storage or another tab says. */
export const FAILURE_KINDS: readonly FailureKind[] = [
  'cors',
  'network',
  'http',
  'expired',
  'unreadable',
  'mixed-content',
  'changed',
  'bad-response',
  'quota',
  'permission',
  'integrity',
  'storage',
];

/** What the UI may show of a job. Everything here is plain data so it crosses threads by cloning. */
export interface JobView {
  id: string;
  url: string;
  name: string;
  /** Total size in bytes; null while unknown (no Content-Length). */
  size: number | null;
  bytesDone: number;
  /** Bytes per second, smoothed over a few seconds; 0 when idle. */
  speed: number;
  /** Seconds left at the current speed; null when unknown. */
  eta: number | null;
  status: ViewStatus;
  /** Why the job failed or is paused by itself (e.g. no space), in words a person can act on. */
  error: string | null;
  errorKind: FailureKind | null;
  /** Something worth knowing that is not a failure (e.g. the file changed and the job started again). */
  note: string | null;
  /** Requests open now (sent, or a body streaming): connections on HTTP/1.1, streams on HTTP/2. */
  connections: number;
  /** The server refused more connections: the most it gets now, below the setting. Null: no limit seen. */
  serverLimit: number | null;
  /** The protocol the server answered with ("HTTP/2"), when the browser shows it; null otherwise. */
  protocol: string | null;
  /** A failed request waits to be tried again: which try comes next, of how many, and why. */
  retrying: RetryState | null;
  /** The save location is known; false when a job waits for a Save click. */
  hasDestination: boolean;
  /**
   * No place could be picked (a browser without save pickers): the file is kept in the browser's
   * private storage and handed to the browser's downloads when complete, again on Save again.
   */
  keptInBrowser: boolean;
  /** The name of the folder the person picked for it, when it was a folder; `name` is the file's. */
  folder: string | null;
  /** SHA-256 (lowercase hex) of the finished file; null until it is saved. */
  sha256: string | null;
  /** The checksum the file is checked against: the person's, or one its publisher put beside it. */
  expectedSha256: string | null;
  /** Where `expectedSha256` was found; absent when the person gave it. */
  expectedSha256Source?: ChecksumSource;
  /** Another open tab of the app is downloading this job; these figures are its. */
  elsewhere: boolean;
  createdAt: number;
  completedAt: number | null;
  /** The ranges being fetched now, in file order, while a run of a known size is on; absent otherwise. */
  pieces?: PieceView[];
  /** Its place in line: jobs start, and get free connections, in this order. */
  position: number;
  /** Its own speed limit in MiB/s, on top of the overall one; 0 for none. */
  speedLimit: number;
  /** A job with mirrors: every server, the link first, with what each gave; absent otherwise. */
  mirrors?: MirrorView[];
}

/** A range a connection is fetching now: [start, end) of the file, received up to `at`. */
export interface PieceView {
  start: number;
  end: number;
  at: number;
}

export interface RetryState {
  /** The try that comes next, counting the first (2 for the first retry). */
  attempt: number;
  /** Tries in all before the job gives up. */
  of: number;
  reason: string;
}

/** Events the worker pushes to its subscribers; batched, at most a few per second per job. */
export type EngineEvent =
  | { type: 'snapshot'; jobs: JobView[] }
  | { type: 'update'; jobs: JobView[] }
  | { type: 'removed'; ids: string[] }
  /** A download kept in the browser is complete: the page gives its file to the browser's downloads. */
  | { type: 'hand-over'; id: string; name: string }
  /** A message for the whole page, not about one job (e.g. close other tabs to finish an update). */
  | { type: 'notice'; message: string };

/** A URL line the person entered, already validated. */
export interface UrlEntry {
  url: string;
  /** Expected SHA-256 in lowercase hex, when the person gave one. */
  sha256?: string;
  /** The file name to save under instead of the server's (an `out=` of an imported list). */
  name?: string;
  /** Other links to the same file (mirrors: TAB-separated links of a list, or a Metalink's URLs). */
  mirrors?: string[];
  /** The link asks for one entry of a ZIP (its compressed bytes: see url-window.ts); what it unpacks to. */
  zipEntry?: ZipEntryJob;
}

/** What a download of one ZIP entry needs to unpack and check it, and where in a picked folder it goes. */
export interface ZipEntryJob {
  /** 0 stored, 8 deflate. */
  method: 0 | 8;
  crc32: number;
  /** Its size unpacked. */
  size: number;
  /** Folders to keep it in inside a picked folder, each a safe name, outermost first. */
  folders: string[];
}

/** One server of a job with mirrors, as its row shows it. */
export interface MirrorView {
  url: string;
  /** Bytes it sent that were staged (of this version of the file). */
  given: number;
  /** Why it is no longer asked (it failed, or serves another file); null while it is used. */
  dropped: string | null;
}
