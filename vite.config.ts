import { defineConfig, type Plugin } from 'vite';
import preact from '@preact/preset-vite';
import { busyPortMessage, isAddressInUse, portError, startPortsFromEnv } from './scripts/ports.ts';

const PORTS = startPortsFromEnv(process.env);

/**
 * `npm start` also serves the sample origin (the same generated-bytes server the tests use) on
 * another port, so the app's first download works offline and is a real cross-origin download.
 */
function sampleOrigin(): Plugin {
  return {
    name: 'rangefetch-sample-origin',
    apply: 'serve',
    async configureServer(server) {
      const { startOrigin } = await import('./test/origin/server.ts');
      // A restart of Vite (a watched file changed) runs this again in the same process, with the
      // previous origin still on the port: close that one first, found where a restart keeps it.
      const kept = globalThis as { rangefetchSampleOrigin?: { close(): Promise<void> } };
      await kept.rangefetchSampleOrigin?.close();
      try {
        const origin = await startOrigin({ port: PORTS.sampleOrigin, host: '127.0.0.1' });
        kept.rangefetchSampleOrigin = origin;
        server.config.logger.info(`  ➜  Sample origin: ${origin.url}/samples`);
      } catch (error) {
        // Without its origin the page's sample list would point at whatever else holds the port.
        if (isAddressInUse(error)) {
          throw portError(busyPortMessage('sample origin', PORTS));
        }
        throw error;
      }
    },
  };
}

/**
 * A strict Content-Security-Policy for the page: scripts and workers only from the app itself, no
 * plugins, no inline script. Downloads may come from any http(s) server. The page runs no
 * WebAssembly, so it gets no 'wasm-unsafe-eval': only the copier worker hashes with it, and a
 * worker loaded from a URL is governed by its own response's policy, not by this one. The dev
 * server injects styles and talks to Vite over a WebSocket, so only it gets those two.
 */
function contentSecurityPolicy(): Plugin {
  const policy = (dev: boolean): string =>
    [
      "default-src 'self'",
      "script-src 'self'",
      "worker-src 'self'",
      `connect-src 'self' http: https:${dev ? ' ws: wss:' : ''}`,
      `style-src 'self'${dev ? " 'unsafe-inline'" : ''}`,
      "img-src 'self' data:",
      "object-src 'none'",
      "base-uri 'none'",
      "form-action 'none'",
    ].join('; ');
  let dev = false;
  return {
    name: 'rangefetch-csp',
    configResolved(config) {
      dev = config.command === 'serve';
    },
    transformIndexHtml() {
      return [{ tag: 'meta', attrs: { 'http-equiv': 'Content-Security-Policy', content: policy(dev) }, injectTo: 'head-prepend' }];
    },
  };
}

export default defineConfig(({ command }) => ({
  plugins: [preact(), sampleOrigin(), contentSecurityPolicy()],
  define: {
    // Only the dev server runs the sample origin; a build (and so its preview, and the e2e tests)
    // has no sample list and never asks for one.
    'import.meta.env.VITE_SAMPLE_ORIGIN':
      command === 'serve' ? JSON.stringify(process.env.VITE_SAMPLE_ORIGIN ?? `http://127.0.0.1:${PORTS.sampleOrigin}`) : 'null',
  },
  worker: { format: 'es' },
  build: { target: 'es2022', sourcemap: true },
  // strictPort: a taken port is an error (scripts/start.ts explains it), never a quiet move to the next.
  server: { host: '127.0.0.1', port: PORTS.app, strictPort: true },
  preview: { host: '127.0.0.1' },
}));
