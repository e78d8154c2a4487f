import { isWebPage, sameFile } from '../../shared/answer-check';
import { DownloadError, FileChangedError } from '../download-error';
import { discardBody, probe, requestRange, type RangeAnswer } from '../net/http-requests';
import { closeOpened, type OpenedResponse, type RequestSlots } from '../net/request-slots';
import { withRetries, type Lease } from '../net/with-retries';
import { sleep } from '../sleep';
import { BlockWriter } from './block-writer';
import { chunkReader } from './chunk-reader';
import type { LiveSegment } from './live-segments';
import { knownFile, type RunParts } from './run-parts';
import { StreamSpaceWatch } from './storage-space';

/** How fetching one range ended (failures are thrown, as DownloadErrors). */
export type SegmentOutcome =
  /** Every byte of the range is staged. */
  | 'done'
  /** The connection gave its slot to another job; the range is idle again from `pos`. */
  | 'handed-back'
  /** The server answered with the whole file: the run goes on as one stream. */
  | 'ranges-stopped'
  /** Bytes before the range did not match the staged ones: the server sends the wrong bytes. */
  | 'wrong-bytes';

/** How a connection reaches the rest of its run: the signal that ends them all, and a way to end them. */
export interface PoolControl {
  signal: AbortSignal;
  stop(outcome: 'ranges-stopped' | 'wrong-bytes'): void;
}

/** An answer whose body is to be staged, beginning with `overlap` bytes from before the range. */
export interface Answer {
  response: Response;
  overlap: number;
  contentRangeShown: boolean;
}

/**
 * Another server of the same file (a mirror, see mirror-set.ts): its own connection slots, its
 * own way of asking (checked against what it showed of the file), and a tally of what it gave.
 * Ranges with none are asked from the job's own link, as always.
 */
export interface RangeSource {
  readonly slots: RequestSlots;
  ask(segment: LiveSegment, signal: AbortSignal): Promise<Answer>;
  gave(bytes: number): void;
}

const CLOSED_EARLY = 'The connection closed before the range was complete';
/** The grain of a speed limit (see chunkReader). */
const LIMITED_CHUNK = 64 * 1024;
/**
 * Without a limit, reads go into one reused 1 MiB buffer too, rather than a new buffer for every
 * chunk the browser hands over: measured on 256 MiB, the renderer's peak fell from 494 to 449 MiB
 * and its CPU from 3.6-4.1 to 3.3-3.6 s.
 */
const UNLIMITED_CHUNK = 1 << 20;

/**
 * Fetches one range into the staging file: asks for it (checking the answer before a byte of it
 * is used), streams the body in at its offset, and tries again from the last byte received when
 * the connection fails.
 */
export class SegmentFetcher {
  private readonly space = new StreamSpaceWatch();

  constructor(private readonly parts: RunParts) {}

  async fetch(segment: LiveSegment, opened: OpenedResponse | null, control: PoolControl, from: RangeSource | null = null): Promise<SegmentOutcome> {
    if (segment.pos >= segment.end) {
      if (opened) closeOpened(opened);
      return 'done';
    }
    const loop = (from?.slots ?? this.parts.slots).loop(control.signal);
    let openResponse = opened?.response ?? null;
    const { value } = await withRetries(
      loop,
      async (lease) => {
        const before = segment.pos;
        try {
          const signal = lease.attempt.signal;
          const answer = openResponse
            ? { response: openResponse, overlap: 0, contentRangeShown: false }
            : await (from ? from.ask(segment, signal) : this.request(segment, signal));
          openResponse = null;
          if (answer === 'whole') return 'ranges-stopped';
          lease.attempt.alive();
          // Accepted: this connection counts as delivering when another one is refused.
          lease.slot.delivered();
          return await this.stream(segment, answer, lease, control, from);
        } finally {
          if (segment.pos > before) loop.retries.progressed();
          this.parts.context.changed();
        }
      },
      { first: opened?.lease ?? null },
    );
    if (value === 'handed-back') this.parts.live.handBack(segment);
    return value;
  }

  private async request(segment: LiveSegment, signal: AbortSignal): Promise<Answer | 'whole'> {
    const { job, trust } = this.parts;
    if (!job.rangeSupported || job.size === null) return this.restartStream(segment, signal);
    const overlap = trust.overlapFor(segment.pos);
    const ask = (url: string): Promise<RangeAnswer> => requestRange({ url, start: segment.pos - overlap, end: segment.end, file: knownFile(job), signal });
    const { source } = this.parts;
    const asked = source.current;
    let answer: RangeAnswer;
    try {
      answer = await ask(asked);
    } catch (error) {
      if (!source.fallBack(asked, error)) throw error;
      answer = await ask(source.current);
    }
    source.answered(answer.response);
    if (answer.kind === 'whole') {
      discardBody(answer.response);
      return 'whole';
    }
    trust.sawContentRange(answer.contentRangeShown);
    if (!trust.accepts({ contentRangeShown: answer.contentRangeShown, overlap, pos: segment.pos })) {
      // Earlier answers showed Content-Range and this one does not: ask again, with an overlap.
      discardBody(answer.response);
      throw new DownloadError('bad-response', 'The server did not show which bytes it sent', true);
    }
    return { response: answer.response, overlap, contentRangeShown: answer.contentRangeShown };
  }

  /** A single stream can only start again from the first byte, once its answer shows the same file. */
  private async restartStream(segment: LiveSegment, signal: AbortSignal): Promise<Answer> {
    const job = this.parts.job;
    const again = await probe(job.url, signal, true);
    if (isWebPage(again.contentType) && !isWebPage(job.contentType)) {
      discardBody(again.response);
      throw new DownloadError('bad-response', 'The server sent a web page instead of the file (a login or error page?)', true);
    }
    const differs = sameFile(job, again);
    if (differs !== null) {
      discardBody(again.response);
      throw new FileChangedError(differs);
    }
    segment.pos = segment.written = segment.recorded = segment.start;
    return { response: again.response, overlap: 0, contentRangeShown: false };
  }

  private async stream(segment: LiveSegment, answer: Answer, lease: Lease, control: PoolControl, from: RangeSource | null): Promise<SegmentOutcome> {
    const { job, meter, context, recorder, checks, copy } = this.parts;
    if (!answer.response.body) throw new DownloadError('bad-response', 'The server sent no body', true);
    const attempt = lease.attempt;
    // Under a speed limit, small chunks keep it smooth; otherwise up to 1 MiB at a time. A limit
    // set or lifted while the body streams switches the reader between reads.
    const body = answer.response.body;
    const limitedNow = (): boolean => context.bucket.limited || this.parts.jobBucket.limited;
    let readingLimited = limitedNow();
    let reader = chunkReader(body, readingLimited ? LIMITED_CHUNK : UNLIMITED_CHUNK);
    const overlap = new Uint8Array(answer.overlap);
    let overlapRead = 0;
    const writer = new BlockWriter(this.parts.file(), segment.pos, segment.end - segment.pos, (to) => {
      segment.written = to;
      if (!checks.settle()) control.stop('wrong-bytes');
      copy.advance();
    });
    segment.writer = writer;
    let ended = false;
    try {
      while (segment.pos < segment.end) {
        if (limitedNow() !== readingLimited) {
          reader.releaseLock();
          readingLimited = !readingLimited;
          reader = chunkReader(body, readingLimited ? LIMITED_CHUNK : UNLIMITED_CHUNK);
        }
        const { done, value } = await reader.read();
        if (done) {
          ended = true;
          break;
        }
        attempt.signal.throwIfAborted();
        attempt.alive();
        lease.slot.delivered();
        let chunk = value;
        if (overlapRead < overlap.length) {
          const take = Math.min(overlap.length - overlapRead, chunk.byteLength);
          overlap.set(chunk.subarray(0, take), overlapRead);
          overlapRead += take;
          chunk = chunk.subarray(take);
          if (overlapRead < overlap.length) continue;
          // Before a byte of the range is written: the bytes before it must be the staged ones.
          if (checks.admit(segment, segment.pos - overlap.length, overlap, !answer.contentRangeShown) === 'mismatch') return 'wrong-bytes';
        }
        if (chunk.byteLength === 0) continue;
        // Only the bytes that belong to the range are kept; a longer body is cut off here.
        const take = Math.min(chunk.byteLength, segment.end - segment.pos);
        writer.append(take === chunk.byteLength ? chunk : chunk.subarray(0, take));
        segment.pos += take;
        meter.add(take, performance.now());
        from?.gave(take);
        context.changed();
        recorder.wrote(segment);
        if (job.size === null && this.space.due(segment.pos)) {
          const full = await this.space.check(segment.pos);
          if (full) throw full;
        }
        const now = performance.now();
        const wait = Math.max(context.bucket.take(take, now), this.parts.jobBucket.take(take, now));
        if (wait > 0) {
          attempt.alive(wait);
          await sleep(wait, attempt.signal);
        }
        if (segment.pos < segment.end && lease.slot.shouldYield()) return 'handed-back';
      }
    } finally {
      // Bytes already received are good whatever stopped the stream: keep them.
      segment.writer = null;
      writer.writeOut();
      if (!ended) reader.cancel().catch(() => undefined);
    }
    if (ended && !Number.isFinite(segment.end) && overlapRead === overlap.length) {
      segment.end = segment.pos;
      return 'done';
    }
    if (segment.pos < segment.end || overlapRead < overlap.length) throw new DownloadError('network', CLOSED_EARLY, true);
    return 'done';
  }
}
