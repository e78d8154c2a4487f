/**
 * Which servers of a job with mirrors take the next range: every server takes ranges while it is
 * being measured, and then one that is much slower per connection than the fastest waits while
 * the others run, so the end of the file does not hang on a slow server's last range.
 */

/** What is measured of one server now. */
export interface SourcePace {
  /** Bytes per second over the last few seconds. */
  rate: number;
  /** Its requests open now. */
  connections: number;
  /** How long it has been sending, in ms: a server is judged only after MEASURE_MS. */
  measuredMs: number;
}

/** A server this many times slower per connection than the fastest waits. */
export const LAG_FACTOR = 4;
/** How long a server sends before its speed is judged. */
export const MEASURE_MS = 1500;

function perConnection(pace: SourcePace): number {
  return pace.rate / Math.max(1, pace.connections);
}

/** Whether `me` should wait rather than take a new range, given every server of the job (`me` included). */
export function lagsBehind(me: SourcePace, all: readonly SourcePace[]): boolean {
  if (me.measuredMs < MEASURE_MS) return false;
  let best = 0;
  for (const pace of all) best = Math.max(best, perConnection(pace));
  return perConnection(me) * LAG_FACTOR < best;
}
