/**
 * One fresh Chromium per run. A persistent context on a new, empty profile folder is used rather
 * than browser.newContext(): Playwright's extra contexts are off-the-record, and Chromium keeps an
 * off-the-record profile's storage (OPFS included) in memory, which would turn the app's disk
 * staging into RAM staging and falsify both its speed and its memory. Measured: 384 MiB written
 * to OPFS added 415 MiB of PSS and nothing on disk off the record, against 37 MiB of PSS and
 * 387 MB on disk with a profile. A new profile per run also means OPFS and IndexedDB start empty,
 * and the run's processes are exactly the tree under its browser process, which the memory
 * sampler needs.
 */
import { chromium, type BrowserContext, type Page } from 'playwright-core';
import { mkdtemp, readdir, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { onCleanup, shuttingDown } from './cleanup';
import { replacePickersScript } from './page-scripts';

import { CHROMIUM_ARGS, CHROMIUM_PATH } from '../test/chromium.ts';

export { CHROMIUM_PATH };

export interface BrowserSession {
  context: BrowserContext;
  page: Page;
  /** The browser process; every Chromium process of this run descends from it. */
  pid: number;
  /** Uncaught errors of the page and its workers, to explain a failed run. */
  errors: string[];
  close(): Promise<void>;
}

export async function launchBrowser(opts: { replacePickers: boolean }): Promise<BrowserSession> {
  const profileDir = await mkdtemp(join(tmpdir(), 'rangefetch-bench-profile-'));
  let context: BrowserContext | null = null;
  // One undo for both, in this order: a profile removed under a running browser would be
  // partly rewritten by it.
  const closeAll = async (): Promise<void> => {
    await context?.close().catch(() => undefined);
    // Retries: Chromium may still be writing its last files for a moment after close().
    await rm(profileDir, { recursive: true, force: true, maxRetries: 5, retryDelay: 200 });
  };
  const undo = onCleanup(`chromium ${profileDir}`, closeAll);
  try {
    context = await chromium.launchPersistentContext(profileDir, {
      executablePath: CHROMIUM_PATH,
      headless: true,
      args: [...CHROMIUM_ARGS],
      acceptDownloads: true,
      // Playwright's own handlers would close the browser and exit the process on Ctrl-C before
      // the bench's clean-up has stopped the origin and removed its folders (cleanup.ts).
      handleSIGINT: false,
      handleSIGTERM: false,
      handleSIGHUP: false,
    });
    // Clean-up may have run while Chromium was starting, before `context` was set.
    if (shuttingDown()) throw new Error('interrupted');
  } catch (error) {
    await undo();
    await closeAll();
    throw error;
  }
  const pid = await browserPid(profileDir);
  if (pid === null) {
    await undo();
    throw new Error(`no Chromium browser process found for ${profileDir} (needed to sample memory)`);
  }
  const ctx = context;
  let page: Page;
  try {
    if (opts.replacePickers) await ctx.addInitScript({ content: replacePickersScript });
    page = ctx.pages()[0] ?? (await ctx.newPage());
  } catch (error) {
    await undo();
    throw error;
  }
  const errors: string[] = [];
  page.on('pageerror', (error) => errors.push(error.message));
  page.on('console', (message) => {
    if (message.type() === 'error') errors.push(`console: ${message.text()}`);
  });
  return {
    context: ctx,
    page,
    pid,
    errors,
    // Closing the context ends the browser; the profile (OPFS, IndexedDB, staged and saved
    // files) goes with the folder.
    close: undo,
  };
}

/** `chromium --version`, e.g. "Chromium 156.0.8078.108 built on Debian GNU/Linux 12 (bookworm)". */
export function chromiumVersionFromOutput(output: string): string {
  return /Chromium [\d.]+[^\n]*/.exec(output)?.[0].trim() ?? output.trim();
}

/**
 * Playwright's public API gives no process id for a persistent context, so the browser process is
 * found by its unique --user-data-dir; the launcher script execs Chromium, so that process is the
 * browser itself. Child processes (renderers, utilities) carry --type=, the browser does not.
 */
async function browserPid(profileDir: string): Promise<number | null> {
  for (const entry of await readdir('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    // Chromium rewrites its children's argv into one space-separated title: compare as text.
    const cmdline = await readFile(`/proc/${entry}/cmdline`, 'utf8').then((t) => ` ${t.replace(/\0/g, ' ')} `, () => '');
    if (cmdline.includes(` --user-data-dir=${profileDir} `) && !cmdline.includes(' --type=')) return Number(entry);
  }
  return null;
}
