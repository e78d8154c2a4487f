import { DELIVERING_WINDOW_MS, ServerLimits } from './server-limits';

/** Who asks for a connection: a job, and its place in line (when it was added). */
export interface Claimant {
  id: string;
  order: number;
}

/** One connection slot of a host, held from acquire() until release(). */
export interface Slot {
  release(): void;
  /**
   * Whether this connection should give its slot back now, for a job that waits with none on the
   * host. Asked at each read; once true it stays true until the slot is released.
   */
  shouldYield(): boolean;
  /** Bytes arrived on this connection: it counts as delivering for a while (see refused()). */
  delivered(): void;
  /**
   * The server refused this slot's request (503, 429, or an error it would not let the page
   * read). True when other connections of the same job to it were delivering: the server limits
   * connections, it gets no more than those from now on, and the request should wait for a slot
   * without counting as a failure. False when nothing else was delivering: a real failure.
   */
  refused(): boolean;
}

interface Live {
  /** The job holding the slot. */
  job: string;
  lastDelivery: number;
}

interface Waiter {
  claimant: Claimant;
  wake: () => void;
}

interface Holding {
  claimant: Claimant;
  count: number;
}

interface Host {
  inUse: number;
  /** Slots held per job. */
  held: Map<string, Holding>;
  waiting: Waiter[];
  /** Slots that agreed to give themselves back and are not released yet. */
  yielding: number;
  /** The slots held now, with when each last delivered bytes. */
  live: Set<Live>;
}

/**
 * Chromium opens at most 6 HTTP/1.1 connections per host for the whole browser; asking for more
 * only queues requests inside the network stack where we cannot see them. Every request the
 * engine makes takes a slot here first.
 *
 * Fairness by construction: a free slot goes first to a job that holds none on that host, then to
 * the job added first. And when a job holding none has to wait because the host is full, the job
 * holding the most slots there is asked to give one back (shouldYield): that connection stops at
 * its next read and hands its unfinished range back to its run, so a small file never waits for a
 * large one's ranges to end. A job is never asked for its last connection.
 *
 * A server that limits connections per client gets no more than it allows (ServerLimits): the
 * slots beyond wait here, instead of being refused there and counted as failures.
 */
export class ConnectionBudget {
  private readonly hosts = new Map<string, Host>();

  constructor(
    private perHost = 6,
    private readonly now: () => number = () => performance.now(),
    private readonly limits = new ServerLimits(now),
  ) {}

  /** The most slots `hostName` gets now: the setting, or less where the server showed a limit. */
  limitOf(hostName: string): number {
    return this.limits.limitOf(hostName, this.perHost);
  }

  /** A new limit applies to the next slots handed out; slots in use are not taken back. */
  setLimit(perHost: number): void {
    this.perHost = Math.max(1, Math.floor(perHost));
    for (const name of this.hosts.keys()) this.pump(name);
  }

  async acquire(hostName: string, signal: AbortSignal, claimant: Claimant = { id: '', order: 0 }): Promise<Slot> {
    signal.throwIfAborted();
    const host = this.host(hostName);
    if (host.inUse < this.limitOf(hostName) && host.waiting.length === 0) {
      this.take(host, claimant);
    } else {
      await new Promise<void>((resolve, reject) => {
        const waiter: Waiter = {
          claimant,
          wake: () => {
            signal.removeEventListener('abort', onAbort);
            resolve();
          },
        };
        const onAbort = (): void => {
          const index = host.waiting.indexOf(waiter);
          if (index >= 0) host.waiting.splice(index, 1);
          this.forgetIfIdle(hostName);
          reject(signal.reason);
        };
        host.waiting.push(waiter);
        signal.addEventListener('abort', onAbort, { once: true });
      });
    }
    return this.slot(hostName, host, claimant);
  }

  private slot(hostName: string, host: Host, claimant: Claimant): Slot {
    let released = false;
    let yielding = false;
    const live: Live = { job: claimant.id, lastDelivery: Number.NEGATIVE_INFINITY };
    host.live.add(live);
    return {
      release: () => {
        if (released) return;
        released = true;
        host.live.delete(live);
        if (yielding) host.yielding--;
        this.give(host, claimant);
        this.pump(hostName);
      },
      shouldYield: () => {
        if (released) return false;
        if (!yielding && this.asksBack(host, claimant)) {
          yielding = true;
          host.yielding++;
        }
        return yielding;
      },
      delivered: () => {
        live.lastDelivery = this.now();
        if (this.limits.delivered(hostName, this.perHost)) this.pump(hostName);
      },
      refused: () => {
        const since = this.now() - DELIVERING_WINDOW_MS;
        // Only the same job's connections: another job's healthy download must not turn this job's
        // broken link (a header-less 404 looks like a header-less 503) into an endless wait.
        let delivering = 0;
        for (const other of host.live) if (other !== live && other.job === claimant.id && other.lastDelivery >= since) delivering++;
        return this.limits.refused(hostName, delivering, released ? host.inUse + 1 : host.inUse, this.perHost);
      },
    };
  }

  /**
   * Whether a slot of `claimant` should be given back: jobs holding none wait on this host, more
   * than the slots already giving themselves back can serve, and `claimant` is the job holding
   * the most slots here (on a tie, the one added last), with at least two.
   */
  private asksBack(host: Host, claimant: Claimant): boolean {
    if (host.waiting.length === 0) return false;
    // Counted per job: its first slot makes it hold one, and its other waiters wait in line.
    const needy = new Set(host.waiting.filter((w) => !host.held.has(w.claimant.id)).map((w) => w.claimant.id)).size;
    if (needy <= host.yielding) return false;
    const mine = host.held.get(claimant.id)?.count ?? 0;
    if (mine < 2) return false;
    return this.largestHolder(host)?.id === claimant.id;
  }

  private largestHolder(host: Host): Claimant | null {
    let best: Holding | null = null;
    for (const holding of host.held.values()) {
      const more = best === null || holding.count > best.count;
      const laterOnTie = best !== null && holding.count === best.count && holding.claimant.order > best.claimant.order;
      if (more || laterOnTie) best = holding;
    }
    return best?.claimant ?? null;
  }

  private host(name: string): Host {
    let host = this.hosts.get(name);
    if (!host) {
      host = { inUse: 0, held: new Map(), waiting: [], yielding: 0, live: new Set() };
      this.hosts.set(name, host);
    }
    return host;
  }

  private take(host: Host, claimant: Claimant): void {
    host.inUse++;
    const holding = host.held.get(claimant.id);
    if (holding) holding.count++;
    else host.held.set(claimant.id, { claimant, count: 1 });
  }

  private give(host: Host, claimant: Claimant): void {
    host.inUse--;
    const holding = host.held.get(claimant.id);
    if (!holding) return;
    holding.count--;
    if (holding.count <= 0) host.held.delete(claimant.id);
  }

  /** Hands free slots out: jobs holding none first, then by their place in line, then first asked. */
  private pump(hostName: string): void {
    const host = this.hosts.get(hostName);
    if (!host) return;
    while (host.waiting.length > 0 && host.inUse < this.limitOf(hostName)) {
      let best = 0;
      for (let i = 1; i < host.waiting.length; i++) {
        if (this.before(host, host.waiting[i], host.waiting[best])) best = i;
      }
      const [next] = host.waiting.splice(best, 1);
      if (!next) break;
      this.take(host, next.claimant);
      next.wake();
    }
    this.forgetIfIdle(hostName);
  }

  private before(host: Host, a: Waiter | undefined, b: Waiter | undefined): boolean {
    if (!a || !b) return false;
    const aHolds = host.held.has(a.claimant.id);
    const bHolds = host.held.has(b.claimant.id);
    if (aHolds !== bHolds) return !aHolds;
    return a.claimant.order < b.claimant.order;
  }

  /** A host nobody uses or waits for is forgotten, so the map does not grow with every server. */
  private forgetIfIdle(hostName: string): void {
    const host = this.hosts.get(hostName);
    if (host && host.inUse === 0 && host.waiting.length === 0) this.hosts.delete(hostName);
  }
}
