import { build, preview, type PreviewServer } from 'vite';
import type { TestProject } from 'vitest/node';
import type { AddressInfo } from 'node:net';

declare module 'vitest' {
  export interface ProvidedContext {
    /** Base URL of the built app served by `vite preview`, e.g. http://127.0.0.1:41234/ */
    appUrl: string;
  }
}

/**
 * Builds the app once and serves dist/ with Vite's preview server for every e2e file: the tests
 * exercise what ships, not the dev server's on-the-fly transforms.
 */
export default async function setup(project: TestProject): Promise<() => Promise<void>> {
  await build({ logLevel: 'warn' });
  const server: PreviewServer = await preview({
    logLevel: 'warn',
    preview: { port: 0, host: '127.0.0.1', strictPort: false, open: false },
  });
  project.provide('appUrl', appUrlOf(server));
  return async () => {
    await server.close();
  };
}

function appUrlOf(server: PreviewServer): string {
  // With port 0 the OS picks the port; the bound address is the source of truth.
  const address = server.httpServer.address() as AddressInfo | string | null;
  if (address !== null && typeof address === 'object') {
    return `http://127.0.0.1:${address.port}${server.config.base}`;
  }
  const local = server.resolvedUrls?.local[0];
  if (local === undefined) throw new Error('vite preview did not report a bound address');
  return local;
}
