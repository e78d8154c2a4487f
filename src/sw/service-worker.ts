/**
 * The service worker: keeps the app shell (the page, its scripts, styles, icons and manifest) so
 * the page opens with no network, and touches nothing else. Downloads never pass through here:
 * shellRoute() leaves every request to another origin, and every request with a Range, to the
 * network without an answer from this worker (no respondWith, nothing cached).
 *
 * A new version installs beside the running one and waits (no skipWaiting on install): the page
 * shows "Update ready" and only the person's Reload to update asks it to take over, so a running
 * download is never interrupted by an update.
 */
import { cachesToDrop, isSkipWaitingMessage, SHELL_CACHE_PREFIX, shellRoute, type ShellManifest } from '../shared/app-shell';

declare const self: ServiceWorkerGlobalScope;
/** Replaced by the build (scripts/app-shell-plugin.ts) with this version's ShellManifest. */
declare const RANGEFETCH_SHELL: ShellManifest;

const shell: ShellManifest = RANGEFETCH_SHELL;
const cacheName = `${SHELL_CACHE_PREFIX}${shell.version}`;
const scope = self.registration.scope;
const files: ReadonlySet<string> = new Set(shell.files.map((file) => new URL(file, scope).href));
const page = new URL('index.html', scope).href;

self.addEventListener('install', (event) => {
  event.waitUntil(precache());
});

async function precache(): Promise<void> {
  const cache = await caches.open(cacheName);
  // cache: 'reload': this version's files from the server, never an older copy the HTTP cache kept.
  await cache.addAll([...files].map((url) => new Request(url, { cache: 'reload' })));
}

self.addEventListener('activate', (event) => {
  event.waitUntil(activate());
});

async function activate(): Promise<void> {
  for (const key of cachesToDrop(await caches.keys(), cacheName)) await caches.delete(key);
  // A page opened before any version was installed is taken in too, so it also finds its files
  // here once a later version replaces this one. Pages of an earlier version are already ours.
  await self.clients.claim();
}

self.addEventListener('message', (event) => {
  if (isSkipWaitingMessage(event.data)) void self.skipWaiting();
});

self.addEventListener('fetch', (event) => {
  const { request } = event;
  const facts = { url: request.url, method: request.method, mode: request.mode, hasRange: request.headers.has('range') };
  const route = shellRoute(facts, scope, { files, assetsDir: shell.assetsDir });
  if (route === null) return;
  event.respondWith(answer(route, request));
});

/** This version's copy, else one a kept version has, else the network (a cache the browser evicted). */
async function answer(route: 'page' | 'file' | 'kept', request: Request): Promise<Response> {
  const key = route === 'page' ? page : request.url;
  const own = await (await caches.open(cacheName)).match(key);
  const found = own ?? (route === 'kept' ? await caches.match(key) : undefined);
  return found ?? fetch(request);
}
