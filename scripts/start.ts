/**
 * `npm start`: Vite's dev server (vite.config.ts, which also starts the sample origin), with a
 * taken port explained in one sentence instead of a stack trace. PORT and SAMPLE_ORIGIN_PORT
 * move the two servers.
 */
import { createServer } from 'vite';
import { PORT_ERROR_NAME, busyPortMessage, startPortsFromEnv, viteBusyPort } from './ports.ts';

function explain(error: unknown): string | null {
  if (error instanceof Error && error.name === PORT_ERROR_NAME) return error.message;
  const port = viteBusyPort(error);
  return port === null ? null : busyPortMessage('app', { ...startPortsFromEnv(process.env), app: port });
}

try {
  const server = await createServer();
  await server.listen();
  server.printUrls();
  server.bindCLIShortcuts({ print: true });
} catch (error) {
  const message = explain(error);
  if (message === null) throw error;
  process.stderr.write(`\n${message}\n\n`);
  // The sample origin may already be listening (the app's port is taken after it starts).
  process.exit(1);
}
