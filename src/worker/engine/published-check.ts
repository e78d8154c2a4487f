import { isDriving, type JobEvent, type Outcome, type Phase } from '../../shared/job-lifecycle';
import { digestOfHeaders, type FoundChecksum } from '../../shared/published-sums';
import type { Settings } from '../../shared/settings';
import { lookUpPublishedChecksum } from '../net/published-checksum';
import type { JobRecord } from '../storage/job-record';
import { mismatchMessage } from './mismatch-message';

/** What the check reads of a job's entry (job-table.ts). */
export interface CheckedEntry {
  readonly record: JobRecord;
  readonly phase: Phase;
}

/** What the check needs of the engine around it. */
export interface PublishedPorts<E extends CheckedEntry> {
  settings(): Settings;
  dispatch(entry: E, event: JobEvent): Outcome & { done: Promise<void> };
  changed(entry: E): void;
}

/**
 * How long the close of a file whose every byte is here waits for a look still under way: long
 * enough for a server that answers, short enough that one that does not costs a file little.
 */
export const CLOSE_GRACE_MS = 1000;

/**
 * One run's look for the checksum a file's publisher put beside it, alongside the download and
 * never holding up its bytes. A checksum found while the run is on becomes the one the copy
 * checks the file against (as if the person had given it): the close of the file waits for the
 * look at most CLOSE_GRACE_MS. One found after the file was saved is checked against the file's
 * SHA-256 then, through the lifecycle. A checksum the person gave wins: then nothing is looked for.
 */
export class PublishedCheck<E extends CheckedEntry> {
  /** Settles when the look has ended, found or not. */
  private looked: Promise<void> = Promise.resolve();

  private constructor(
    private readonly entry: E,
    private readonly job: JobRecord,
    private readonly ports: PublishedPorts<E>,
  ) {}

  /** Every byte is here: the file is closed once the look has ended, or after `graceMs`. */
  beforeClose(graceMs = CLOSE_GRACE_MS): Promise<void> {
    return new Promise<void>((resolve) => {
      const timer = setTimeout(resolve, graceMs);
      void this.looked.then(() => {
        clearTimeout(timer);
        resolve();
      });
    });
  }

  /** Starts looking for the job's published checksum; null when there is nothing to look for. */
  static start<E extends CheckedEntry>(entry: E, ports: PublishedPorts<E>): PublishedCheck<E> | null {
    const job = entry.record;
    // One found by an earlier run is looked for again: the publisher may have changed it since.
    if (job.expectedSha256Source !== undefined) {
      job.expectedSha256 = null;
      delete job.expectedSha256Source;
    }
    if (job.expectedSha256 !== null || !ports.settings().lookForPublishedChecksums) return null;
    // An entry out of a ZIP: what its folder (and the archive's answer) publish is the archive's.
    if (job.zipEntry !== undefined) return null;
    const check = new PublishedCheck(entry, job, ports);
    check.looked = lookUpPublishedChecksum(job.url)
      .then((found) => {
        if (found !== null) check.take(found);
      })
      .catch((error: unknown) => console.warn('Could not check a published checksum', error));
    return check;
  }

  /** The probe's answer: its server may publish the file's digest in a header. */
  probed(answer: Pick<Response, 'headers' | 'url'>): void {
    let host: string;
    try {
      host = new URL(answer.url || this.job.url).host;
    } catch {
      return;
    }
    const found = digestOfHeaders((name) => answer.headers.get(name), host);
    if (found !== null) this.take(found);
  }

  /**
   * After the run ended: a checksum that arrived while the copy was closing the file was not
   * seen by it, and is checked now.
   */
  afterRun(): void {
    const { job } = this;
    if (this.entry.record !== job || this.entry.phase.kind !== 'completed' || job.expectedSha256Source === undefined) return;
    if (job.sha256 !== null && job.sha256 !== job.expectedSha256) this.settle();
  }

  /** The first checksum found is the one: the file is checked against it alone. */
  private take(found: FoundChecksum): void {
    const { entry, job } = this;
    if (entry.record !== job || job.expectedSha256 !== null) return;
    const saved = entry.phase.kind === 'completed' && job.sha256 !== null;
    if (!isDriving(entry.phase) && !saved) return;
    job.expectedSha256 = found.sha256;
    job.expectedSha256Source = found.source;
    if (saved) this.settle();
    else this.ports.changed(entry);
  }

  /** The saved file against the checksum found after it: the row says Verified, or it fails. */
  private settle(): void {
    const { job } = this;
    const matches = job.sha256 === job.expectedSha256;
    if (!matches) {
      job.error = mismatchMessage(job, job.sha256 ?? '', true);
      job.errorKind = 'integrity';
    }
    this.ports.dispatch(this.entry, { type: 'checksum-found', matches });
  }
}
