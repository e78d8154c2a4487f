import type { UrlEntry } from '../shared/types';
import { chooseFileName } from '../shared/file-name';
import type { Destination } from './engine-bridge';

export function isPickerCancel(error: unknown): boolean {
  return error instanceof DOMException && error.name === 'AbortError';
}

/**
 * How long the picker may wait for the server's name: the click's activation lasts about 5 s in
 * Chromium, and a picker that opens late feels broken.
 */
const NAME_WAIT_MS = 1_500;

/**
 * The name to suggest for `entry`: the one given with it (an imported list's `out=`), else the
 * URL's own, unless that has no extension ("dl" for /dl?id=7) — then the server's, when it names
 * the file quickly enough.
 */
async function suggestedName(
  { url, name }: UrlEntry,
  serverName: (url: string, timeoutMs: number) => Promise<string | null>,
): Promise<string> {
  if (name !== undefined) return chooseFileName(null, url, name);
  const fromUrl = chooseFileName(null, url);
  if (fromUrl.lastIndexOf('.') > 0) return fromUrl;
  return (await serverName(url, NAME_WAIT_MS).catch(() => null)) ?? fromUrl;
}

/** The browser's own downloads, for a browser that lets no page pick a place (Firefox, Safari). */
const BROWSER_DOWNLOADS: Destination = { kind: 'browser' };

/** Whether this browser lets the page pick where files are saved (found by feature, never by name). */
export function canPickPlaces(): boolean {
  return typeof window.showSaveFilePicker === 'function' || typeof window.showDirectoryPicker === 'function';
}

/**
 * Asks where to save while the click still counts as a user gesture: one file for one URL, one
 * folder for several. The job's probe has not answered yet, so a URL without a file name in it
 * asks the server for one first (`serverName`). Where the browser has no pickers the finished
 * file goes to the browser's own downloads; where it lacks only the one needed now (none ships
 * so, but a picker may be unavailable for a while), the job downloads with no place and its row
 * asks for one at the end (null).
 */
export async function pickDestination(
  entries: readonly UrlEntry[],
  serverName: (url: string, timeoutMs: number) => Promise<string | null>,
): Promise<Destination | null> {
  if (!canPickPlaces()) return BROWSER_DOWNLOADS;
  const first = entries[0];
  if (entries.length === 1 && first && window.showSaveFilePicker) {
    const name = await suggestedName(first, serverName);
    const handle = await window.showSaveFilePicker({ suggestedName: name, id: 'downloads', startIn: 'downloads' });
    return { kind: 'file', handle };
  }
  if (entries.length > 1 && window.showDirectoryPicker) {
    const handle = await window.showDirectoryPicker({ id: 'downloads', mode: 'readwrite', startIn: 'downloads' });
    return { kind: 'directory', handle };
  }
  return null;
}

/**
 * Asks again for a place (or permission) to write a finished download; needs the person's click.
 * Without a save picker the browser's downloads get it.
 */
export async function pickFile(suggestedName: string): Promise<Destination> {
  if (!window.showSaveFilePicker) return BROWSER_DOWNLOADS;
  const handle = await window.showSaveFilePicker({ suggestedName, id: 'downloads', startIn: 'downloads' });
  return { kind: 'file', handle };
}

export async function requestWritePermission(handle: FileSystemHandle): Promise<boolean> {
  if (!handle.requestPermission) return true;
  return (await handle.requestPermission({ mode: 'readwrite' })) === 'granted';
}
