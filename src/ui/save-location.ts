import type { UrlEntry } from '../shared/types';
import { chooseFileName } from '../shared/file-name';
import type { Destination } from './engine-bridge';

export function isPickerCancel(error: unknown): boolean {
  return error instanceof DOMException && error.name === 'AbortError';
}

/**
 * Asks where to save while the click still counts as a user gesture: one file for one URL (named
 * from the URL, since the probe has not answered yet), one folder for several. Where the browser
 * has no pickers the job downloads anyway and its row asks for a place at the end.
 */
export async function pickDestination(entries: readonly UrlEntry[]): Promise<Destination | null> {
  const first = entries[0];
  if (entries.length === 1 && first && window.showSaveFilePicker) {
    const handle = await window.showSaveFilePicker({ suggestedName: chooseFileName(null, first.url), id: 'downloads', startIn: 'downloads' });
    return { kind: 'file', handle };
  }
  if (entries.length > 1 && window.showDirectoryPicker) {
    const handle = await window.showDirectoryPicker({ id: 'downloads', mode: 'readwrite', startIn: 'downloads' });
    return { kind: 'directory', handle };
  }
  return null;
}

/** Asks again for a place (or permission) to write a finished download; needs the person's click. */
export async function pickFile(suggestedName: string): Promise<Destination | null> {
  if (!window.showSaveFilePicker) return null;
  const handle = await window.showSaveFilePicker({ suggestedName, id: 'downloads', startIn: 'downloads' });
  return { kind: 'file', handle };
}

export async function requestWritePermission(handle: FileSystemHandle): Promise<boolean> {
  if (!handle.requestPermission) return true;
  return (await handle.requestPermission({ mode: 'readwrite' })) === 'granted';
}
