/**
 * The connection limits servers have shown, learned the way aria2 does it: a server that refuses
 * a request (503, 429, or an error it would not let the page read) while other connections to it
 * are delivering is limiting connections per client — nginx's `limit_conn` on file hosts — so it
 * gets no more connections than were delivering. A stretch without refusals earns one more back,
 * and a raise the server accepted earns the next one sooner: a server that was only down for a
 * while (its 503s look the same) is back at full speed in seconds, and one that does limit
 * connections costs one refused request per RAISE_AFTER_MS.
 */

/** How recent a delivery must be for its connection to count as delivering. */
export const DELIVERING_WINDOW_MS = 3_000;
/** Time without refusals after which a lowered limit goes up by one. */
export const RAISE_AFTER_MS = 10_000;
/** After a raise the server accepted, the time until the next one. */
export const RAISE_AGAIN_MS = 2_000;
/** A limit nobody used for this long is forgotten: the next job starts with the full setting. */
export const FORGET_AFTER_MS = 10 * 60_000;
/** A second refusal within the learned limit this soon after the first lowers the limit. */
export const LAG_WINDOW_MS = 5_000;

interface Learned {
  limit: number;
  /** The last refusal or raise: the next raise waits RAISE_AFTER_MS from here. */
  since: number;
  usedAt: number;
  /** When a request within the learned limit was last refused (see refused()). */
  laggedAt: number;
  /** The limit was raised and no refusal came since: a refusal now answers the raise. */
  raised: boolean;
}

export class ServerLimits {
  private readonly learned = new Map<string, Learned>();

  constructor(private readonly now: () => number = () => performance.now()) {}

  /** The most connections `host` gets, given the setting `perHost`. */
  limitOf(host: string, perHost: number): number {
    const learned = this.current(host);
    return learned === null ? perHost : Math.min(perHost, learned.limit);
  }

  /**
   * A request to `host` was refused while `delivering` other connections to it delivered, with
   * `inUse` slots of it held (the refused one included). True when that shows a connection limit:
   * the request is to wait for a free slot rather than count as a failure, and the host's limit
   * is now `delivering`.
   *
   * A refusal within a limit already learned is, the first time, most likely the server still
   * counting a connection just closed (the probe's open-ended answer is cut off by the page, and
   * the server notices a moment later): it waits without lowering the limit. A second one soon
   * after is a limit that went down (another client took a connection), and lowers it.
   */
  refused(host: string, delivering: number, inUse: number, perHost: number): boolean {
    if (delivering < 1) return false;
    const now = this.now();
    const learned = this.current(host);
    if (learned !== null && !learned.raised && inUse <= learned.limit && now - learned.laggedAt > LAG_WINDOW_MS) {
      learned.laggedAt = now;
      learned.usedAt = now;
      return true;
    }
    const limit = Math.min(delivering, this.limitOf(host, perHost));
    this.learned.set(host, { limit, since: now, usedAt: now, laggedAt: Number.NEGATIVE_INFINITY, raised: false });
    return true;
  }

  /**
   * Bytes arrived from `host`. True when the limit went up by one (a slot more may be handed out):
   * RAISE_AFTER_MS passed since the last refusal, or RAISE_AGAIN_MS since a raise. At the setting,
   * the host is forgotten.
   */
  delivered(host: string, perHost: number): boolean {
    const learned = this.current(host);
    if (learned === null) return false;
    const now = this.now();
    learned.usedAt = now;
    if (now - learned.since < (learned.raised ? RAISE_AGAIN_MS : RAISE_AFTER_MS)) return false;
    learned.limit++;
    learned.since = now;
    learned.raised = true;
    if (learned.limit >= perHost) this.learned.delete(host);
    return true;
  }

  private current(host: string): Learned | null {
    const learned = this.learned.get(host);
    if (learned === undefined) return null;
    if (this.now() - learned.usedAt > FORGET_AFTER_MS) {
      this.learned.delete(host);
      return null;
    }
    return learned;
  }
}
