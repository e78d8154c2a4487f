import { chromium, type Browser, type BrowserContext, type Page } from 'playwright-core';
import { afterAll, afterEach, beforeAll, inject, onTestFailed } from 'vitest';
import { CHROMIUM_ARGS, CHROMIUM_PATH, CHROMIUM_SELF_SIGNED_ARGS } from '../chromium.ts';
import { startOrigin } from '../origin/server';
import type { Lang } from '../../src/ui/i18n/lang';
import { useNames } from './support/names';
import { OUTPUT_DIR } from './support/opfs';
import { waitForListReady } from './support/rows';

export type Origin = Awaited<ReturnType<typeof startOrigin>>;

declare global {
  interface Window {
    /** Suggested names the replaced save picker was asked for, in call order (reset by a reload). */
    __pickerCalls: Array<string | null>;
    /** How many times the replaced folder picker was opened (reset by a reload). */
    __directoryPickerCalls: number;
  }
}



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

/**
 * A browser without the save pickers (as Firefox and Safari are): they are taken away, so the app
 * finds them missing by feature detection, and the browser's own downloads get the files.
 */
function removePickers(): void {
  for (const name of ['showSaveFilePicker', 'showDirectoryPicker', 'showOpenFilePicker']) {
    Object.defineProperty(window, name, { value: undefined, configurable: true, writable: true });
  }
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

export interface E2eOptions {
  /**
   * Serve the origin over HTTPS with HTTP/2 (origin.url https://127.0.0.1:PORT, self-signed) and
   * let Chromium accept its certificate. The app page stays on http: an http page may fetch https.
   */
  http2?: boolean;
  /**
   * false: a browser without save pickers (they are removed, not replaced); files then reach the
   * browser's downloads, which Playwright reports as `download` events. Default true.
   */
  pickers?: boolean;
  /**
   * The language of the browser (navigator.languages, as Playwright's `locale` sets them), and so
   * of the page; the helpers then find controls by that language's names. English by default.
   */
  lang?: Lang;
}

/**
 * Registers the hooks of one e2e file: one Chromium and one origin for the file, a fresh context
 * per page, and a check after every test that no page or worker threw an uncaught error.
 */
export function useE2e(options: E2eOptions = {}): E2e {
  const http2 = options.http2 ?? false;
  const pickers = options.pickers ?? true;
  const lang = options.lang ?? 'en';
  // Set again when this scope's tests start: a file may hold scopes of several languages.
  useNames(lang);
  // A locale the browser reports as its language: en-US, or zh-CN.
  const contextOptions = { locale: lang === 'en' ? 'en-US' : lang };
  const preparePickers = async (context: BrowserContext): Promise<void> => {
    await (pickers ? context.addInitScript(replacePickers, OUTPUT_DIR) : context.addInitScript(removePickers));
  };
  let browser: Browser | null = null;
  let origin: Origin | null = null;
  let openPages: AppPage[] = [];
  let bareContexts: BrowserContext[] = [];
  const appUrl = inject('appUrl');

  beforeAll(async () => {
    useNames(lang);
    origin = await startOrigin({ http2 });
    browser = await chromium.launch({
      executablePath: CHROMIUM_PATH,
      headless: true,
      args: http2 ? [...CHROMIUM_ARGS, ...CHROMIUM_SELF_SIGNED_ARGS] : [...CHROMIUM_ARGS],
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
      const context = await browser.newContext(contextOptions);
      await preparePickers(context);
      return openPage(context);
    },
    async newPageInContext(app: AppPage): Promise<AppPage> {
      return openPage(app.context);
    },
    async newContext(): Promise<BrowserContext> {
      if (browser === null) throw new Error('browser not launched (used outside a test?)');
      const context = await browser.newContext(contextOptions);
      await preparePickers(context);
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

/** Dumps what a failing test needs to be understood: console lines of the page and its worker. */
export function describePage(appPage: AppPage, lastLines = 40): string {
  return appPage.consoleLines.slice(-lastLines).join('\n');
}

// The helpers every e2e file uses, by concern; imported from here so a test file has one import.
export * from './support/names';
export * from './support/opfs';
export * from './support/rows';
export * from './support/settings';
