/**
 * The ports `npm start` listens on, and what a person is told when one is taken. Both servers
 * insist on their port (no quiet move to the next one): the app's sample list points at the
 * sample origin's port, and a person who already has the app open at :5173 should learn that
 * it is running, not find a second copy on :5174.
 */

export const DEFAULT_APP_PORT = 5173;
export const DEFAULT_SAMPLE_ORIGIN_PORT = 8787;

/** Errors that the start script prints as they are, without a stack: the message is the whole story. */
export const PORT_ERROR_NAME = 'PortError';

export function portError(message: string): Error {
  const error = new Error(message);
  error.name = PORT_ERROR_NAME;
  return error;
}

/** The port in env[name], or the default when it is unset or empty; anything else but 1–65535 is refused. */
export function portFromEnv(env: Readonly<Record<string, string | undefined>>, name: string, fallback: number): number {
  const raw = env[name]?.trim() ?? '';
  if (raw === '') return fallback;
  const port = Number(raw);
  if (!/^\d+$/.test(raw) || port < 1 || port > 65535) {
    throw portError(`${name}=${raw} is not a port: use a whole number from 1 to 65535, e.g. ${name}=${fallback + 10}.`);
  }
  return port;
}

/** The two ports `npm start` uses. */
export interface StartPorts {
  app: number;
  sampleOrigin: number;
}

/** The ports from PORT and SAMPLE_ORIGIN_PORT, or the defaults. */
export function startPortsFromEnv(env: Readonly<Record<string, string | undefined>>): StartPorts {
  return {
    app: portFromEnv(env, 'PORT', DEFAULT_APP_PORT),
    sampleOrigin: portFromEnv(env, 'SAMPLE_ORIGIN_PORT', DEFAULT_SAMPLE_ORIGIN_PORT),
  };
}

/**
 * What to do about a taken port. Most likely another `npm start` holds both, so the suggested
 * command moves both.
 */
export function busyPortMessage(taken: 'app' | 'sample origin', ports: StartPorts): string {
  const port = taken === 'app' ? ports.app : ports.sampleOrigin;
  const next = (p: number): number => (p === 65535 ? p - 1 : p + 1);
  return (
    `Port ${port} (the ${taken}) is in use. Is Rangefetch already running (npm start in another terminal)? ` +
    `Stop that one, or start this one on other ports: PORT=${next(ports.app)} SAMPLE_ORIGIN_PORT=${next(ports.sampleOrigin)} npm start`
  );
}

/** True for the error Node gives when a port is taken (`listen EADDRINUSE`). */
export function isAddressInUse(error: unknown): boolean {
  return typeof error === 'object' && error !== null && (error as { code?: unknown }).code === 'EADDRINUSE';
}

/** Vite's own error for a taken port under strictPort ("Port 5173 is already in use"): the port, or null. */
export function viteBusyPort(error: unknown): number | null {
  const match = error instanceof Error ? /^Port (\d+) is already in use$/.exec(error.message) : null;
  return match === null ? null : Number(match[1]);
}
