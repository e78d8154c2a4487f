/**
 * `connrate=`: one byte rate per TCP connection, shared by every response it carries (on HTTP/2,
 * every stream of the session), the way a host-level throttle limits a connection rather than a
 * request. respond.ts's sendBody() asks the connection's pacer before each slice it writes.
 */
import { connectionOf, type OriginRequest } from './exchange.ts';

/**
 * Hands out send times at `rate` bytes per second to whoever asks, in the order they ask: two
 * bodies taking turns each get half. No credit builds up while nobody sends, so a connection that
 * was idle does not burst.
 */
export class Pacer {
  /** When the bytes reserved so far have gone out at the rate (ms, on the caller's clock). */
  private next = -Infinity;

  constructor(public rate: number) {}

  /** Reserves `bytes` at time `nowMs`; returns how many ms to wait before sending them (0: now). */
  take(bytes: number, nowMs: number): number {
    const start = Math.max(this.next, nowMs);
    this.next = start + (bytes * 1000) / this.rate;
    return start - nowMs;
  }
}

const pacers = new WeakMap<object, Pacer>();

/** The pacer of the request's connection, made on first use; `rate` is the latest request's. */
export function connectionPacer(req: OriginRequest, rate: number): Pacer {
  const key = connectionOf(req);
  let pacer = pacers.get(key);
  if (pacer === undefined) {
    pacer = new Pacer(rate);
    pacers.set(key, pacer);
  }
  pacer.rate = rate;
  return pacer;
}
