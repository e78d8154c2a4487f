import { wrap, type Remote } from 'comlink';
import type { CopierApi } from './copier-worker';

let copier: Remote<CopierApi> | null = null;

/** The copy worker is started on first use and shared by every job. */
export function getCopier(): Remote<CopierApi> {
  copier ??= wrap<CopierApi>(new Worker(new URL('./copier-worker.ts', import.meta.url), { type: 'module', name: 'copier' }));
  return copier;
}
