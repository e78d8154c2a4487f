/**
 * The app shell: the files that make up the page itself, which the service worker keeps so the
 * page opens with no network. Shared by the service worker (what to answer), the build (what to
 * list) and the page (how to ask a waiting version to take over).
 */

/** Written into the service worker by the build: a new version of any shell file is a new worker. */
export interface ShellManifest {
  /** A hash of every shell file's name and bytes; names this version's cache. */
  version: string;
  /** Paths relative to the worker's scope, e.g. `index.html`, `assets/index-abc123.js`. */
  files: readonly string[];
  /**
   * The build's folder of hashed files (`assets/`): a name there never changes its bytes, so the
   * copy an earlier version kept is still right for a page of that version left open.
   */
  assetsDir: string;
}

/** Caches of the shell are named this plus the version; any other name is not the shell's. */
export const SHELL_CACHE_PREFIX = 'rangefetch-shell-';

/** The page's message to a waiting worker: take over now (the person chose Reload to update). */
export const SKIP_WAITING_MESSAGE = { type: 'rangefetch:skip-waiting' } as const;

export function isSkipWaitingMessage(data: unknown): boolean {
  return typeof data === 'object' && data !== null && (data as { type?: unknown }).type === SKIP_WAITING_MESSAGE.type;
}

/** The file names of a build that belong in the shell: what the page loads, not source maps. */
export function isShellFile(fileName: string): boolean {
  return /\.(html|js|css|svg|png|webmanifest|woff2?)$/.test(fileName) && fileName !== SERVICE_WORKER_FILE;
}

/** The worker's own file, at the root of the app so that its scope is the whole app. */
export const SERVICE_WORKER_FILE = 'sw.js';

export interface RequestFacts {
  url: string;
  method: string;
  /** Request.mode: 'navigate' for opening a page, 'cors' / 'no-cors' / 'same-origin' otherwise. */
  mode: string;
  /** A Range header was sent: a partial answer is wanted, which a cached whole file is not. */
  hasRange: boolean;
}

/**
 * What the service worker answers from its caches:
 * - 'page': the app's one page, opened at its address with any query (which is how shared links
 *   and web+rangefetch: links arrive);
 * - 'file': one of this version's shell files;
 * - 'kept': another hashed file of the app (`assets/…`), which a tab still running the previous
 *   version may ask for after a newer one took over (its copier worker, started late): kept from
 *   that version when the host no longer has it;
 * - null: the network, as if there were no service worker. Every download is null: it is on
 *   another origin or carries a Range.
 *
 * `scope` is the registration's scope (absolute, ending in '/'); `shell.files` are absolute URLs.
 */
export function shellRoute(request: RequestFacts, scope: string, shell: { files: ReadonlySet<string>; assetsDir: string }): 'page' | 'file' | 'kept' | null {
  if (request.method !== 'GET' || request.hasRange) return null;
  let url: URL;
  try {
    url = new URL(request.url);
  } catch {
    return null;
  }
  const base = new URL(scope);
  if (url.origin !== base.origin || !url.pathname.startsWith(base.pathname)) return null;
  const path = url.pathname.slice(base.pathname.length);
  if (request.mode === 'navigate') return path === '' || path === 'index.html' ? 'page' : null;
  if (url.search !== '') return null;
  if (shell.files.has(url.href)) return 'file';
  return shell.assetsDir !== '' && path.startsWith(`${shell.assetsDir}/`) ? 'kept' : null;
}

/**
 * The caches to delete once version `current` is active: every shell cache but its own and the
 * one made just before it (caches.keys() lists caches in the order they were made), which tabs
 * still running that version may need (see 'kept'). Caches not of the shell are not ours.
 */
export function cachesToDrop(keys: readonly string[], current: string): string[] {
  const older = keys.filter((key) => key.startsWith(SHELL_CACHE_PREFIX) && key !== current);
  return older.slice(0, -1);
}
