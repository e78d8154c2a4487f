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
      const { startOrigin } = await import('./test/origin/server');
      try {
        const origin = await startOrigin({ port: SAMPLE_ORIGIN_PORT, host: '127.0.0.1' });
        server.config.logger.info(`  ➜  Sample origin: ${origin.url}/samples`);
        server.httpServer?.once('close', () => void origin.close());
      } catch (error) {
        server.config.logger.warn(`Sample origin not started on port ${SAMPLE_ORIGIN_PORT}: ${String(error)}`);
      }
    },
  };
}

export default defineConfig({
  plugins: [preact(), sampleOrigin()],
  define: {
    'import.meta.env.VITE_SAMPLE_ORIGIN': JSON.stringify(process.env.VITE_SAMPLE_ORIGIN ?? `http://127.0.0.1:${SAMPLE_ORIGIN_PORT}`),
  },
  worker: { format: 'es' },
  build: { target: 'es2022', sourcemap: true },
  server: { host: '127.0.0.1', port: 5173 },
  preview: { host: '127.0.0.1' },
});
