import { expose } from 'comlink';
import type { EngineApi } from './api';
import { Engine } from './engine/engine';

const engine = new Engine();

/**
 * Everything the page may ask of the worker, and nothing else: comlink exposes exactly this
 * object (the engine's other methods stay unreachable). Its type is the one the page imports.
 */
const api: EngineApi = {
  subscribe: (listener) => engine.subscribe(listener),
  unsubscribe: (subscription) => engine.unsubscribe(subscription),
  add: (entries, destination) => engine.add(entries, destination),
  command: (id, command) => engine.command(id, command),
  commandAll: (command) => engine.commandAll(command),
  move: (id, move) => engine.move(id, move),
  setSpeedLimit: (id, mibPerSecond) => engine.setSpeedLimit(id, mibPerSecond),
  changeUrl: (id, text) => engine.changeUrl(id, text),
  setDestination: (id, destination) => engine.setDestination(id, destination),
  permissionGranted: (id) => engine.permissionGranted(id),
  destinationOf: (id) => engine.destinationOf(id),
  savedFile: (id) => engine.savedFile(id),
  getSettings: () => engine.getSettings(),
  saveSettings: (settings) => engine.saveSettings(settings),
  serverFileName: (url, timeoutMs) => engine.serverFileName(url, timeoutMs),
  listZip: (url) => engine.listZip(url),
  zipEntryLinks: (url, entries) => engine.zipEntryLinks(url, entries),
  suspend: () => engine.suspend(),
};

expose(api);
