import type { EngineEvent, JobView } from '../../shared/types';

type Listener = (event: EngineEvent) => unknown;

/** Progress reaches the page at most this often per job. */
const PUSH_INTERVAL_MS = 250;
/**
 * A new status goes out within this long, together with every other change made meanwhile: 200
 * small files make about a thousand changes of status, and each one pushed on its own was a
 * render of the whole list in the page.
 */
const STATUS_PUSH_MS = 40;

/**
 * What the pages subscribed to the engine are told: jobs marked as changed go out together a few
 * times a second, a new status at once, and running jobs keep reporting (speeds decay while a
 * connection is silent).
 */
export class ProgressFeed {
  private readonly listeners = new Map<number, Listener>();
  private nextId = 1;
  private readonly notices: string[] = [];
  private readonly dirty = new Set<string>();
  private timer: ReturnType<typeof setTimeout> | null = null;
  /** The push under way is the short one, for a new status (it is not put off again). */
  private soon = false;

  constructor(
    /** The job's view now; null for a job that is gone. */
    private readonly view: (id: string) => JobView | null,
    /** Ids of the jobs this tab is downloading right now. */
    private readonly running: () => string[],
    /** Called with the views of running jobs after each push (other tabs show them). */
    private readonly pushed: (running: JobView[]) => void,
  ) {}

  /**
   * Adds a listener; it hears the notices said so far at once, and every change after
   * snapshot() has given it the list. Returns the id that snapshot() and unsubscribe() take.
   */
  listen(listener: Listener): number {
    const id = this.nextId++;
    this.listeners.set(id, listener);
    for (const message of this.notices) this.emit({ type: 'notice', message }, id);
    return id;
  }

  snapshot(id: number, jobs: JobView[]): void {
    this.emit({ type: 'snapshot', jobs }, id);
  }

  /** Stops telling the listener anything; returns it, so its caller can let it go. */
  unsubscribe(id: number): Listener | null {
    const listener = this.listeners.get(id) ?? null;
    this.listeners.delete(id);
    return listener;
  }

  /** The job changed; `now` for a new status, which goes out within STATUS_PUSH_MS, not at the next tick. */
  touch(id: string, now = false): void {
    this.dirty.add(id);
    if (now && !this.soon && this.timer !== null) {
      clearTimeout(this.timer);
      this.timer = null;
    }
    if (this.timer !== null) return;
    this.soon = now;
    this.timer = setTimeout(() => this.push(), now ? STATUS_PUSH_MS : PUSH_INTERVAL_MS);
  }

  removed(id: string): void {
    this.dirty.delete(id);
    this.emit({ type: 'removed', ids: [id] });
  }

  private push(): void {
    this.timer = null;
    this.soon = false;
    const jobs = [...this.dirty].flatMap((id) => this.view(id) ?? []);
    this.dirty.clear();
    if (jobs.length > 0) this.emit({ type: 'update', jobs });
    const running = this.running();
    const driven = jobs.filter((job) => running.includes(job.id));
    if (driven.length > 0) this.pushed(driven);
    for (const id of running) this.touch(id);
  }

  /**
   * A kept file is ready for the browser's downloads: told after the row's completed status, so
   * the page never hands over a file whose row still says it is saving.
   */
  handOver(id: string, name: string): void {
    if (this.dirty.has(id)) {
      if (this.timer !== null) clearTimeout(this.timer);
      this.push();
    }
    this.emit({ type: 'hand-over', id, name });
  }

  /** Something the person should read that belongs to no row (the database needs another tab closed). */
  notice(message: string): void {
    // Kept for pages that subscribe later: a notice may come before the page asked for anything.
    this.notices.push(message);
    this.emit({ type: 'notice', message });
  }

  private emit(event: EngineEvent, only?: number): void {
    for (const [id, listener] of this.listeners) {
      if (only !== undefined && id !== only) continue;
      // A listener in a page that went away rejects; forget it rather than fail the engine.
      Promise.resolve()
        .then(() => listener(event))
        .catch(() => this.listeners.delete(id));
    }
  }
}
