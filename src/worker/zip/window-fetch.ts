import { contentRangeInWindow, rangeInWindow, windowOfUrl } from '../../shared/url-window';
import { DownloadError } from '../download-error';

const RANGES_NEEDED = 'The server stopped answering ranges, which one file out of a ZIP needs';
const RANGE_HIDDEN = 'The server did not show which bytes of the ZIP it sent';

/**
 * fetch(), except that a link with a window (shared/url-window.ts) gets the window as if it were
 * the whole file: its Range moves by the window's start, and a 206 comes back with the
 * Content-Range moved back and the window's length as the total. A 200 (the whole archive) is
 * never the window: it fails the request. Other answers, and requests without a window, are
 * fetch()'s own.
 */
export async function fetchWindowed(url: string, init: RequestInit = {}): Promise<Response> {
  const window = windowOfUrl(url);
  if (window === null || (init.method !== undefined && init.method !== 'GET')) return fetch(url, init);
  const headers = new Headers(init.headers);
  const range = rangeInWindow(headers.get('Range'), window);
  if (range === null) return new Response(null, { status: 416, headers: { 'Content-Range': `bytes */${window.length}` } });
  headers.set('Range', range);
  const response = await fetch(url, { ...init, headers });
  if (response.status !== 200 && response.status !== 206) return response;
  const shown = response.headers.get('Content-Range');
  const moved = response.status === 206 && shown !== null ? contentRangeInWindow(shown, window) : null;
  if (moved === null) {
    response.body?.cancel().catch(() => undefined);
    throw new DownloadError('bad-response', response.status === 200 ? RANGES_NEEDED : RANGE_HIDDEN, response.status === 206);
  }
  const answered = new Headers(response.headers);
  answered.set('Content-Range', moved);
  const windowed = new Response(response.body, { status: 206, statusText: response.statusText, headers: answered });
  // What the engine reads of the answer itself: where it came from (redirects are followed once).
  Object.defineProperties(windowed, { url: { value: response.url }, redirected: { value: response.redirected } });
  return windowed;
}
