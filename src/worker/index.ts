import { expose } from 'comlink';
import type { Settings } from '../shared/settings';
import type { EngineEvent, UrlEntry } from '../shared/types';
import { Engine } from './engine/engine';
import type { Destination } from './storage/job-record';

const engine = new Engine();

/** Everything the page may ask of the worker. The page imports only its type. */
const api = {
  subscribe: (listener: (event: EngineEvent) => unknown) => engine.subscribe(listener),
  add: (entries: UrlEntry[], destination: Destination | null) => engine.add(entries, destination),
  pause: (id: string) => engine.pause(id),
  resume: (id: string) => engine.resume(id),
  retry: (id: string) => engine.retry(id),
  cancel: (id: string) => engine.cancel(id),
  remove: (id: string) => engine.remove(id),
  suspend: () => engine.suspend(),
  changeUrl: (id: string, url: string) => engine.changeUrl(id, url),
  getSettings: () => engine.getSettings(),
  saveSettings: (settings: Settings) => engine.saveSettings(settings),
  setDestination: (id: string, destination: Destination) => engine.setDestination(id, destination),
  permissionGranted: (id: string) => engine.permissionGranted(id),
  destinationOf: (id: string) => engine.destinationOf(id),
};

export type EngineApi = typeof api;
export type { Destination };

expose(api);
