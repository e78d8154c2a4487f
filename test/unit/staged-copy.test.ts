import { createHash, type Hash } from 'node:crypto';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { CopierClient, CopierLostError, DEFAULT_COPIER_TIME_LIMITS, type CopierCalls, type CopierProcess, type CopierTimeLimits } from '../../src/worker/copy/copier-client';
import { StagedCopy, copiesEnded, type CopyJob, type StagedReader } from '../../src/worker/copy/staged-copy';
import { MemoryFile, MemoryFolder } from './memory-folder';

const MiB = 1 << 20;

/** Limits short enough that a hung copier is given up on within a test (and nothing else hangs). */
const SHORT: CopierTimeLimits = { callMs: 200, bytesPerMs: 1e6, pingEveryMs: 50, pingMs: 200 };
/** Limits no test lives to see: whatever ends in a test did not wait for them. */
const HOUR = 3_600_000;
const LONG: CopierTimeLimits = { callMs: HOUR, bytesPerMs: 1e6, pingEveryMs: HOUR, pingMs: HOUR };

const never = <T>(): Promise<T> => new Promise<T>(() => undefined);

/**
 * A copier in memory that behaves like copier-worker.ts: blocks are hashed and written in order,
 * and the target's bytes are replaced only when the copy closes. `hung` stops every answer.
 */
class MemoryCopier implements CopierProcess {
  hung = false;
  terminated = false;
  readonly received: string[] = [];
  private readonly open = new Map<string, { target: MemoryFile; parts: Uint8Array[]; hash: Hash }>();
  private readonly deathListeners: Array<(reason: string) => void> = [];

  readonly calls: CopierCalls = {
    ping: () => this.answer(() => true as const),
    open: (id, target) =>
      this.answer(() => {
        if (!(target instanceof MemoryFile)) throw new Error('not a MemoryFile');
        this.received.push(`open ${target.name}`);
        target.folder.locked.add(target.name);
        this.open.set(id, { target, parts: [], hash: createHash('sha256') });
        return 'open' as const;
      }),
    write: (id, block) =>
      this.answer(() => {
        const copy = this.copy(id);
        copy.hash.update(block);
        // The buffer goes back to be refilled: keep a copy of its bytes.
        copy.parts.push(block.slice());
        return block;
      }),
    hash: (id, block) =>
      this.answer(() => {
        this.copy(id).hash.update(block);
        return block;
      }),
    writeBlob: (id, blob) =>
      this.answer(async () => {
        const copy = this.copy(id);
        copy.parts.push(new Uint8Array(await blob.arrayBuffer()));
      }),
    finish: (id, expected) =>
      this.answer(() => {
        const copy = this.copy(id);
        this.open.delete(id);
        copy.target.folder.locked.delete(copy.target.name);
        const sha256 = copy.hash.digest('hex');
        if (expected !== null && sha256 !== expected) return { kind: 'mismatch' as const, sha256 };
        copy.target.replace(new Uint8Array(Buffer.concat(copy.parts)));
        return { kind: 'done' as const, sha256 };
      }),
    abort: (id) =>
      this.answer(() => {
        this.received.push('abort');
        const copy = this.open.get(id);
        this.open.delete(id);
        copy?.target.folder.locked.delete(copy.target.name);
      }),
  };

  /** The browser lets go of an ended worker's writables a moment after it ends, not at once. */
  terminate(): void {
    this.terminated = true;
    setTimeout(() => {
      for (const { target } of this.open.values()) target.folder.locked.delete(target.name);
    }, 150);
  }

  onDeath(listener: (reason: string) => void): void {
    this.deathListeners.push(listener);
  }

  /** What a worker's 'error' event does. */
  die(reason: string): void {
    for (const listener of this.deathListeners) listener(reason);
  }

  private copy(id: string): { target: MemoryFile; parts: Uint8Array[]; hash: Hash } {
    const copy = this.open.get(id);
    if (!copy) throw new Error(`No copy open for ${id}`);
    return copy;
  }

  private async answer<T>(work: () => T | Promise<T>): Promise<T> {
    if (this.hung || this.terminated) return never();
    await Promise.resolve();
    return work();
  }
}

/** Deterministic bytes standing for a staged file. */
function stagedBytes(size: number, seed: number): Uint8Array<ArrayBuffer> {
  const bytes = new Uint8Array(size);
  let x = seed;
  for (let i = 0; i < size; i++) {
    x = (x * 1103515245 + 12345) >>> 0;
    bytes[i] = x >>> 24;
  }
  return bytes;
}

const sha256 = (bytes: Uint8Array): string => createHash('sha256').update(bytes).digest('hex');

function readerOf(staged: Uint8Array): StagedReader {
  return (into, at) => {
    const n = Math.min(into.length, staged.length - at);
    into.set(staged.subarray(at, at + n));
    return n;
  };
}

const snapshotOf = (staged: Uint8Array<ArrayBuffer>) => async (): Promise<File> => new File([staged], 'staged');

let started: MemoryCopier[];
let jobs = 0;

function client(limits: CopierTimeLimits = DEFAULT_COPIER_TIME_LIMITS): CopierClient {
  return new CopierClient(() => {
    const copier = new MemoryCopier();
    started.push(copier);
    return copier;
  }, limits);
}

function copier(index: number): MemoryCopier {
  const found = started[index];
  if (!found) throw new Error(`no copier #${index} was started`);
  return found;
}

function jobIn(folder: MemoryFolder, name = 'a.bin'): CopyJob {
  return { id: `job-${++jobs}`, name, savedAs: null, note: null, destination: { kind: 'directory', handle: folder } };
}

const persist = async (): Promise<void> => undefined;

async function open(job: CopyJob, staged: Uint8Array, copierClient: CopierClient, signal = new AbortController().signal): Promise<StagedCopy> {
  const copy = await StagedCopy.open(job, persist, readerOf(staged), signal, copierClient);
  if (!(copy instanceof StagedCopy)) throw new Error(`did not open: ${JSON.stringify(copy)}`);
  return copy;
}

beforeEach(() => {
  started = [];
  vi.spyOn(console, 'warn').mockImplementation(() => undefined);
});

afterEach(() => {
  vi.restoreAllMocks();
});

describe('StagedCopy', () => {
  it('follows the staged prefix block by block, then sends the tail as a Blob; byte-exact, with its SHA-256', async () => {
    const staged = stagedBytes(10 * MiB + 123, 1);
    const folder = new MemoryFolder();
    const copy = await open(jobIn(folder), staged, client());
    copy.advance(5 * MiB);
    copy.advance(7 * MiB + 5);
    const outcome = await copy.finish(staged.length, null, snapshotOf(staged));
    expect(outcome).toEqual({ kind: 'done', sha256: sha256(staged) });
    expect(folder.names()).toEqual(['a.bin']);
    expect(sha256(folder.files.get('a.bin') ?? new Uint8Array())).toBe(sha256(staged));
  });

  it('copies block by block to the end when no snapshot of the staged file is given', async () => {
    const staged = stagedBytes(9 * MiB + 7, 2);
    const folder = new MemoryFolder();
    const copy = await open(jobIn(folder), staged, client());
    expect(await copy.finish(staged.length, sha256(staged), null)).toEqual({ kind: 'done', sha256: sha256(staged) });
    expect(sha256(folder.files.get('a.bin') ?? new Uint8Array())).toBe(sha256(staged));
  });

  it('leaves no file of its own behind when the checksum does not match', async () => {
    const staged = stagedBytes(MiB, 3);
    const folder = new MemoryFolder();
    const job = jobIn(folder);
    const copy = await open(job, staged, client());
    expect(folder.names()).toEqual(['a.bin']);
    const outcome = await copy.finish(staged.length, '0'.repeat(64), snapshotOf(staged));
    expect(outcome.kind).toBe('mismatch');
    expect(folder.names()).toEqual([]);
    expect(job.savedAs).toBeNull();
  });

  it('says it needs permission, and claims no name, when the browser no longer allows writing', async () => {
    const folder = Object.assign(new MemoryFolder(), { queryPermission: async () => 'prompt' as const });
    const outcome = await StagedCopy.open(jobIn(folder), persist, readerOf(new Uint8Array(1)), new AbortController().signal, client());
    expect(outcome).toEqual({ kind: 'needs-permission' });
    expect(folder.calls).toEqual([]);
  });
});

describe('StagedCopy with a copier that hangs', () => {
  it('resolves abort() without waiting for the copier, and removes the empty file once the copier is gone', async () => {
    const folder = new MemoryFolder();
    const job = jobIn(folder);
    const copy = await open(job, stagedBytes(MiB, 4), client(LONG));
    copier(0).hung = true;
    copy.advance(MiB);
    // Resolves although the copier never answers and would be given up on only in an hour.
    await copy.abort();
    expect(copier(0).terminated).toBe(false);
    // The copier still holds the file open: it stays until the copier lets go.
    expect(folder.names()).toEqual(['a.bin']);
    copier(0).die('crashed');
    await copiesEnded(job.id);
    expect(copier(0).terminated).toBe(true);
    expect(folder.names()).toEqual([]);
    expect(job.savedAs).toBeNull();
  });

  it('fails the copy with a retryable reason and leaves no file; the next copy starts again and completes', async () => {
    const staged = stagedBytes(6 * MiB, 5);
    const folder = new MemoryFolder();
    const job = jobIn(folder);
    const copierClient = client(SHORT);
    const first = await open(job, staged, copierClient);
    copier(0).hung = true;
    first.advance(staged.length);
    const failure: unknown = await first.finish(staged.length, null, snapshotOf(staged)).catch((error: unknown) => error);
    expect(failure).toBeInstanceOf(CopierLostError);
    expect(failure).toMatchObject({ retryable: true });
    await copiesEnded(job.id);
    expect(folder.names()).toEqual([]);

    const second = await open(job, staged, copierClient);
    expect(started).toHaveLength(2);
    expect(await second.finish(staged.length, null, snapshotOf(staged))).toEqual({ kind: 'done', sha256: sha256(staged) });
    expect(folder.names()).toEqual(['a.bin']);
    expect(sha256(folder.files.get('a.bin') ?? new Uint8Array())).toBe(sha256(staged));
  });

  it('leaves no file behind when the open itself never answers', async () => {
    const folder = new MemoryFolder();
    const job = jobIn(folder);
    const copierClient = client(SHORT);
    copierClient.newCopy('warm-up');
    copier(0).hung = true;
    const opening = StagedCopy.open(job, persist, readerOf(new Uint8Array(1)), new AbortController().signal, copierClient);
    await expect(opening).rejects.toBeInstanceOf(CopierLostError);
    await copiesEnded(job.id);
    expect(folder.names()).toEqual([]);
    expect(job.savedAs).toBeNull();
  });

  it('gives up opening at once when stopped, and a next copy waits until the first let go of the file', async () => {
    const folder = new MemoryFolder();
    const job = jobIn(folder);
    const copierClient = client(SHORT);
    copierClient.newCopy('warm-up');
    copier(0).hung = true;
    const stop = new AbortController();
    const opening = StagedCopy.open(job, persist, readerOf(new Uint8Array(1)), stop.signal, copierClient);
    // Let it claim the name and ask the copier, then stop it.
    while (!folder.calls.includes('create a.bin')) await new Promise((resolve) => setTimeout(resolve, 1));
    stop.abort('pause');
    await expect(opening).rejects.toMatchObject({ name: 'AbortError' });

    const staged = stagedBytes(2 * MiB, 6);
    const again = await open(job, staged, copierClient);
    // The first copy's clean-up (its empty file removed) came before the second claimed a name.
    const removed = folder.calls.indexOf('remove a.bin');
    expect(removed).toBeGreaterThan(-1);
    expect(folder.calls.lastIndexOf('create a.bin')).toBeGreaterThan(removed);
    expect(await again.finish(staged.length, null, snapshotOf(staged))).toEqual({ kind: 'done', sha256: sha256(staged) });
    expect(folder.names()).toEqual(['a.bin']);
  });

  it('keeps the name of a file it could not remove, and the next copy writes that same file', async () => {
    const staged = stagedBytes(3 * MiB, 7);
    const folder = new MemoryFolder();
    const job = jobIn(folder);
    const copierClient = client(SHORT);
    const first = await open(job, staged, copierClient);
    folder.removeRefusal = new DOMException('busy', 'InvalidStateError');
    copier(0).hung = true;
    await first.abort();
    await copiesEnded(job.id);
    // Still there and still ours: giving its name up would leave it behind, empty, for good.
    expect(folder.names()).toEqual(['a.bin']);
    expect(job.savedAs).toBe('a.bin');
    folder.removeRefusal = null;
    const second = await open(job, staged, copierClient);
    expect(await second.finish(staged.length, null, snapshotOf(staged))).toEqual({ kind: 'done', sha256: sha256(staged) });
    expect(folder.names()).toEqual(['a.bin']);
    expect(sha256(folder.files.get('a.bin') ?? new Uint8Array())).toBe(sha256(staged));
  });
});
