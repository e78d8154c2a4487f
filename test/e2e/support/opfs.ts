/** The browser's private file system as the tests see it: the picked files, the staging folder, the pickers. */
import type { Page } from 'playwright-core';
import { pollUntil } from './rows';

/** OPFS folder standing in for the place the person picked; the app never touches it otherwise. */
export const OUTPUT_DIR = 'e2e-out';
/** The app's own staging folder in OPFS. */
export const STAGING_DIR = 'rangefetch-staging';

/** SHA-256 (lowercase hex) of OPFS e2e-out/<name>, i.e. of what the person's picked file holds. */
export async function readOutputSha256(page: Page, name: string): Promise<string> {
  return page.evaluate(
    async ({ dirName, fileName }) => {
      const dir = await (await navigator.storage.getDirectory()).getDirectoryHandle(dirName);
      const file = await (await dir.getFileHandle(fileName)).getFile();
      const digest = await crypto.subtle.digest('SHA-256', await file.arrayBuffer());
      return Array.from(new Uint8Array(digest), (b) => b.toString(16).padStart(2, '0')).join('');
    },
    { dirName: OUTPUT_DIR, fileName: name },
  );
}

/** Size in bytes of OPFS e2e-out/<name> (the person's picked file), or null when it does not exist. */
export function outputSize(page: Page, name: string): Promise<number | null> {
  return opfsFileSize(page, OUTPUT_DIR, name);
}

/** Names of the entries in an OPFS folder; empty when the folder does not exist. */
async function listOpfsDir(page: Page, dirName: string): Promise<string[]> {
  return page.evaluate(async (name) => {
    let dir: FileSystemDirectoryHandle;
    try {
      dir = await (await navigator.storage.getDirectory()).getDirectoryHandle(name);
    } catch (error) {
      if (error instanceof DOMException && error.name === 'NotFoundError') return [];
      throw error;
    }
    // keys() lives in the DOM.AsyncIterable lib, which the test project does not load.
    const iterable = dir as unknown as { keys(): AsyncIterable<string> };
    const names: string[] = [];
    for await (const entry of iterable.keys()) names.push(entry);
    return names.sort();
  }, dirName);
}

export function listStaging(page: Page): Promise<string[]> {
  return listOpfsDir(page, STAGING_DIR);
}

export function listOutput(page: Page): Promise<string[]> {
  return listOpfsDir(page, OUTPUT_DIR);
}

export async function pickerCalls(page: Page): Promise<Array<string | null>> {
  return page.evaluate(() => window.__pickerCalls);
}

export async function directoryPickerCalls(page: Page): Promise<number> {
  return page.evaluate(() => window.__directoryPickerCalls);
}

/** Creates (or replaces) OPFS <dirName>/<fileName> holding `size` bytes; '' is the OPFS root. */
export async function putOpfsFile(page: Page, dirName: string, fileName: string, size: number): Promise<void> {
  await page.evaluate(
    async ({ dirName, fileName, size }) => {
      const root = await navigator.storage.getDirectory();
      const dir = dirName === '' ? root : await root.getDirectoryHandle(dirName, { create: true });
      const writable = await (await dir.getFileHandle(fileName, { create: true })).createWritable();
      await writable.write(new Uint8Array(size).fill(7));
      await writable.close();
    },
    { dirName, fileName, size },
  );
}

/** Size of OPFS <dirName>/<fileName> ('' is the root), or null when it does not exist. */
export async function opfsFileSize(page: Page, dirName: string, fileName: string): Promise<number | null> {
  return page.evaluate(
    async ({ dirName, fileName }) => {
      try {
        const root = await navigator.storage.getDirectory();
        const dir = dirName === '' ? root : await root.getDirectoryHandle(dirName);
        return (await (await dir.getFileHandle(fileName)).getFile()).size;
      } catch (error) {
        if (error instanceof DOMException && error.name === 'NotFoundError') return null;
        throw error;
      }
    },
    { dirName, fileName },
  );
}

type SavePicker = (options?: { suggestedName?: string }) => Promise<FileSystemFileHandle>;

declare global {
  interface Window {
    // The test project's DOM lib has no File System Access pickers; the page has them.
    showSaveFilePicker?: SavePicker;
    __heldPicker?: SavePicker;
  }
}

/**
 * Takes the save picker away until giveBackSavePicker(), as in a browser without one: the job
 * then downloads with nowhere to go, and its whole copy to a file is made at the end, after the
 * person clicks Save — the path a job takes when the browser forgot its permission.
 */
export async function holdBackSavePicker(page: Page): Promise<void> {
  await page.evaluate(() => {
    window.__heldPicker = window.showSaveFilePicker;
    delete window.showSaveFilePicker;
  });
}

export async function giveBackSavePicker(page: Page): Promise<void> {
  await page.evaluate(() => {
    if (window.__heldPicker) window.showSaveFilePicker = window.__heldPicker;
  });
}

/** The staging folder empties right after a job ends; allow that clean-up a moment to land. */
export async function expectStagingEmpty(page: Page): Promise<void> {
  let left: string[] = [];
  await pollUntil(
    async () => {
      left = await listStaging(page);
      return left.length === 0 ? true : undefined;
    },
    10_000,
    () => `staging still holds ${JSON.stringify(left)}`,
  );
}
