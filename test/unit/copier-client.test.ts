import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { CopierClient, CopierLostError, DEFAULT_COPIER_TIME_LIMITS, type CopierCalls, type CopierProcess } from '../../src/worker/copy/copier-client';
import { MemoryFile, MemoryFolder } from './memory-folder';

type Method = keyof CopierCalls;

const never = <T>(): Promise<T> => new Promise<T>(() => undefined);

/**
 * A copier that answers at once, except the methods in `stuck` (a browser call that never comes
 * back: the thread is free and answers pings) or everything once `hung` (the thread itself is
 * stuck). Like a real ended worker, it never answers again once terminated.
 */
class FakeCopier implements CopierProcess {
  terminated = false;
  hung = false;
  readonly stuck = new Set<Method>();
  /** Every call but pings, as "method id". */
  readonly received: string[] = [];
  private readonly deathListeners: Array<(reason: string) => void> = [];

  readonly calls: CopierCalls = {
    ping: () => this.answer('ping', '', true as const),
    open: (id) => this.answer('open', id, 'open' as const),
    write: (id, block) => this.answer('write', id, block),
    hash: (id, block) => this.answer('hash', id, block),
    writeBlob: (id) => this.answer('writeBlob', id, undefined),
    finish: (id) => this.answer('finish', id, { kind: 'done' as const, sha256: 'ab' }),
    abort: (id) => this.answer('abort', id, undefined),
  };

  terminate(): void {
    this.terminated = true;
  }

  onDeath(listener: (reason: string) => void): void {
    this.deathListeners.push(listener);
  }

  /** What a worker's 'error' event does. */
  die(reason: string): void {
    for (const listener of this.deathListeners) listener(reason);
  }

  private answer<T>(method: Method, id: string, value: T): Promise<T> {
    if (method !== 'ping') this.received.push(`${method} ${id}`);
    if (this.terminated || this.hung || this.stuck.has(method)) return never();
    return Promise.resolve(value);
  }
}

/** Where a promise stands, read without awaiting it. */
function watch<T>(promise: Promise<T>): { state: 'pending' | 'resolved' | 'rejected'; error: unknown } {
  const seen: { state: 'pending' | 'resolved' | 'rejected'; error: unknown } = { state: 'pending', error: null };
  promise.then(
    () => void (seen.state = 'resolved'),
    (error: unknown) => {
      seen.state = 'rejected';
      seen.error = error;
    },
  );
  return seen;
}

let started: FakeCopier[];
let client: CopierClient;
const target = new MemoryFile(new MemoryFolder(), 'a.bin');
const running = (): AbortSignal => new AbortController().signal;

function copier(index: number): FakeCopier {
  const found = started[index];
  if (!found) throw new Error(`no copier #${index} was started`);
  return found;
}

async function openCopy(): Promise<ReturnType<CopierClient['newCopy']>> {
  const copy = client.newCopy('job');
  expect(await copy.open(target, running())).toBe('open');
  return copy;
}

beforeEach(() => {
  vi.useFakeTimers();
  vi.spyOn(console, 'warn').mockImplementation(() => undefined);
  started = [];
  client = new CopierClient(() => {
    const fake = new FakeCopier();
    started.push(fake);
    return fake;
  });
});

afterEach(() => {
  vi.useRealTimers();
  vi.restoreAllMocks();
});

describe('CopierClient: time limits', () => {
  it('fails an open that never comes back after 30 s, retryably, and replaces the copier', async () => {
    const copy = client.newCopy('job');
    copier(0).stuck.add('open');
    const opening = watch(copy.open(target, running()));
    await vi.advanceTimersByTimeAsync(DEFAULT_COPIER_TIME_LIMITS.callMs - 1);
    expect(opening.state).toBe('pending');
    expect(copier(0).terminated).toBe(false);
    await vi.advanceTimersByTimeAsync(1);
    expect(opening.state).toBe('rejected');
    expect(opening.error).toBeInstanceOf(CopierLostError);
    expect(opening.error).toMatchObject({ retryable: true, kind: 'storage' });
    expect(String(opening.error)).toContain('no answer to open within 30 s');
    expect(copier(0).terminated).toBe(true);
    // The next copy goes to a new copier, which answers.
    await openCopy();
    expect(started).toHaveLength(2);
    expect(copier(1).received).toEqual(['open job#2']);
  });

  it('gives a write 30 s plus a second per MB of its block', async () => {
    const copy = await openCopy();
    copier(0).stuck.add('write');
    const small = watch(copy.write(new Uint8Array(1), running()));
    const large = watch(copy.write(new Uint8Array(64_000_000), running()));
    await vi.advanceTimersByTimeAsync(30_000);
    // The small write's limit fails the copier, and with it the large write still waiting.
    expect(small.state).toBe('rejected');
    expect(large.state).toBe('rejected');
    expect(String(small.error)).toContain('no answer to a write within 30 s');

    const again = await openCopy();
    copier(1).stuck.add('write');
    const alone = watch(again.write(new Uint8Array(64_000_000), running()));
    await vi.advanceTimersByTimeAsync(30_000 + 64_000 - 1);
    // Still within its limit, and the copier answered every ping meanwhile: nothing failed.
    expect(alone.state).toBe('pending');
    expect(copier(1).terminated).toBe(false);
    await vi.advanceTimersByTimeAsync(1);
    expect(alone.state).toBe('rejected');
    expect(String(alone.error)).toContain('no answer to a write within 94 s');
  });

  it('finds a copier whose thread is stuck by its pings, long before a large close is due', async () => {
    const copy = await openCopy();
    copier(0).hung = true;
    const closing = watch(copy.finish(null, 2 ** 30, running()));
    const { pingEveryMs, pingMs } = DEFAULT_COPIER_TIME_LIMITS;
    await vi.advanceTimersByTimeAsync(pingEveryMs + pingMs + pingEveryMs);
    expect(closing.state).toBe('rejected');
    expect(closing.error).toBeInstanceOf(CopierLostError);
    expect(String(closing.error)).toMatch(/it did not answer for 1\d s/);
    expect(copier(0).terminated).toBe(true);
  });

  it('never replaces a copier that answers, however long the job takes', async () => {
    const copy = await openCopy();
    for (let i = 0; i < 5; i++) {
      await copy.write(new Uint8Array(8), running());
      await vi.advanceTimersByTimeAsync(10 * 60_000);
    }
    expect(await copy.finish(null, 40, running())).toEqual({ kind: 'done', sha256: 'ab' });
    expect(started).toHaveLength(1);
    expect(copier(0).terminated).toBe(false);
  });
});

describe('CopierClient: stopping and losing the copier', () => {
  it('ends a call as an abort the moment its signal fires, without waiting for the copier', async () => {
    const copy = client.newCopy('job');
    copier(0).hung = true;
    const stop = new AbortController();
    const opening = watch(copy.open(target, stop.signal));
    await vi.advanceTimersByTimeAsync(0);
    expect(opening.state).toBe('pending');
    stop.abort('pause');
    await vi.advanceTimersByTimeAsync(0);
    expect(opening.state).toBe('rejected');
    expect(opening.error).toMatchObject({ name: 'AbortError' });
    // An abort is not the copier's failure.
    expect(copier(0).terminated).toBe(false);
  });

  it('does not even send a call whose signal already fired', async () => {
    const copy = await openCopy();
    const stop = new AbortController();
    stop.abort('cancel');
    await expect(copy.write(new Uint8Array(4), stop.signal)).rejects.toMatchObject({ name: 'AbortError' });
    expect(copier(0).received).toEqual(['open job#1']);
  });

  it('resolves abort() within the call limit even when the copier never answers', async () => {
    const copy = await openCopy();
    copier(0).hung = true;
    const aborting = watch(copy.abort());
    await vi.advanceTimersByTimeAsync(DEFAULT_COPIER_TIME_LIMITS.callMs);
    expect(aborting.state).toBe('resolved');
    expect(copier(0).terminated).toBe(true);
  });

  it('fails every copy of a copier that died, at once and later, and starts a new one for the next copy', async () => {
    const first = await openCopy();
    const second = await openCopy();
    copier(0).stuck.add('write');
    const waiting = watch(first.write(new Uint8Array(4), running()));
    await vi.advanceTimersByTimeAsync(0);
    copier(0).die('crashed');
    await vi.advanceTimersByTimeAsync(0);
    expect(waiting.state).toBe('rejected');
    expect(waiting.error).toBeInstanceOf(CopierLostError);
    expect(String(waiting.error)).toContain('the copy worker failed: crashed');
    expect(copier(0).terminated).toBe(true);
    // A copy of the dead copier fails at once: the new copier never heard of it.
    await expect(second.write(new Uint8Array(4), running())).rejects.toBeInstanceOf(CopierLostError);
    await expect(second.finish(null, 4, running())).rejects.toBeInstanceOf(CopierLostError);
    expect(started).toHaveLength(1);
    const third = await openCopy();
    await third.write(new Uint8Array(4), running());
    expect(copier(1).received).toEqual(['open job#3', 'write job#3']);
  });
});
