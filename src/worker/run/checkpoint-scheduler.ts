/**
 * When a run records its progress: on request (a connection wrote enough, the timer ticked), one
 * at a time — a request during a checkpoint makes one more follow it, never two at once.
 */
export class Checkpoints {
  private running: Promise<void> | null = null;
  private again = false;

  /** `take(now)` records the progress; `now` asks for a write that goes out at once. */
  constructor(private readonly take: (now: boolean) => Promise<void>) {}

  request(): void {
    if (this.running) {
      this.again = true;
      return;
    }
    this.running = this.take(false).finally(() => {
      this.running = null;
      if (this.again) {
        this.again = false;
        this.request();
      }
    });
    this.running.catch(() => undefined);
  }

  /** Waits for a checkpoint under way, then takes a last one. */
  async finish(): Promise<void> {
    while (this.running) await this.running.catch(() => undefined);
    this.again = false;
    await this.take(false);
  }

  /** For a page that is going away: one checkpoint now, its record sent at once. */
  now(): Promise<void> {
    return this.take(true);
  }
}
