import { formatDuration, formatProgress, formatSpeed } from '../shared/format';
import type { JobView } from '../shared/types';
import type { Messages } from './i18n/en';

/** What the bar above the list sums up, over every job shown. */
export interface Overview {
  /** Moving bytes or saving them. */
  downloading: number;
  queued: number;
  completed: number;
  failed: number;
  paused: number;
  /** Bytes per second, all jobs together. */
  speed: number;
  /** Over the jobs still to finish (downloading, saving, queued, paused). */
  bytesDone: number;
  /** Null when one of those has no known size. */
  bytesTotal: number | null;
  /** Seconds until those finish at the current speed; null when unknown. */
  eta: number | null;
}

export function overviewOf(jobs: Iterable<JobView>): Overview {
  const o: Overview = { downloading: 0, queued: 0, completed: 0, failed: 0, paused: 0, speed: 0, bytesDone: 0, bytesTotal: 0, eta: null };
  for (const job of jobs) {
    switch (job.status) {
      case 'downloading':
      case 'saving':
        o.downloading++;
        break;
      case 'queued':
        o.queued++;
        break;
      case 'paused':
      case 'pausing':
        o.paused++;
        break;
      case 'completed':
        o.completed++;
        break;
      case 'failed':
        o.failed++;
        break;
      default:
        continue;
    }
    if (job.status === 'completed' || job.status === 'failed') continue;
    o.speed += job.speed;
    o.bytesDone += job.bytesDone;
    o.bytesTotal = o.bytesTotal === null || job.size === null ? null : o.bytesTotal + job.size;
  }
  const active = o.downloading + o.queued + o.paused > 0;
  if (!active) o.bytesTotal = null;
  if (o.bytesTotal !== null && o.speed > 0) o.eta = Math.max(0, o.bytesTotal - o.bytesDone) / o.speed;
  return o;
}

/** "3 downloading · 2 queued · 10 completed · 1 failed", leaving out the zeros; null for an empty list. */
export function countsText(o: Overview, m: Messages): string | null {
  const { overview: w } = m;
  const parts = [
    [o.downloading, w.downloading],
    [o.queued, w.queued],
    [o.paused, w.paused],
    [o.completed, w.completed],
    [o.failed, w.failed],
  ] as const;
  const said = parts.filter(([n]) => n > 0).map(([n, say]) => say(n));
  return said.length === 0 ? null : said.join(' · ');
}

/** "12.0 MiB/s · 1.20 GiB of 3.40 GiB · 2 min left" while something is to finish; null otherwise. */
export function progressText(o: Overview, m: Messages): string | null {
  if (o.downloading + o.queued + o.paused === 0) return null;
  const parts: string[] = [];
  if (o.downloading > 0) parts.push(formatSpeed(o.speed, m.locale));
  parts.push(formatProgress(o.bytesDone, o.bytesTotal, m.numbers));
  if (o.eta !== null) parts.push(m.row.left(formatDuration(o.eta, m.numbers)));
  return parts.join(' · ');
}

/**
 * The tab's title: overall progress while anything runs ("42% · 3 downloading — Rangefetch"), a
 * short word once everything stopped after running in this tab, the app's name otherwise.
 */
export function titleOf(o: Overview, ranBefore: boolean, m: Messages): string {
  const app = m.app.name;
  const running = o.downloading + o.queued;
  if (running > 0) {
    const percent = o.bytesTotal !== null && o.bytesTotal > 0 ? `${Math.floor((o.bytesDone / o.bytesTotal) * 100)}% · ` : '';
    return `${percent}${o.downloading > 0 ? m.overview.downloading(running) : m.overview.queued(running)} — ${app}`;
  }
  if (!ranBefore) return app;
  if (o.failed > 0) return `${m.overview.failed(o.failed)} — ${app}`;
  if (o.paused > 0) return `${m.overview.titlePaused} — ${app}`;
  return `${m.overview.titleDone} — ${app}`;
}
