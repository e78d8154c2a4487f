/** Who asks for a connection: a job, and its place in line (when it was added). */
export interface Claimant {
  id: string;
  order: number;
}

interface Waiter {
  claimant: Claimant;
  wake: () => void;
}

/**
 * Chromium opens at most 6 HTTP/1.1 connections per host for the whole browser; asking for more
 * only queues requests inside the network stack where we cannot see them. Every request the
 * engine makes takes a slot here first. A free slot goes first to a job that holds none on that
 * host (so a small file never waits for a large one to finish), then to the job added first (so
 * jobs added later only use what earlier ones leave free).
 */
export class ConnectionBudget {
  private readonly inUse = new Map<string, number>();
  /** Slots held per host and job. */
  private readonly held = new Map<string, number>();
  private readonly waiting = new Map<string, Waiter[]>();

  constructor(private perHost = 6) {}

  /** A new limit applies to the next slots handed out; slots in use are not taken back. */
  setLimit(perHost: number): void {
    this.perHost = Math.max(1, Math.floor(perHost));
    for (const host of this.waiting.keys()) this.pump(host);
  }

  async acquire(host: string, signal: AbortSignal, claimant: Claimant = { id: '', order: 0 }): Promise<() => void> {
    signal.throwIfAborted();
    if (this.count(host) < this.perHost && !this.waiting.get(host)?.length) {
      this.take(host, claimant);
    } else {
      await new Promise<void>((resolve, reject) => {
        const queue = this.waiting.get(host) ?? [];
        this.waiting.set(host, queue);
        const waiter: Waiter = {
          claimant,
          wake: () => {
            signal.removeEventListener('abort', onAbort);
            resolve();
          },
        };
        const onAbort = (): void => {
          const index = queue.indexOf(waiter);
          if (index >= 0) queue.splice(index, 1);
          reject(signal.reason);
        };
        queue.push(waiter);
        signal.addEventListener('abort', onAbort, { once: true });
      });
    }
    let released = false;
    return () => {
      if (released) return;
      released = true;
      this.inUse.set(host, this.count(host) - 1);
      const key = heldKey(host, claimant);
      const left = (this.held.get(key) ?? 1) - 1;
      if (left > 0) this.held.set(key, left);
      else this.held.delete(key);
      this.pump(host);
    };
  }

  available(host: string): number {
    return Math.max(0, this.perHost - this.count(host));
  }

  private count(host: string): number {
    return this.inUse.get(host) ?? 0;
  }

  private take(host: string, claimant: Claimant): void {
    this.inUse.set(host, this.count(host) + 1);
    const key = heldKey(host, claimant);
    this.held.set(key, (this.held.get(key) ?? 0) + 1);
  }

  /** Hands free slots out: jobs holding none first, then by their place in line, then first asked. */
  private pump(host: string): void {
    const queue = this.waiting.get(host);
    while (queue && queue.length > 0 && this.count(host) < this.perHost) {
      let best = 0;
      for (let i = 1; i < queue.length; i++) {
        if (this.before(host, queue[i], queue[best])) best = i;
      }
      const [next] = queue.splice(best, 1);
      if (!next) break;
      this.take(host, next.claimant);
      next.wake();
    }
    if (queue && queue.length === 0) this.waiting.delete(host);
  }

  private before(host: string, a: Waiter | undefined, b: Waiter | undefined): boolean {
    if (!a || !b) return false;
    const aHolds = this.held.has(heldKey(host, a.claimant));
    const bHolds = this.held.has(heldKey(host, b.claimant));
    if (aHolds !== bHolds) return !aHolds;
    return a.claimant.order < b.claimant.order;
  }
}

function heldKey(host: string, claimant: Claimant): string {
  return `${host}\n${claimant.id}`;
}
