import type { Command } from '../shared/job-lifecycle';
import type { JobView, ViewStatus } from '../shared/types';
import type { PersonCommand } from '../worker/api';

/**
 * What a row's button does: an engine command, or a step that first needs the page (a picker, a
 * permission prompt, the Change URL form) and then tells the engine.
 */
export type RowActionKind = PersonCommand | 'allow' | 'save' | 'save-as' | 'change-url';

/** A row's button; its accessible name is the catalog's `row.actions[kind]` (the e2e tests find it by that). */
export interface RowAction {
  kind: RowActionKind;
  /** The one action the row suggests (at most one per row). */
  primary: boolean;
}

/** The lifecycle command each action amounts to once the page has done its part. */
export const LIFECYCLE_COMMAND: Readonly<Record<RowActionKind, Command>> = {
  pause: 'pause',
  resume: 'resume',
  cancel: 'cancel',
  remove: 'remove',
  retry: 'retry',
  restart: 'restart',
  'keep-anyway': 'keep-anyway',
  allow: 'save-place-granted',
  save: 'save-place-granted',
  'save-as': 'save-place-granted',
  'change-url': 'change-url',
};

const action = (kind: RowActionKind, primary = false): RowAction => ({ kind, primary });

export type StoppingStatus = 'pausing' | 'canceling' | 'removing' | 'stopping';

/** A run is stopping; the row waits for it to end before offering anything. */
export function isStopping(status: ViewStatus): status is StoppingStatus {
  return status === 'pausing' || status === 'canceling' || status === 'removing' || status === 'stopping';
}

/** The buttons a row shows, in order. Only commands the job's lifecycle accepts are offered. */
export function rowActions(job: JobView): RowAction[] {
  const { status } = job;
  if (isStopping(status)) return [];
  // Another tab drives the job: this tab can only forward a stop to it.
  if (job.elsewhere) return [action('pause'), action('cancel')];
  switch (status) {
    case 'queued':
    case 'downloading':
    case 'saving':
      return [action('pause'), action('cancel')];
    case 'paused':
      return [action('resume', true), action('cancel'), action('remove')];
    case 'save-blocked':
      return job.hasDestination ? [action('allow', true), action('save-as'), action('cancel')] : [action('save', true), action('cancel')];
    case 'web-page':
      return [action('keep-anyway', true), action('remove')];
    case 'failed':
      // An expired link cannot work again by retrying it; a fresh link is the way on.
      if (job.errorKind === 'expired') return [action('change-url', true), action('retry'), action('remove')];
      // Unreadable errors may be an expired link or a server that is down for a while.
      if (job.errorKind === 'unreadable') return [action('retry', true), action('change-url'), action('remove')];
      return [action('retry', true), action('remove')];
    case 'canceled':
      return [action('restart'), action('remove')];
    case 'completed':
    case 'damaged':
      return [action('remove')];
  }
}

/**
 * Where focus goes when the focused button of a row disappeared (its click changed the row): the
 * first action that does not end or drop the job, so a second Enter never cancels or removes;
 * null for the row itself.
 */
export function focusAfterLoss(actions: readonly RowAction[]): RowActionKind | null {
  return actions.find((a) => a.kind !== 'cancel' && a.kind !== 'remove')?.kind ?? null;
}
