interface Waiter {
  priority: number;
  wake: () => void;
}

/**
 * Chromium opens at most 6 HTTP/1.1 connections per host for the whole browser; asking for more
 * only queues requests inside the network stack where we cannot see them. Every request the
 * engine makes takes a slot here first. A free slot goes to the waiter with the lowest priority
 * number (the job added first), so jobs started later only use what earlier ones leave free:
 * many jobs may be running without slowing the first one down.
 */
export class ConnectionBudget {
  private readonly inUse = new Map<string, number>();
  private readonly waiting = new Map<string, Waiter[]>();

  constructor(private perHost = 6) {}

  /** A new limit applies to the next slots handed out; slots in use are not taken back. */
  setLimit(perHost: number): void {
    this.perHost = Math.max(1, Math.floor(perHost));
    for (const host of this.waiting.keys()) this.pump(host);
  }

  async acquire(host: string, signal: AbortSignal, priority = 0): Promise<() => void> {
    signal.throwIfAborted();
    if (this.count(host) < this.perHost && !this.waiting.get(host)?.length) {
      this.inUse.set(host, this.count(host) + 1);
    } else {
      await new Promise<void>((resolve, reject) => {
        const queue = this.waiting.get(host) ?? [];
        this.waiting.set(host, queue);
        const waiter: Waiter = {
          priority,
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
        // After every waiter of the same or a lower number: first come, first served among equals.
        const at = queue.findIndex((w) => w.priority > priority);
        queue.splice(at < 0 ? queue.length : at, 0, waiter);
        signal.addEventListener('abort', onAbort, { once: true });
      });
    }
    let released = false;
    return () => {
      if (released) return;
      released = true;
      this.inUse.set(host, this.count(host) - 1);
      this.pump(host);
    };
  }

  available(host: string): number {
    return Math.max(0, this.perHost - this.count(host));
  }

  private count(host: string): number {
    return this.inUse.get(host) ?? 0;
  }

  /** Hands free slots to waiters in the order they asked. */
  private pump(host: string): void {
    const queue = this.waiting.get(host);
    while (queue && queue.length > 0 && this.count(host) < this.perHost) {
      this.inUse.set(host, this.count(host) + 1);
      queue.shift()?.wake();
    }
    if (queue && queue.length === 0) this.waiting.delete(host);
  }
}
