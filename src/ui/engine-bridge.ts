import { proxy, wrap, type Remote } from 'comlink';
import type { EngineApi } from '../worker/api';
import type { EngineEvent } from '../shared/types';

export type { Destination } from '../worker/api';

let engine: Remote<EngineApi> | null = null;

/** The one worker of the page; every download lives there, so it starts once and is never ended. */
export function getEngine(): Remote<EngineApi> {
  if (engine === null) {
    const remote = wrap<EngineApi>(new Worker(new URL('../worker/index.ts', import.meta.url), { type: 'module', name: 'downloads' }));
    // beforeunload comes before the next page is even requested, which leaves the worker time to
    // record the last bytes it received; a page that stays simply carries on a moment later.
    window.addEventListener('beforeunload', () => void remote.suspend().catch(() => undefined));
    engine = remote;
  }
  return engine;
}

/** Resolves to the subscription's id, for unsubscribeFromEngine. */
export function subscribeToEngine(listener: (event: EngineEvent) => void): Promise<number> {
  return getEngine().subscribe(proxy(listener));
}

export function unsubscribeFromEngine(subscription: number): Promise<void> {
  return getEngine().unsubscribe(subscription);
}
