import type { KnownFile } from '../../shared/answer-check';
import type { Settings } from '../../shared/settings';
import { lagsBehind, type SourcePace } from '../../shared/source-pace';
import { SpeedMeter } from '../../shared/speed-meter';
import type { MirrorView } from '../../shared/types';
import { DownloadError, FileChangedError, isAbort } from '../download-error';
import type { Claimant, ConnectionBudget } from '../net/connection-budget';
import { discardBody, requestRange } from '../net/http-requests';
import { fetchMirrorFingerprint } from '../net/mirror-fingerprint';
import { RequestSlots } from '../net/request-slots';
import { sleep } from '../sleep';
import type { JobRecord } from '../storage/job-record';
import type { LiveSegment, LiveSegments } from './live-segments';
import type { Answer, PoolControl, RangeSource, SegmentFetcher } from './segment-fetch';
import { droppedNote, dropReason, expectSameFile, HIDDEN_RANGE, STOPPED_RANGES } from './mirror-notes';
import { isServerFailure } from './link-switch';
import { SourceUrl } from './source-url';

/** How often a server that lags behind looks again whether it may take a range. */
const TURN_CHECK_MS = 250;

/** What a run lends its mirrors: the connection budget, its place in line, its settings and figures. */
export interface MirrorDeps {
  budget: ConnectionBudget;
  claimant: Claimant;
  settings(): Settings;
  /** Aborted when the job stops. */
  signal: AbortSignal;
  /** Something a person can see changed. */
  changed(): void;
  /** Stores the job record (a dropped mirror's note). */
  persist(): Promise<void>;
  live: LiveSegments;
  /** The whole job's meter: the link's own speed is what the mirrors do not account for. */
  meter: SpeedMeter;
  /** Open requests to the job's own link. */
  linkConnections(): number;
}

/** One other server of the file: its own connection slots and its own view of the file. */
class Mirror implements RangeSource {
  readonly slots: RequestSlots;
  readonly meter = new SpeedMeter();
  readonly host: string;
  private readonly source: SourceUrl;
  /** What its answers are checked against once it was shown to serve the same file. */
  known: KnownFile | null = null;
  checking: Promise<boolean> | null = null;
  /** Ends every request to it once it is dropped. */
  readonly stop = new AbortController();
  private firstByteAt: number | null = null;

  constructor(
    readonly view: MirrorView,
    deps: MirrorDeps,
  ) {
    this.host = new URL(view.url).host;
    this.source = new SourceUrl(() => view.url);
    // A mirror is not waited for: the first failure drops it, and its ranges go to the others.
    const once = (failure: DownloadError): DownloadError => new DownloadError(failure.kind, failure.message, false, failure.retryAfterMs, failure.status);
    this.slots = new RequestSlots(deps.budget, this.host, deps.claimant, deps.settings, deps.signal, once, deps.changed);
  }

  get url(): string {
    return this.source.current;
  }

  async ask(segment: LiveSegment, signal: AbortSignal): Promise<Answer> {
    if (this.known === null) throw new Error('a mirror was asked before it was checked');
    const answer = await requestRange({ url: this.url, start: segment.pos, end: segment.end, file: this.known, signal });
    this.source.answered(answer.response);
    if (answer.kind === 'whole' || !answer.contentRangeShown) {
      discardBody(answer.response);
      throw new DownloadError('bad-response', answer.kind === 'whole' ? STOPPED_RANGES : HIDDEN_RANGE, false);
    }
    return { response: answer.response, overlap: 0, contentRangeShown: true };
  }

  gave(bytes: number): void {
    const now = performance.now();
    this.firstByteAt ??= now;
    this.meter.add(bytes, now);
    this.view.given += bytes;
  }

  pace(now: number): SourcePace {
    return { rate: this.meter.rate(now), connections: this.slots.connections, measuredMs: this.firstByteAt === null ? 0 : now - this.firstByteAt };
  }
}

/**
 * The other servers of a job with mirrors (its record's `mirrors`, the link first). Each is asked
 * for ranges of the same file through its own connection slots — a host's budget is its own, so
 * two servers give twice the connections — once it showed the same size and the same first and
 * last bytes (the fingerprint) as the link. Its answers are then judged like the link's, against
 * its own validators. A mirror that fails, or answers as another file, is dropped with a note and
 * never asked again for this version of the file; what it sent before stays, since it was of the
 * checked file, and its unfinished range goes back to the others.
 */
export class MirrorSet {
  private readonly mirrors: Mirror[];
  private linkStartedAt = 0;

  private constructor(
    private readonly job: JobRecord,
    private readonly deps: MirrorDeps,
  ) {
    // A mirror whose request failed in an earlier start was made usable again by askFailedMirrorsAgain.
    this.mirrors = (job.mirrors ?? []).slice(1).map((view) => new Mirror(view, deps));
  }

  /** The job's mirrors, or null for a job with one server. */
  static of(job: JobRecord, deps: MirrorDeps): MirrorSet | null {
    return job.mirrors !== undefined && job.mirrors.length > 1 ? new MirrorSet(job, deps) : null;
  }

  /** Whether a mirror shown to serve the file is still being asked: the link is then not waited for. */
  inUse(): boolean {
    return this.mirrors.some((m) => m.known !== null && m.view.dropped === null);
  }

  /**
   * Whether a connection to the link that failed with `error` may end and leave its range to the
   * mirrors, as a failed mirror's goes to the others: the server failed (not the file, which a
   * changed one would be) and a mirror in use can take the range.
   */
  takesOver(error: unknown): boolean {
    return error instanceof DownloadError && !(error instanceof FileChangedError) && isServerFailure(error) && this.inUse();
  }

  /** Open requests to the mirrors now. */
  get connections(): number {
    return this.mirrors.reduce((sum, m) => sum + m.slots.connections, 0);
  }

  /**
   * The connections of every mirror still in use, for a run of ranges of a known size: each
   * checks its mirror (once per run), then takes ranges as the link's connections do.
   */
  start(control: PoolControl, fetcher: SegmentFetcher, again: boolean): Array<Promise<void>> {
    this.linkStartedAt = performance.now();
    const count = this.deps.settings().connectionsPerServer;
    const connections: Array<Promise<void>> = [];
    for (const mirror of this.mirrors) {
      // A new run of ranges asks again, since what the last one learned may be of another version
      // of the file; connections started `again` for ranges left over go on with what was checked.
      if (!again) {
        mirror.checking = null;
        mirror.known = null;
      }
      if (mirror.view.dropped !== null) continue;
      for (let i = 0; i < count; i++) connections.push(this.connection(mirror, control, fetcher));
    }
    return connections;
  }

  /**
   * Waits while `mirror` (null: the job's own link) is much slower per connection than the
   * fastest server and ranges are still being fetched, so the faster servers take what is left.
   */
  async waitTurn(mirror: Mirror | null, signal: AbortSignal): Promise<void> {
    while (this.lags(mirror) && this.deps.live.hasWorkLeft()) await sleep(TURN_CHECK_MS, signal);
  }

  private lags(mirror: Mirror | null): boolean {
    const now = performance.now();
    const used = this.mirrors.filter((m) => m.known !== null && m.view.dropped === null);
    const mirrorPaces = used.map((m) => m.pace(now));
    const mirrorsRate = mirrorPaces.reduce((sum, p) => sum + p.rate, 0);
    const link: SourcePace = {
      rate: Math.max(0, this.deps.meter.rate(now) - mirrorsRate),
      connections: this.deps.linkConnections(),
      measuredMs: now - this.linkStartedAt,
    };
    const me = mirror === null ? link : mirror.pace(now);
    return lagsBehind(me, [link, ...mirrorPaces]);
  }

  private async connection(mirror: Mirror, control: PoolControl, fetcher: SegmentFetcher): Promise<void> {
    if (!(await this.check(mirror))) return;
    const own: PoolControl = { signal: AbortSignal.any([control.signal, mirror.stop.signal]), stop: (why) => control.stop(why) };
    while (mirror.view.dropped === null) {
      await this.waitTurn(mirror, own.signal).catch((error: unknown) => {
        if (control.signal.aborted) throw error;
      });
      if (own.signal.aborted) return;
      const segment = this.deps.live.takeWork(true);
      if (!segment) return;
      try {
        const outcome = await fetcher.fetch(segment, null, own, mirror);
        if (outcome === 'ranges-stopped' || outcome === 'wrong-bytes') control.stop(outcome);
      } catch (error) {
        // Every byte it received stays; the rest of the range goes to the other connections.
        this.deps.live.handBack(segment);
        if (control.signal.aborted) throw error;
        // A staging file that refused its bytes (no space) is not the mirror's failure: the run
        // stops, as it does for the link, and the bytes are counted only as far as they were written.
        if (!(error instanceof DownloadError) && !isAbort(error)) throw error;
        if (!isAbort(error)) this.drop(mirror, error);
        return;
      }
    }
  }

  /** Whether `mirror` serves the file the link serves: the same size and the same fingerprint. */
  private check(mirror: Mirror): Promise<boolean> {
    mirror.checking ??= this.checkOnce(mirror);
    return mirror.checking;
  }

  private async checkOnce(mirror: Mirror): Promise<boolean> {
    const { size, fingerprint, contentType } = this.job;
    // The probe takes the link's fingerprint for every job with mirrors; without it there is
    // nothing to compare with (a record from before), and the mirror sits this run out.
    if (size === null || fingerprint === null) return false;
    try {
      const seen = await mirror.slots.run((signal) => fetchMirrorFingerprint(mirror.url, { size, contentType }, signal));
      expectSameFile(seen, fingerprint);
      mirror.known = { size, etag: seen.etag, lastModified: seen.lastModified, contentType };
      return true;
    } catch (error) {
      if (this.deps.signal.aborted || isAbort(error)) throw error;
      this.drop(mirror, error);
      return false;
    }
  }

  private drop(mirror: Mirror, error: unknown): void {
    if (mirror.view.dropped !== null) return;
    mirror.view.dropped = dropReason(error);
    mirror.stop.abort(new DOMException('The mirror was dropped', 'AbortError'));
    this.job.note = droppedNote(mirror.host, mirror.view.dropped);
    this.deps.changed();
    this.deps.persist().catch((failure: unknown) => console.warn('Could not record the dropped mirror', failure));
  }
}
