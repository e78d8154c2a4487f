import type { EngineEvent } from '../shared/types';
import type { Messages } from './i18n/en';
import type { JobMap } from './job-map';

/**
 * System notifications when a download finishes or fails, opt-in. The choice belongs to this
 * browser, not to the downloads, so the page keeps it in localStorage rather than in the
 * worker's settings; the permission itself is the browser's, asked only when the box is ticked.
 */
const KEY = 'rangefetch.notifyWhenDone';

/** What one notification says. `tag` is one per job, so a second tab's copy replaces, not adds. */
export interface FinishNotice {
  tag: string;
  title: string;
  body: string;
}

/**
 * The notices an event brings: a job that became Completed or Failed, once, when it gets there.
 * Like the live region's announcements, progress ticks and the jobs found on loading say nothing.
 */
export function finishNotices(before: JobMap, event: EngineEvent, m: Messages): FinishNotice[] {
  if (event.type !== 'update') return [];
  return event.jobs.flatMap((job) => {
    if (before.get(job.id)?.status === job.status) return [];
    const tag = `rangefetch-${job.id}`;
    if (job.status === 'completed') return [{ tag, title: job.name, body: m.notify.complete }];
    if (job.status === 'failed') return [{ tag, title: job.name, body: job.error === null ? m.notify.failed : m.sentence(job.error) }];
    return [];
  });
}

/** Whether the person asked for notifications (the permission is checked separately). */
export function notifyWanted(): boolean {
  try {
    return localStorage.getItem(KEY) === 'on';
  } catch {
    return false; // storage blocked: the box shows off, as nothing was kept
  }
}

export function setNotifyWanted(on: boolean): void {
  try {
    if (on) localStorage.setItem(KEY, 'on');
    else localStorage.removeItem(KEY);
  } catch {
    // Storage blocked: the choice lasts until the page closes, which the box shows.
  }
}

/** The browser can notify and this page may: the permission alone, for the checkbox's state. */
export function notifyPermission(): NotificationPermission | 'unsupported' {
  return typeof Notification === 'undefined' ? 'unsupported' : Notification.permission;
}

/**
 * Shows the notices, only when the person asked, the browser allows it, and the page is hidden:
 * when they are looking, the row says it. A click brings the tab to the front.
 */
export function showFinishNotices(notices: readonly FinishNotice[]): void {
  if (notices.length === 0 || document.visibilityState !== 'hidden') return;
  if (notifyPermission() !== 'granted' || !notifyWanted()) return;
  for (const { tag, title, body } of notices) {
    try {
      const notification = new Notification(title, { body, tag, icon: '/favicon.svg' });
      notification.onclick = () => {
        window.focus();
        notification.close();
      };
    } catch {
      // Chrome on Android allows notifications only from a service worker; the row still says it.
    }
  }
}
