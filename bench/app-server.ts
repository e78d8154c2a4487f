/**
 * Builds the app and serves the build with Vite's preview server, as test/e2e/global-setup.ts
 * does: the bench measures what ships. The build goes into a temporary folder of its own, never
 * dist/, because other developers build and test in this checkout at the same time.
 */
import { build, preview, type PreviewServer } from 'vite';
import type { AddressInfo } from 'node:net';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { onCleanup } from './cleanup';

export interface AppServer {
  /** e.g. http://127.0.0.1:41234/ (with the trailing slash of Vite's base). */
  url: string;
}

export async function startAppServer(): Promise<AppServer> {
  const outDir = await mkdtemp(join(tmpdir(), 'rangefetch-bench-app-'));
  onCleanup(`app build ${outDir}`, () => rm(outDir, { recursive: true, force: true }));
  await build({ logLevel: 'warn', build: { outDir, emptyOutDir: true } });
  const server: PreviewServer = await preview({
    logLevel: 'warn',
    build: { outDir },
    preview: { port: 0, host: '127.0.0.1', strictPort: false, open: false },
  });
  onCleanup('vite preview server', () => server.close());
  return { url: urlOf(server) };
}

function urlOf(server: PreviewServer): string {
  // With port 0 the OS picks the port; the bound address is the source of truth.
  const address = server.httpServer.address() as AddressInfo | string | null;
  if (address !== null && typeof address === 'object') return `http://127.0.0.1:${address.port}${server.config.base}`;
  const local = server.resolvedUrls?.local[0];
  if (local === undefined) throw new Error('vite preview did not report a bound address');
  return local;
}
