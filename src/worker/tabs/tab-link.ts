import type { Settings } from '../../shared/settings';
import type { JobView } from '../../shared/types';

/** What the engines of several open tabs tell each other (one BroadcastChannel per origin). */
export type TabMessage =
  /** Live progress of the jobs the sender drives. */
  | { type: 'views'; jobs: JobView[] }
  /** These records changed in IndexedDB (added, new status): read them again. */
  | { type: 'changed'; ids: string[] }
  | { type: 'removed'; ids: string[] }
  | { type: 'settings'; settings: Settings }
  /** Asks the tab that drives a job to stop it. */
  | { type: 'command'; id: string; action: 'pause' | 'cancel' | 'remove' };

const CHANNEL = 'rangefetch-tabs';

/** The engine's line to the other tabs; a browser without BroadcastChannel simply has none. */
export class TabLink {
  private readonly channel: BroadcastChannel | null;

  constructor(onMessage: (message: TabMessage) => void) {
    this.channel = typeof BroadcastChannel === 'function' ? new BroadcastChannel(CHANNEL) : null;
    this.channel?.addEventListener('message', (event: MessageEvent<TabMessage>) => onMessage(event.data));
  }

  post(message: TabMessage): void {
    this.channel?.postMessage(message);
  }
}

/** One Web Lock per job: only the tab holding it fetches and writes that job's bytes. */
export function jobLockName(id: string): string {
  return `rangefetch-job-${id}`;
}
