import { defineConfig, type Plugin } from 'vite';
import preact from '@preact/preset-vite';

const SAMPLE_ORIGIN_PORT = Number(process.env.SAMPLE_ORIGIN_PORT ?? 8787);

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
        const origin = await startOrigin({ port: SAMPLE_ORIGIN_PORT, host: '127.0.0.1' });
        kept.rangefetchSampleOrigin = origin;
        server.config.logger.info(`  ➜  Sample origin: ${origin.url}/samples`);
      } catch (error) {
        server.config.logger.warn(`Sample origin not started on port ${SAMPLE_ORIGIN_PORT}: ${String(error)}`);
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
      command === 'serve' ? JSON.stringify(process.env.VITE_SAMPLE_ORIGIN ?? `http://127.0.0.1:${SAMPLE_ORIGIN_PORT}`) : 'null',
  },
  worker: { format: 'es' },
  build: { target: 'es2022', sourcemap: true },
  server: { host: '127.0.0.1', port: 5173 },
  preview: { host: '127.0.0.1' },
}));
