/**
 * Which protocol each server answers with, from the browser's resource timing: a page cannot pick
 * HTTP/1.1 or HTTP/2, but it can say which one carried its requests — on HTTP/2 the "connections"
 * are streams of one TCP connection. Cross-origin, browsers show `nextHopProtocol` only to pages
 * the server allows (Timing-Allow-Origin); otherwise it is empty and nothing is claimed.
 */
const byOrigin = new Map<string, string>();

const NAMES: Record<string, string> = { 'http/1.0': 'HTTP/1.0', 'http/1.1': 'HTTP/1.1', h2: 'HTTP/2', h2c: 'HTTP/2', h3: 'HTTP/3' };

function watch(): void {
  if (typeof PerformanceObserver === 'undefined') return;
  try {
    new PerformanceObserver((list) => {
      for (const entry of list.getEntries()) {
        const { name, nextHopProtocol } = entry as PerformanceResourceTiming;
        const protocol = NAMES[nextHopProtocol.toLowerCase()];
        if (protocol !== undefined) byOrigin.set(new URL(name).origin, protocol);
      }
    }).observe({ type: 'resource' });
    // The observer sees every entry; the timeline's own buffer (250 entries) is not needed.
    performance.addEventListener('resourcetimingbufferfull', () => performance.clearResourceTimings());
  } catch {
    // A browser without resource timing in workers: the row says nothing of the protocol.
  }
}

watch();

/** The protocol `url`'s server last answered with, or null when the browser did not show it. */
export function protocolOf(url: string): string | null {
  try {
    return byOrigin.get(new URL(url).origin) ?? null;
  } catch {
    return null;
  }
}
