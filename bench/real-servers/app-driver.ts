/**
 * The app in a fresh headless Chromium, driven as a person would: paste the link into "URL",
 * click "Download", watch the row. As in bench/browser.ts, a persistent context on a new profile
 * (not an off-the-record one, whose OPFS lives in memory); only the two pickers are replaced
 * (bench/page-scripts.ts). `--ignore-certificate-errors` lets the page use nginx's self-signed
 * certificate for the HTTP/2 scenario. In-page code is source text, for the reason in
 * page-scripts.ts.
 */
import { chromium, type BrowserContext, type Page } from 'playwright-core';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { CHROMIUM_ARGS, CHROMIUM_PATH } from '../../test/chromium.ts';
import { onCleanup } from '../cleanup';
import { OUTPUT_DIR, replacePickersScript } from '../page-scripts';

export interface AppSession {
  page: Page;
  /** Uncaught page errors and console errors, to explain a run that went wrong. */
  errors: string[];
  close(): Promise<void>;
}

export interface RowState {
  name: string;
  status: string | null;
  value: number | null;
  max: number | null;
  reason: string | null;
  notes: string[];
  /** The line under the progress bar, e.g. "… · 2 parallel requests (the server allows 2)". */
  details: string | null;
  /** The whole row as shown (for older builds whose reason has no data-role). */
  text: string;
  /** Labels of the row's buttons, e.g. ["Retry", "Change URL", "Remove"]. */
  buttons: string[];
}

export async function openApp(appUrl: string): Promise<AppSession> {
  const profileDir = await mkdtemp(join(tmpdir(), 'rangefetch-servers-profile-'));
  let context: BrowserContext | null = null;
  const close = onCleanup(`chromium ${profileDir}`, async () => {
    await context?.close().catch(() => undefined);
    await rm(profileDir, { recursive: true, force: true, maxRetries: 5, retryDelay: 200 });
  });
  try {
    context = await chromium.launchPersistentContext(profileDir, {
      executablePath: CHROMIUM_PATH,
      headless: true,
      args: [...CHROMIUM_ARGS, '--ignore-certificate-errors'],
      handleSIGINT: false,
      handleSIGTERM: false,
      handleSIGHUP: false,
    });
    await context.addInitScript({ content: replacePickersScript });
    const page = context.pages()[0] ?? (await context.newPage());
    const errors: string[] = [];
    page.on('pageerror', (error) => errors.push(error.message));
    page.on('console', (message) => {
      if (message.type() === 'error') errors.push(`console: ${message.text()}`);
    });
    await page.goto(appUrl);
    // aria-busy is set while the jobs saved in IndexedDB are being loaded.
    await page.locator('ul[aria-label="Downloads"]:not([aria-busy="true"])').waitFor({ state: 'attached', timeout: 30_000 });
    return { page, errors, close };
  } catch (error) {
    await close();
    throw error;
  }
}

/** Pastes the link and clicks Download; returns the moment of the click (performance.now()). */
export async function startDownload(page: Page, url: string): Promise<number> {
  await page.getByRole('textbox', { name: 'URL', exact: true }).fill(url);
  const started = performance.now();
  await page.getByRole('button', { name: 'Download', exact: true }).click();
  return started;
}

const readRowExpression = `(() => {
  const li = document.querySelector('ul[aria-label="Downloads"] li[aria-label]');
  if (li === null) return null;
  const bar = li.querySelector('progress');
  const num = (v) => (v === null ? null : Number(v));
  const status = li.querySelector('[data-status]');
  const reason = li.querySelector('[data-role="reason"]');
  const details = li.querySelector('.job-details');
  return {
    name: li.getAttribute('aria-label'),
    status: status === null ? null : status.getAttribute('data-status'),
    value: bar === null ? null : num(bar.getAttribute('value')),
    max: bar === null ? null : num(bar.getAttribute('max')),
    reason: reason === null ? null : reason.textContent,
    notes: Array.from(li.querySelectorAll('[data-role="note"]'), (n) => n.textContent || ''),
    details: details === null ? null : details.textContent,
    text: li.innerText.replace(/\\s+/g, ' ').trim(),
    buttons: Array.from(li.querySelectorAll('.job-actions button'), (b) => (b.textContent || '').trim()),
  };
})()`;

/** The first (here: only) row of the Downloads list, or null while there is none. */
export async function readRow(page: Page): Promise<RowState | null> {
  return (await page.evaluate(readRowExpression)) as RowState | null;
}

/** Everything a row said while it was watched, each text once, in order. */
export class RowLog {
  readonly texts: string[] = [];
  last: RowState | null = null;
  /** Highest "Retrying (n of m)" seen. */
  maxRetry = 0;

  add(state: RowState): void {
    this.last = state;
    // Of the details line, the parts that say how the job goes (not bytes, speed or time left).
    const parts = (state.details ?? '').split(' · ').filter((p) => /Retrying|request|waiting/.test(p));
    for (const text of [state.reason, ...state.notes, ...parts]) {
      if (text === null || text === '') continue;
      const retry = /Retrying \((\d+) of \d+\)/.exec(text);
      if (retry !== null) this.maxRetry = Math.max(this.maxRetry, Number(retry[1]));
      // "Retrying (3 of 8): X" and "Retrying (4 of 8): X" are one text for the report.
      const key = text.replace(/Retrying \(\d+ of (\d+)\)/, 'Retrying (n of $1)');
      if (!this.texts.includes(key)) this.texts.push(key);
    }
  }
}

export type WatchEnd = { kind: 'matched'; state: RowState; ms: number } | { kind: 'timeout'; state: RowState | null; ms: number };

/**
 * Polls the row every `intervalMs` until `stop` says so or `timeoutMs` passes; `ms` is the time
 * since `since` (performance.now()) when it stopped.
 */
export async function watchRow(
  page: Page,
  log: RowLog,
  stop: (state: RowState) => boolean | Promise<boolean>,
  timeoutMs: number,
  since: number,
  intervalMs = 100,
): Promise<WatchEnd> {
  const deadline = performance.now() + timeoutMs;
  for (;;) {
    const state = await readRow(page);
    if (state !== null) {
      log.add(state);
      if (await stop(state)) return { kind: 'matched', state, ms: performance.now() - since };
    }
    if (performance.now() > deadline) return { kind: 'timeout', state, ms: performance.now() - since };
    await new Promise((resolve) => setTimeout(resolve, intervalMs));
  }
}

export const isSettled = (s: RowState): boolean => s.status === 'completed' || s.status === 'failed' || s.status === 'canceled';

export function fraction(s: RowState): number {
  return s.value === null || s.max === null || s.max <= 0 ? 0 : s.value / s.max;
}

export interface SavedFile {
  name: string;
  size: number;
  sha256: string;
}

const savedFilesExpression = `(async () => {
  let dir;
  try {
    dir = await (await navigator.storage.getDirectory()).getDirectoryHandle(${JSON.stringify(OUTPUT_DIR)});
  } catch (error) {
    return [];
  }
  const out = [];
  for await (const handle of dir.values()) {
    if (handle.kind !== 'file') continue;
    const file = await handle.getFile();
    const digest = await crypto.subtle.digest('SHA-256', await file.arrayBuffer());
    const sha256 = Array.from(new Uint8Array(digest), (b) => b.toString(16).padStart(2, '0')).join('');
    out.push({ name: handle.name, size: file.size, sha256 });
  }
  return out;
})()`;

/** The files in the place the person "picked" (OPFS), with their SHA-256. */
export async function savedFiles(page: Page): Promise<SavedFile[]> {
  return (await page.evaluate(savedFilesExpression)) as SavedFile[];
}
