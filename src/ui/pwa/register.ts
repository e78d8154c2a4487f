import { useEffect, useState } from 'preact/hooks';
import { SERVICE_WORKER_FILE, SKIP_WAITING_MESSAGE } from '../../shared/app-shell';

/**
 * The page's side of the service worker (src/sw/service-worker.ts): registers it in a build, and
 * tells the page when a new version is ready. The page never reloads by itself: it offers Reload
 * to update, and only that asks the waiting version to take over and then reloads.
 */

/** A tab left open for days still hears of a new version. */
const UPDATE_CHECK_MS = 60 * 60 * 1000;

let registration: ServiceWorkerRegistration | null = null;
let updateReady = false;
let reloadAsked = false;
let reloading = false;
const listeners = new Set<(ready: boolean) => void>();

function setUpdateReady(): void {
  if (updateReady) return;
  updateReady = true;
  for (const listener of listeners) listener(true);
}

function reloadOnce(): void {
  if (reloading) return;
  reloading = true;
  window.location.reload();
}

/**
 * Only a build registers: the dev server serves a worker that removes itself (and any build's
 * worker left on its origin), so `npm start` always shows the code on disk.
 */
export function registerServiceWorker(): void {
  if (!import.meta.env.VITE_SERVICE_WORKER || !('serviceWorker' in navigator)) return;
  const container = navigator.serviceWorker;
  let controlled = container.controller !== null;
  container.addEventListener('controllerchange', () => {
    // The first version taking in a page opened before it was installed: nothing has changed.
    if (!controlled) {
      controlled = true;
      return;
    }
    // A new version took over: at the person's request here, or in another tab of the app, in
    // which case this tab keeps running the old page until the person reloads it.
    if (reloadAsked) reloadOnce();
    else setUpdateReady();
  });
  container
    .register(`${import.meta.env.BASE_URL}${SERVICE_WORKER_FILE}`)
    .then((found) => {
      registration = found;
      watchForUpdates(found);
    })
    .catch((error: unknown) => {
      // The app works without it, only not offline; nothing for the person to do.
      console.warn('The service worker did not register, so the page will not open offline:', error);
    });
}

function watchForUpdates(found: ServiceWorkerRegistration): void {
  if (found.waiting !== null && found.active !== null) setUpdateReady();
  found.addEventListener('updatefound', () => {
    const installing = found.installing;
    // With no active version this is the first install, not an update: nothing to reload for.
    if (installing === null || found.active === null) return;
    installing.addEventListener('statechange', () => {
      if (installing.state === 'installed') setUpdateReady();
    });
  });
  window.setInterval(() => void found.update().catch(() => undefined), UPDATE_CHECK_MS);
}

/** Reload to update: the waiting version takes over, then this page reloads into it. */
export function reloadToUpdate(): void {
  reloadAsked = true;
  const waiting = registration?.waiting ?? null;
  // Already active (taken over from another tab): only the reload is left to do.
  if (waiting === null) {
    reloadOnce();
    return;
  }
  // A page no version controls (opened with a forced reload) hears no controllerchange.
  waiting.addEventListener('statechange', () => {
    if (waiting.state === 'activated') reloadOnce();
  });
  waiting.postMessage(SKIP_WAITING_MESSAGE);
}

/** True once a new version is ready and waits for Reload to update. */
export function useUpdateReady(): boolean {
  const [ready, setReady] = useState(updateReady);
  useEffect(() => {
    listeners.add(setReady);
    setReady(updateReady);
    return () => void listeners.delete(setReady);
  }, []);
  return ready;
}
