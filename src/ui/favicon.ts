import { useEffect, useRef } from 'preact/hooks';
import type { Overview } from './overview-text';

/** At most this often the icon is drawn again: each change makes the browser decode a new image. */
const REDRAW_MS = 500;
const SIZE = 32;

/**
 * What the tab's icon shows: nothing (the app's own icon) when no job downloads or waits to,
 * else the share of the bytes done, null when a size is unknown (an open ring is drawn).
 */
export function faviconProgress(o: Overview): { fraction: number | null } | null {
  if (o.downloading + o.queued === 0) return null;
  if (o.bytesTotal === null || o.bytesTotal <= 0) return { fraction: null };
  return { fraction: Math.min(1, Math.max(0, o.bytesDone / o.bytesTotal)) };
}

/**
 * The arc of the ring, clockwise from twelve o'clock, in radians. A started download always shows
 * a sliver, and one not yet done never a closed ring; an unknown share is a quarter.
 */
export function ringArc(fraction: number | null): { start: number; end: number } {
  const start = -Math.PI / 2;
  const share = fraction === null ? 0.25 : fraction >= 1 ? 1 : Math.min(0.97, Math.max(0.04, fraction));
  return { start, end: start + share * 2 * Math.PI };
}

/** A 32×32 PNG data: URL of the ring (the page's CSP allows `img-src data:`). */
function drawRing(fraction: number | null): string | null {
  const canvas = document.createElement('canvas');
  canvas.width = SIZE;
  canvas.height = SIZE;
  const g = canvas.getContext('2d');
  if (g === null) return null;
  const c = SIZE / 2;
  // A white disc under the ring, so it reads on dark and light tab strips alike.
  g.fillStyle = '#ffffff';
  g.beginPath();
  g.arc(c, c, c, 0, 2 * Math.PI);
  g.fill();
  g.lineWidth = 6;
  g.strokeStyle = '#c8d4f4';
  g.beginPath();
  g.arc(c, c, c - 5, 0, 2 * Math.PI);
  g.stroke();
  const { start, end } = ringArc(fraction);
  g.strokeStyle = '#2457d6';
  g.lineCap = fraction !== null && fraction >= 1 ? 'butt' : 'round';
  g.beginPath();
  g.arc(c, c, c - 5, start, end);
  g.stroke();
  return canvas.toDataURL('image/png');
}

/**
 * The tab's icon shows overall progress while anything downloads, redrawn at most twice a second,
 * and is the app's own icon again when nothing runs. Browsers that ignore a changed icon (Safari)
 * simply keep the first one.
 */
export function useFavicon(overview: Overview): void {
  const progress = faviconProgress(overview);
  const key = keyOf(progress);
  const latest = useRef(progress);
  latest.current = progress;
  const state = useRef<{ original: { href: string; type: string } | null; shown: string; drawnAt: number; timer: number | null }>({
    original: null,
    shown: 'idle',
    drawnAt: 0,
    timer: null,
  });

  useEffect(() => {
    const s = state.current;
    const apply = () => {
      s.timer = null;
      const link = iconLink();
      if (link === null) return;
      const now = latest.current;
      s.shown = keyOf(now);
      s.original ??= { href: link.getAttribute('href') ?? '/favicon.svg', type: link.getAttribute('type') ?? '' };
      if (now === null) {
        link.setAttribute('href', s.original.href);
        if (s.original.type === '') link.removeAttribute('type');
        else link.setAttribute('type', s.original.type);
        return;
      }
      const url = drawRing(now.fraction);
      if (url === null) return;
      link.setAttribute('type', 'image/png');
      link.setAttribute('href', url);
      s.drawnAt = performance.now();
    };
    // A pending redraw draws whatever is latest when it runs.
    if (key === s.shown || s.timer !== null) return;
    // Back to the app's icon at once; a new ring waits for its turn and draws what is latest then.
    const wait = key === 'idle' ? 0 : Math.max(0, s.drawnAt + REDRAW_MS - performance.now());
    if (wait === 0) apply();
    else s.timer = window.setTimeout(apply, wait);
  }, [key]);

  useEffect(
    () => () => {
      const s = state.current;
      if (s.timer !== null) clearTimeout(s.timer);
      const link = iconLink();
      if (link !== null && s.original !== null) {
        link.setAttribute('href', s.original.href);
        if (s.original.type !== '') link.setAttribute('type', s.original.type);
      }
    },
    [],
  );
}

/** What the icon would show, to draw only when that changes: whole percents. */
function keyOf(progress: { fraction: number | null } | null): string {
  return progress === null ? 'idle' : progress.fraction === null ? 'open' : String(Math.round(progress.fraction * 100));
}

function iconLink(): HTMLLinkElement | null {
  return document.querySelector<HTMLLinkElement>('link[rel~="icon"]');
}
