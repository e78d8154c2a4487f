import { defineConfig, type Plugin } from 'vite';
import preact from '@preact/preset-vite';
import { appShell } from './scripts/app-shell-plugin.ts';
import { headersFile, pagePolicy } from './scripts/host-headers.ts';
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
 * The page's Content-Security-Policy as a <meta> (scripts/host-headers.ts says what it allows and
 * why), so the page is covered even on a host that sends no headers; and dist/_headers, the header
 * version for the page and its workers, which Netlify and Cloudflare Pages read as it is.
 */
function contentSecurityPolicy(): Plugin {
  let dev = false;
  return {
    name: 'rangefetch-csp',
    configResolved(config) {
      dev = config.command === 'serve';
    },
    transformIndexHtml() {
      return [{ tag: 'meta', attrs: { 'http-equiv': 'Content-Security-Policy', content: pagePolicy(dev) }, injectTo: 'head-prepend' }];
    },
    generateBundle() {
      this.emitFile({ type: 'asset', fileName: '_headers', source: headersFile() });
    },
  };
}

export default defineConfig(({ command }) => ({
  plugins: [preact(), sampleOrigin(), contentSecurityPolicy(), appShell()],
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
