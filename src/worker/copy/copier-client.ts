import { transfer, wrap } from 'comlink';
import type { CopierApi } from './copier-worker';
import { DownloadError } from '../download-error';

/** The copier's functions as the download worker calls them: every answer is a promise. */
export type CopierCalls = {
  [K in keyof CopierApi]: (...args: Parameters<CopierApi[K]>) => Promise<Awaited<ReturnType<CopierApi[K]>>>;
};

/** A started copier: its calls, how to end it, and how it says it died. */
export interface CopierProcess {
  readonly calls: CopierCalls;
  terminate(): void;
  /** `listener` hears (at most once) that the copier died by itself, and how. */
  onDeath(listener: (reason: string) => void): void;
}

/**
 * How long the copier may take to answer before it counts as hung; then it is ended and replaced,
 * and the copies open in it start again from their staged files. Generous, because a slow disk
 * is not a hang (giving up costs a whole copy again), but finite, because an answer that never
 * comes would hold the job in Saving forever. Pause and Cancel never wait for these: every call
 * also ends when its job's signal fires.
 */
export interface CopierTimeLimits {
  /** Open and abort, and the fixed part of every other call. */
  callMs: number;
  /**
   * The slowest disk waited for, in bytes per millisecond: a write of n bytes may take
   * callMs + n / bytesPerMs, and so may the close of an n-byte file (on a real disk close()
   * moves the swap file into place and reads the whole file for Safe Browsing).
   */
  bytesPerMs: number;
  /** While a call is waiting, the copier is pinged this often… */
  pingEveryMs: number;
  /**
   * …and one that leaves a ping unanswered this long is hung, whatever the calls' own limits: its
   * thread never blocks for long (a hash of one block), so this finds a stuck thread in seconds,
   * while a slow write, which keeps the thread free, gets its full limit.
   */
  pingMs: number;
}

/** 30 s per call plus 1 MB/s: a 4 MiB block may take 34 s, the close of a 1 GiB file 18 min. */
export const DEFAULT_COPIER_TIME_LIMITS: CopierTimeLimits = { callMs: 30_000, bytesPerMs: 1_000, pingEveryMs: 2_000, pingMs: 10_000 };

/** The copier died or hung. The staged file is intact and the picked file untouched: copy again. */
export class CopierLostError extends DownloadError {
  constructor(reason: string) {
    super('storage', `Saving to the picked file stopped (${reason}). Retry copies it again from the downloaded data.`, true);
    this.name = 'CopierLostError';
  }
}

/** How a call ends when its job is paused or canceled: an abort, never a failure. */
function stopped(): DOMException {
  return new DOMException('The copy was stopped', 'AbortError');
}

const seconds = (ms: number): string => `${Math.round(ms / 1000)} s`;

/** One copier worker, and every call waiting for it: those all fail at once when it is lost. */
class CopierConnection {
  private readonly waiting = new Set<(error: CopierLostError) => void>();
  private lost: CopierLostError | null = null;
  private heartbeat: ReturnType<typeof setInterval> | null = null;
  /** When the ping still unanswered was sent. */
  private pingSentAt: number | null = null;

  constructor(
    private readonly process: CopierProcess,
    private readonly limits: CopierTimeLimits,
    private readonly onLost: (connection: CopierConnection) => void,
  ) {
    process.onDeath((reason) => this.fail(`the copy worker failed: ${reason}`));
  }

  get isLost(): boolean {
    return this.lost !== null;
  }

  /**
   * Sends one call. It settles with the copier's answer, or fails when the answer takes longer
   * than `limitMs` or the copier is lost (a comlink call to an ended worker never settles), or
   * ends as an abort when `signal` fires — without waiting for the copier in either case.
   */
  call<T>(what: string, send: (calls: CopierCalls) => Promise<T>, limitMs: number, signal: AbortSignal | null): Promise<T> {
    if (this.lost) return Promise.reject(this.lost);
    if (signal?.aborted) return Promise.reject(stopped());
    return new Promise<T>((resolve, reject) => {
      const settle = (): void => {
        clearTimeout(timer);
        signal?.removeEventListener('abort', onAbort);
        this.waiting.delete(onLost);
      };
      const onLost = (error: CopierLostError): void => {
        settle();
        reject(error);
      };
      const onAbort = (): void => {
        settle();
        reject(stopped());
      };
      const timer = setTimeout(() => this.fail(`no answer to ${what} within ${seconds(limitMs)}`), limitMs);
      this.waiting.add(onLost);
      signal?.addEventListener('abort', onAbort, { once: true });
      this.heartbeat ??= setInterval(() => this.beat(), this.limits.pingEveryMs);
      const answer = (() => {
        try {
          return send(this.process.calls);
        } catch (error) {
          return Promise.reject(error);
        }
      })();
      answer.then(
        (value) => {
          settle();
          resolve(value);
        },
        (error: unknown) => {
          settle();
          reject(error);
        },
      );
    });
  }

  /** Ends the copier and fails every call waiting for it; the next copy starts a new one. */
  fail(reason: string): void {
    if (this.lost) return;
    this.lost = new CopierLostError(reason);
    console.warn(`Replacing the copy worker: ${reason}`);
    this.stopHeartbeat();
    this.process.terminate();
    for (const onLost of [...this.waiting]) onLost(this.lost);
    this.onLost(this);
  }

  private beat(): void {
    if (this.waiting.size === 0) {
      this.stopHeartbeat();
      return;
    }
    const now = Date.now();
    if (this.pingSentAt === null) {
      this.pingSentAt = now;
      this.process.calls.ping().then(
        () => {
          this.pingSentAt = null;
        },
        () => undefined,
      );
    } else if (now - this.pingSentAt >= this.limits.pingMs) {
      this.fail(`it did not answer for ${seconds(now - this.pingSentAt)}`);
    }
  }

  private stopHeartbeat(): void {
    if (this.heartbeat !== null) clearInterval(this.heartbeat);
    this.heartbeat = null;
  }
}

/**
 * One copy in the copier. Its calls go to the copier it was opened in, even after that copier was
 * replaced: they fail at once then (the new copier never heard of this copy).
 */
export class CopierCopy {
  constructor(
    private readonly connection: CopierConnection,
    readonly id: string,
    private readonly limits: CopierTimeLimits,
  ) {}

  /** Opens `target` for writing; 'needs-permission' when the browser no longer allows it. */
  async open(target: FileSystemFileHandle, signal: AbortSignal): Promise<'open' | 'needs-permission'> {
    const opened = await this.connection.call('open', (c) => c.open(this.id, target), this.limits.callMs, signal);
    // Only an abort of this very copy makes the copier answer so, and no abort was sent yet.
    if (opened === 'abandoned') throw new Error(`The copy ${this.id} was aborted while it opened`);
    return opened;
  }

  /** Writes (and hashes) the next block; the buffer comes back for the next one. */
  write(block: Uint8Array<ArrayBuffer>, signal: AbortSignal): Promise<Uint8Array<ArrayBuffer>> {
    const limit = this.limitFor(block.byteLength);
    return this.connection.call('a write', (c) => c.write(this.id, transfer(block, [block.buffer])), limit, signal);
  }

  /** Hashes the next block of what writeBlob wrote; the buffer comes back. */
  hash(block: Uint8Array<ArrayBuffer>, signal: AbortSignal): Promise<Uint8Array<ArrayBuffer>> {
    const limit = this.limitFor(block.byteLength);
    return this.connection.call('a checksum', (c) => c.hash(this.id, transfer(block, [block.buffer])), limit, signal);
  }

  writeBlob(blob: Blob, signal: AbortSignal): Promise<void> {
    return this.connection.call('a write', (c) => c.writeBlob(this.id, blob), this.limitFor(blob.size), signal);
  }

  /** Closes the `size`-byte file when its checksum is the expected one, else drops it. */
  finish(expectedSha256: string | null, size: number, signal: AbortSignal): Promise<{ kind: 'done' | 'mismatch'; sha256: string }> {
    return this.connection.call('the close', (c) => c.finish(this.id, expectedSha256), this.limitFor(size), signal);
  }

  /**
   * Drops the copy. Resolves once the copier let go of the file, or was ended for not answering
   * within the call limit; never rejects. Callers that must not wait do not await it.
   */
  async abort(): Promise<void> {
    await this.connection.call('an abort', (c) => c.abort(this.id), this.limits.callMs, null).catch(() => undefined);
  }

  private limitFor(bytes: number): number {
    return this.limits.callMs + bytes / this.limits.bytesPerMs;
  }
}

/** Starts copiers as they are needed, one at a time, and replaces one that died or hung. */
export class CopierClient {
  private connection: CopierConnection | null = null;
  private copies = 0;

  constructor(
    private readonly start: () => CopierProcess = startCopierWorker,
    private readonly limits: CopierTimeLimits = DEFAULT_COPIER_TIME_LIMITS,
  ) {}

  /** A new copy for `jobId`, in the copier running now (one is started if none is). */
  newCopy(jobId: string): CopierCopy {
    let connection = this.connection;
    if (connection === null || connection.isLost) {
      connection = new CopierConnection(this.start(), this.limits, (lost) => {
        if (this.connection === lost) this.connection = null;
      });
      this.connection = connection;
    }
    return new CopierCopy(connection, `${jobId}#${++this.copies}`, this.limits);
  }
}

function startCopierWorker(): CopierProcess {
  const worker = new Worker(new URL('./copier-worker.ts', import.meta.url), { type: 'module', name: 'copier' });
  return {
    calls: wrap<CopierApi>(worker),
    terminate: () => worker.terminate(),
    onDeath: (listener) => {
      worker.addEventListener('error', (event) => listener(event.message || 'it stopped'), { once: true });
      worker.addEventListener('messageerror', () => listener('a message to it could not be read'), { once: true });
    },
  };
}

let shared: CopierClient | null = null;

/** The copier client of this worker: every job's copy goes through one copier thread. */
export function sharedCopier(): CopierClient {
  shared ??= new CopierClient();
  return shared;
}
