import { isChecksumSource } from '../../shared/published-sums';
import { MAX_SERVERS } from '../../shared/mirror-links';
import { checkSettings, type Settings } from '../../shared/settings';
import { isAmount, isAmountOrNull, isCount, isCountOrNull, isListOf, isObject, isOneOf, isStringOrNull } from '../../shared/shape';
import { FAILURE_KINDS, type JobView, type MirrorView, type PieceView, type RetryState, type ViewStatus } from '../../shared/types';

/** What the engines of several open tabs tell each other (one BroadcastChannel per origin). */
export type TabMessage =
  /** Live progress of the jobs the sender drives. */
  | { type: 'views'; jobs: JobView[] }
  /** These records changed in IndexedDB (added, new status): read them again. */
  | { type: 'changed'; ids: string[] }
  | { type: 'removed'; ids: string[] }
  | { type: 'settings'; settings: Settings }
  /** Asks the tab that drives a job to stop it. */
  | { type: 'command'; id: string; action: ForwardedCommand };

/** The only commands one tab may ask of another: stopping a job it drives. */
export type ForwardedCommand = 'pause' | 'cancel' | 'remove';

const FORWARDED: readonly ForwardedCommand[] = ['pause', 'cancel', 'remove'];
const VIEW_STATUSES: readonly ViewStatus[] = [
  'queued', 'downloading', 'saving', 'paused', 'save-blocked', 'web-page', 'failed', 'canceled', 'completed',
  'pausing', 'canceling', 'removing', 'stopping', 'damaged',
];
/** More than any list holds; a message beyond it is not one of ours. */
const MAX_IDS = 10_000;
const MAX_TEXT = 10_000;

const isId = (value: unknown): value is string => typeof value === 'string' && value.length > 0 && value.length <= 100;
const isText = (value: unknown): value is string => typeof value === 'string' && value.length <= MAX_TEXT;
const isTextOrNull = (value: unknown): value is string | null => value === null || isText(value);

function isRetryState(value: unknown): value is RetryState | null {
  return value === null || (isObject(value) && isCount(value.attempt) && isCount(value.of) && isText(value.reason));
}

/** More ranges than any run fetches at once (connections are capped far below this). */
const MAX_PIECES = 64;

function isPiece(value: unknown): value is PieceView {
  return isObject(value) && isCount(value.start) && isCount(value.end) && isCount(value.at) && value.start <= value.at && value.at <= value.end;
}

function isMirror(value: unknown): value is MirrorView {
  return isObject(value) && isText(value.url) && isCount(value.given) && isTextOrNull(value.dropped);
}

/** Whether `value` is a JobView whose every field is what the page relies on to draw a row. */
export function isJobView(value: unknown): value is JobView {
  if (!isObject(value)) return false;
  const v = value;
  return (
    isId(v.id) &&
    isText(v.url) &&
    isText(v.name) &&
    isCountOrNull(v.size) &&
    isCount(v.bytesDone) &&
    isAmount(v.speed) &&
    isAmountOrNull(v.eta) &&
    isOneOf(VIEW_STATUSES, v.status) &&
    isTextOrNull(v.error) &&
    (v.errorKind === null || isOneOf(FAILURE_KINDS, v.errorKind)) &&
    isTextOrNull(v.note) &&
    isCount(v.connections) &&
    isCountOrNull(v.serverLimit) &&
    isTextOrNull(v.protocol) &&
    isRetryState(v.retrying) &&
    typeof v.hasDestination === 'boolean' &&
    typeof v.keptInBrowser === 'boolean' &&
    isTextOrNull(v.folder) &&
    isStringOrNull(v.sha256) &&
    isStringOrNull(v.expectedSha256) &&
    (v.expectedSha256Source === undefined || isChecksumSource(v.expectedSha256Source)) &&
    typeof v.elsewhere === 'boolean' &&
    (v.pieces === undefined || isListOf(v.pieces, isPiece, MAX_PIECES)) &&
    (v.mirrors === undefined || isListOf(v.mirrors, isMirror, MAX_SERVERS)) &&
    isAmount(v.createdAt) &&
    isAmountOrNull(v.completedAt) &&
    typeof v.position === 'number' &&
    Number.isFinite(v.position) &&
    isAmount(v.speedLimit)
  );
}

/**
 * The message, when it is one this app sends; null otherwise. Any page of this origin can post
 * on the channel (an old version, a bug, a script), so nothing it says is acted on unchecked:
 * settings pass the same check as the form, and only stopping a job can be asked of a tab.
 */
export function parseTabMessage(data: unknown): TabMessage | null {
  if (!isObject(data)) return null;
  switch (data.type) {
    case 'views':
      return isListOf(data.jobs, isJobView, MAX_IDS) ? { type: 'views', jobs: data.jobs } : null;
    case 'changed':
    case 'removed':
      return isListOf(data.ids, isId, MAX_IDS) ? { type: data.type, ids: data.ids } : null;
    case 'settings': {
      if (!isObject(data.settings)) return null;
      const checked = checkSettings(data.settings);
      return checked.ok ? { type: 'settings', settings: checked.settings } : null;
    }
    case 'command':
      return isId(data.id) && isOneOf(FORWARDED, data.action) ? { type: 'command', id: data.id, action: data.action } : null;
    default:
      return null;
  }
}
