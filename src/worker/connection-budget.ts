/**
 * Chromium opens at most 6 HTTP/1.1 connections per host for the whole browser; asking for more
 * only queues requests inside the network stack where we cannot see them. Every request the
 * engine makes takes a slot here first, so jobs on one host share the budget fairly.
 */
export class ConnectionBudget {
  private readonly inUse = new Map<string, number>();
  private readonly waiting = new Map<string, Array<() => void>>();

  constructor(private readonly perHost = 6) {}

  async acquire(host: string, signal: AbortSignal): Promise<() => void> {
    signal.throwIfAborted();
    if ((this.inUse.get(host) ?? 0) >= this.perHost) {
      await new Promise<void>((resolve, reject) => {
        const queue = this.waiting.get(host) ?? [];
        this.waiting.set(host, queue);
        const wake = () => {
          signal.removeEventListener('abort', onAbort);
          resolve();
        };
        const onAbort = () => {
          const index = queue.indexOf(wake);
          if (index >= 0) queue.splice(index, 1);
          reject(signal.reason);
        };
        queue.push(wake);
        signal.addEventListener('abort', onAbort, { once: true });
      });
    } else {
      this.inUse.set(host, (this.inUse.get(host) ?? 0) + 1);
    }
    let released = false;
    return () => {
      if (released) return;
      released = true;
      this.release(host);
    };
  }

  /** A freed slot passes straight to the next waiter, so the count only drops when none wait. */
  private release(host: string): void {
    const next = this.waiting.get(host)?.shift();
    if (next) {
      next();
      return;
    }
    this.inUse.set(host, (this.inUse.get(host) ?? 1) - 1);
  }

  available(host: string): number {
    return this.perHost - (this.inUse.get(host) ?? 0);
  }
}
