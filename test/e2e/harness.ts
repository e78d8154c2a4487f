import { chromium, type Browser, type BrowserContext, type Locator, type Page } from 'playwright-core';
import { afterAll, afterEach, beforeAll, inject, onTestFailed } from 'vitest';
import { CHROMIUM_ARGS, CHROMIUM_PATH } from '../chromium.ts';
import { startOrigin } from '../origin/server';
import type { ViewStatus } from '../../src/shared/types';

export type Origin = Awaited<ReturnType<typeof startOrigin>>;
export type Status = ViewStatus;

declare global {
  interface Window {
    /** Suggested names the replaced save picker was asked for, in call order (reset by a reload). */
    __pickerCalls: Array<string | null>;
    /** How many times the replaced folder picker was opened (reset by a reload). */
    __directoryPickerCalls: number;
  }
}

/** OPFS folder standing in for the place the person picked; the app never touches it otherwise. */
export const OUTPUT_DIR = 'e2e-out';
/** The app's own staging folder in OPFS. */
export const STAGING_DIR = 'rangefetch-staging';


/**
 * Only the pickers are replaced: they need a person's gesture and a native dialog. They hand out
 * real OPFS handles, so the app's final copy goes through the same FileSystemFileHandle API it
 * uses with a file on disk.
 */
function replacePickers(outputDir: string): void {
  const pickedDir = async (): Promise<FileSystemDirectoryHandle> =>
    (await navigator.storage.getDirectory()).getDirectoryHandle(outputDir, { create: true });
  window.__pickerCalls = [];
  window.__directoryPickerCalls = 0;
  Object.assign(window, {
    showSaveFilePicker: async (opts?: { suggestedName?: string }): Promise<FileSystemFileHandle> => {
      window.__pickerCalls.push(opts?.suggestedName ?? null);
      return (await pickedDir()).getFileHandle(opts?.suggestedName ?? 'download', { create: true });
    },
    showDirectoryPicker: async (): Promise<FileSystemDirectoryHandle> => {
      window.__directoryPickerCalls += 1;
      return pickedDir();
    },
  });
}

export interface AppPage {
  page: Page;
  context: BrowserContext;
  /** Uncaught page/worker errors and unhandled rejections seen so far. */
  errors: string[];
  /** Every console line (page and worker), kept to explain a failure. */
  consoleLines: string[];
}

export interface E2e {
  readonly origin: Origin;
  readonly appUrl: string;
  /** A fresh browser context (empty OPFS and IndexedDB) with the app loaded and its list shown. */
  newAppPage(): Promise<AppPage>;
  /** URL of a deterministic file on the test origin. */
  fileUrl(name: string, params?: Record<string, string | number>): string;
  /**
   * Another tab of the same browser context (same OPFS, IndexedDB and Web Locks) with the app
   * loaded and its list shown; its errors are checked after the test like those of the first.
   */
  newPageInContext(app: AppPage): Promise<AppPage>;
  /** Origin of the app, e.g. http://127.0.0.1:41234 (what storage quotas and permissions key on). */
  readonly appOrigin: string;
  /** A fresh browser context with the pickers replaced and no page yet; closed after the test. */
  newContext(): Promise<BrowserContext>;
}

/**
 * Registers the hooks of one e2e file: one Chromium and one origin for the file, a fresh context
 * per page, and a check after every test that no page or worker threw an uncaught error.
 */
export function useE2e(): E2e {
  let browser: Browser | null = null;
  let origin: Origin | null = null;
  let openPages: AppPage[] = [];
  let bareContexts: BrowserContext[] = [];
  const appUrl = inject('appUrl');

  beforeAll(async () => {
    origin = await startOrigin();
    browser = await chromium.launch({
      executablePath: CHROMIUM_PATH,
      headless: true,
      args: [...CHROMIUM_ARGS],
    });
  });

  afterEach(async () => {
    const pages = openPages;
    openPages = [];
    try {
      for (const appPage of pages) assertNoPageErrors(appPage);
    } finally {
      // Tabs of one context share it: close each context once.
      for (const context of new Set([...pages.map((p) => p.context), ...bareContexts])) await context.close().catch(() => undefined);
      bareContexts = [];
    }
  });

  afterAll(async () => {
    await browser?.close();
    await origin?.close();
  });

  async function openPage(context: BrowserContext): Promise<AppPage> {
    const page = await context.newPage();
    const appPage: AppPage = { page, context, errors: [], consoleLines: [] };
    openPages.push(appPage);
    collectErrors(appPage);
    // The browser's console is the best account of why a test failed; print it only then.
    onTestFailed(() => {
      console.log(`--- console of the failed test's page ---\n${describePage(appPage)}`);
    });
    await page.goto(appUrl);
    await waitForListReady(page);
    return appPage;
  }

  return {
    get origin(): Origin {
      if (origin === null) throw new Error('origin not started (used outside a test?)');
      return origin;
    },
    appUrl,
    async newAppPage(): Promise<AppPage> {
      if (browser === null) throw new Error('browser not launched (used outside a test?)');
      const context = await browser.newContext();
      await context.addInitScript(replacePickers, OUTPUT_DIR);
      return openPage(context);
    },
    async newPageInContext(app: AppPage): Promise<AppPage> {
      return openPage(app.context);
    },
    async newContext(): Promise<BrowserContext> {
      if (browser === null) throw new Error('browser not launched (used outside a test?)');
      const context = await browser.newContext();
      await context.addInitScript(replacePickers, OUTPUT_DIR);
      bareContexts.push(context);
      return context;
    },
    get appOrigin(): string {
      return new URL(appUrl).origin;
    },
    fileUrl(name: string, params: Record<string, string | number> = {}): string {
      if (origin === null) throw new Error('origin not started (used outside a test?)');
      const query = new URLSearchParams(Object.entries(params).map(([k, v]) => [k, String(v)]));
      const base = origin.url.replace(/\/$/, '');
      const search = query.size > 0 ? `?${query.toString()}` : '';
      return `${base}/files/${encodeURIComponent(name)}${search}`;
    },
  };
}

function collectErrors(appPage: AppPage): void {
  const { page } = appPage;
  // Uncaught errors and unhandled rejections from the page and its workers arrive here.
  page.on('pageerror', (error) => appPage.errors.push(`pageerror: ${error.stack ?? error.message}`));
  // Console lines from workers are delivered to the page too; keep them all for diagnostics and
  // treat the browser's own "Uncaught"/"Unhandled" reports as failures.
  page.on('console', (message) => {
    const source = message.worker() !== null ? 'worker' : 'page';
    const line = `[${source} ${message.type()}] ${message.text()}`;
    appPage.consoleLines.push(line);
    if (message.type() === 'error' && /Uncaught|Unhandled/i.test(message.text())) {
      appPage.errors.push(line);
    }
  });
}

export function assertNoPageErrors(appPage: AppPage): void {
  if (appPage.errors.length > 0) {
    throw new Error(`Uncaught errors in the page:\n${appPage.errors.join('\n')}`);
  }
}

export function downloadsList(page: Page): Locator {
  return page.getByRole('list', { name: 'Downloads', exact: true });
}

/**
 * Waits for the Downloads list and, when it says it is still loading (aria-busy), for the jobs
 * restored from IndexedDB to be shown, so "no rows" means no jobs rather than not yet loaded.
 */
export async function waitForListReady(page: Page, timeout = 30_000): Promise<void> {
  await page
    .locator('ul[aria-label="Downloads"]:not([aria-busy="true"])')
    .waitFor({ state: 'attached', timeout });
}

/** Types one URL per line into the URL field and clicks Download. */
export async function addUrls(page: Page, text: string): Promise<void> {
  await page.getByRole('textbox', { name: 'URL', exact: true }).fill(text);
  await page.getByRole('button', { name: 'Download', exact: true }).click();
}

export function row(page: Page, name: string): Locator {
  return downloadsList(page).getByRole('listitem', { name, exact: true });
}

export interface RowSample {
  status: string | null;
  /** The progress element's value attribute; null when indeterminate (attribute absent). */
  value: number | null;
  max: number | null;
  text: string;
  /** Text of the row's reason (why it failed) and note (e.g. a restart), null when absent. */
  reason: string | null;
  note: string | null;
  /** Text of every `.note` element of the row (a row may carry several). */
  notes: string[];
}

/** Reads status and progress in one round trip so they describe the same moment. */
export async function sampleRow(rowLocator: Locator, timeout = 10_000): Promise<RowSample> {
  return rowLocator.evaluate(
    (li) => {
      const progress = li.querySelector('progress');
      const num = (attr: string | null | undefined): number | null =>
        attr === null || attr === undefined ? null : Number(attr);
      return {
        status: li.querySelector('[data-status]')?.getAttribute('data-status') ?? null,
        value: num(progress?.getAttribute('value')),
        max: num(progress?.getAttribute('max')),
        text: (li as HTMLElement).innerText,
        reason: li.querySelector('[data-role="reason"]')?.textContent ?? null,
        note: li.querySelector('[data-role="note"]')?.textContent ?? null,
        notes: Array.from(li.querySelectorAll('[data-role="note"]'), (n) => n.textContent ?? ''),
      };
    },
    undefined,
    { timeout },
  );
}

export const sleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

/** Polls `check` until it returns a value other than undefined; the message explains a timeout. */
export async function pollUntil<T>(
  check: () => Promise<T | undefined>,
  timeout: number,
  describe: () => Promise<string> | string,
  intervalMs = 100,
): Promise<T> {
  const deadline = Date.now() + timeout;
  for (;;) {
    const result = await check();
    if (result !== undefined) return result;
    if (Date.now() > deadline) throw new Error(`Timed out after ${timeout} ms: ${await describe()}`);
    await sleep(intervalMs);
  }
}

/**
 * Samples the row until `pick` returns a value (anything but undefined) and returns it. `pick`
 * may throw to stop at once; `waiting` says what was awaited, for the timeout's message.
 */
async function watchRow<T>(
  rowLocator: Locator,
  pick: (sample: RowSample) => T | undefined,
  timeout: number,
  waiting: string,
  onSample?: (sample: RowSample) => void,
  intervalMs?: number,
): Promise<T> {
  let last: RowSample | null = null;
  return pollUntil(
    async () => {
      const sample = await sampleRow(rowLocator, 1_000).catch(() => null);
      if (sample === null) return undefined;
      last = sample;
      onSample?.(sample);
      return pick(sample);
    },
    timeout,
    async () => `${waiting}; last seen ${JSON.stringify(last)}; ${await listRows(rowLocator.page())}`,
    intervalMs,
  );
}

/**
 * Waits until the row shows `status`. A row that fails while we wait for anything else fails the
 * test at once, with what the row says, instead of after the whole timeout.
 */
export async function waitForStatus(
  rowLocator: Locator,
  status: Status,
  timeout = 60_000,
  onSample?: (sample: RowSample) => void,
): Promise<RowSample> {
  const pick = (sample: RowSample): RowSample | undefined => {
    if (sample.status === status) return sample;
    if (sample.status === 'failed') throw new Error(`Row failed while waiting for "${status}": ${JSON.stringify(sample.text)}`);
    return undefined;
  };
  return watchRow(rowLocator, pick, timeout, `row never reached "${status}"`, onSample);
}

/** Name and status of every row, in list order. */
export async function listStatuses(page: Page): Promise<Array<{ name: string | null; status: string | null }>> {
  return downloadsList(page)
    .locator('li[aria-label]')
    .evaluateAll((items) =>
      items.map((li) => ({
        name: li.getAttribute('aria-label'),
        status: li.querySelector('[data-status]')?.getAttribute('data-status') ?? null,
      })),
    );
}

/** What the list shows, for failure messages: each row's name and text. */
async function listRows(page: Page): Promise<string> {
  const rows = await downloadsList(page)
    .locator('li[aria-label]')
    .evaluateAll((items) => items.map((li) => `${li.getAttribute('aria-label')}: ${(li as HTMLElement).innerText}`))
    .catch((error: unknown) => [`(could not read the list: ${String(error)})`]);
  return `rows shown: ${JSON.stringify(rows)}`;
}

/** value/max of the row's progress bar; null while indeterminate or before the size is known. */
export async function progressFraction(rowLocator: Locator): Promise<number | null> {
  const { value, max } = await sampleRow(rowLocator);
  if (value === null || max === null || max <= 0) return null;
  return value / max;
}

/** Waits until the progress bar shows at least `fraction`; fails fast if the row fails. */
export async function waitForProgress(rowLocator: Locator, fraction: number, timeout = 60_000): Promise<number> {
  const pick = (sample: RowSample): number | undefined => {
    if (sample.status === 'failed') throw new Error(`Row failed: ${JSON.stringify(sample.text)}`);
    if (sample.value === null || sample.max === null || sample.max <= 0) return undefined;
    const current = sample.value / sample.max;
    return current >= fraction ? current : undefined;
  };
  return watchRow(rowLocator, pick, timeout, `progress never reached ${fraction}`, undefined, 50);
}

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

/** Size in bytes of OPFS e2e-out/<name>, or null when the file does not exist. */
export async function outputSize(page: Page, name: string): Promise<number | null> {
  return page.evaluate(
    async ({ dirName, fileName }) => {
      try {
        const dir = await (await navigator.storage.getDirectory()).getDirectoryHandle(dirName);
        return (await (await dir.getFileHandle(fileName)).getFile()).size;
      } catch (error) {
        if (error instanceof DOMException && error.name === 'NotFoundError') return null;
        throw error;
      }
    },
    { dirName: OUTPUT_DIR, fileName: name },
  );
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

/** Dumps what a failing test needs to be understood: console lines of the page and its worker. */
export function describePage(appPage: AppPage, lastLines = 40): string {
  return appPage.consoleLines.slice(-lastLines).join('\n');
}

/** The values of the Settings panel, by what they mean; absent ones are left as they are. */
export interface SettingsInput {
  connectionsPerServer?: number;
  retries?: number;
  giveUpAfterSeconds?: number;
  stallTimeoutSeconds?: number;
  speedLimitMBps?: number;
}

const SETTING_LABELS: Record<keyof SettingsInput, string> = {
  connectionsPerServer: 'Connections per server',
  retries: 'Retries before giving up',
  giveUpAfterSeconds: 'Give up after (seconds)',
  stallTimeoutSeconds: 'Stall timeout (seconds)',
  speedLimitMBps: 'Speed limit (MB/s, 0 for none)',
};

/** The Settings panel: a <details> whose summary is "Settings". */
export function settingsPanel(page: Page): Locator {
  return page.locator('details').filter({ has: page.locator('summary', { hasText: /^\s*Settings\s*$/ }) });
}

/**
 * Opens Settings, fills the given fields and clicks "Save settings"; resolves once the panel says
 * Saved. The fields stay disabled until the stored values are shown, so nothing typed is lost.
 */
export async function applySettings(page: Page, values: SettingsInput, timeout = 5_000): Promise<void> {
  const panel = settingsPanel(page);
  if (!(await panel.evaluate((d) => (d as HTMLDetailsElement).open, undefined, { timeout }))) {
    await panel.locator('summary').first().click({ timeout });
  }
  for (const [key, value] of Object.entries(values) as Array<[keyof SettingsInput, number | undefined]>) {
    if (value !== undefined) await panel.getByRole('spinbutton', { name: SETTING_LABELS[key], exact: true }).fill(String(value), { timeout });
  }
  await panel.getByRole('button', { name: 'Save settings', exact: true }).click({ timeout });
  const outcome = await pollUntil(
    async () => {
      const alert = (await panel.getByRole('alert').allInnerTexts()).join(' ').trim();
      if (alert !== '') return `refused: ${alert}`;
      const status = (await panel.getByRole('status').allInnerTexts()).join(' ');
      return /saved/i.test(status) ? 'saved' : undefined;
    },
    timeout,
    () => 'the panel said neither Saved nor why not',
    50,
  );
  if (outcome !== 'saved') throw new Error(`Settings were ${outcome}`);
}

/** A button of a row by its exact accessible name. */
export function rowButton(rowLocator: Locator, name: string): Locator {
  return rowLocator.getByRole('button', { name, exact: true });
}

/**
 * Waits until the row shows one of `statuses` and returns that sample. Unlike waitForStatus it
 * does not treat "failed" as a reason to stop early: list it when it is an expected outcome.
 */
export async function waitForAnyStatus(
  rowLocator: Locator,
  statuses: readonly Status[],
  timeout = 60_000,
  onSample?: (sample: RowSample) => void,
): Promise<RowSample> {
  const pick = (sample: RowSample): RowSample | undefined => (statuses.some((s) => s === sample.status) ? sample : undefined);
  return watchRow(rowLocator, pick, timeout, `row never reached ${statuses.join('/')}`, onSample);
}

/**
 * After an action (Retry, Resume, Use this URL) that the worker applies asynchronously: waits
 * until the row no longer shows `from`, so that a following waitForStatus does not mistake the
 * row's state from before the click for the outcome.
 */
export async function waitForStatusChange(rowLocator: Locator, from: Status, timeout = 15_000): Promise<RowSample> {
  const pick = (sample: RowSample): RowSample | undefined => (sample.status !== from ? sample : undefined);
  return watchRow(rowLocator, pick, timeout, `row still "${from}" after the action`, undefined, 25);
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

/** What the list shows, one "name: text" per row, for failure messages and reports. */
export function describeRows(page: Page): Promise<string> {
  return listRows(page);
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
