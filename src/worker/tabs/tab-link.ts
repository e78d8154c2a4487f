import { parseTabMessage, type TabMessage } from './tab-message';

const CHANNEL = 'rangefetch-tabs';

/** The engine's line to the other tabs; a browser without BroadcastChannel simply has none. */
export class TabLink {
  private readonly channel: BroadcastChannel | null;

  constructor(onMessage: (message: TabMessage) => void) {
    this.channel = typeof BroadcastChannel === 'function' ? new BroadcastChannel(CHANNEL) : null;
    this.channel?.addEventListener('message', (event: MessageEvent<unknown>) => {
      const message = parseTabMessage(event.data);
      if (message) onMessage(message);
      else console.warn('Ignored a malformed message from another tab');
    });
  }

  post(message: TabMessage): void {
    this.channel?.postMessage(message);
  }
}
