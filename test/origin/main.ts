/**
 * Runs the test origin on its own: `npx tsx test/origin/main.ts [--port 8787] [--host H] [--log] [--http2]`.
 * The URL is the only thing printed on stdout so scripts can read it; the rest goes to stderr.
 * A fixed default port lets the app's start command point at the sample origin without discovery;
 * `--port 0` picks a free one. `--http2` serves HTTPS with HTTP/2 and a self-signed certificate.
 */
import { SAMPLES, startOrigin } from './server.ts';

function parseArgs(argv: string[]): { port: number; host: string; log: boolean; http2: boolean } {
  const out = { port: 8787, host: '127.0.0.1', log: false, http2: false };
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i] ?? '';
    const [key, inline] = arg.includes('=') ? arg.split('=', 2) : [arg, undefined];
    const value = (): string => {
      const v = inline ?? argv[++i];
      if (v === undefined) throw new Error(`${key} needs a value`);
      return v;
    };
    if (key === '--port') {
      out.port = Number(value());
      if (!Number.isInteger(out.port) || out.port < 0 || out.port > 65535) throw new Error(`bad port: ${out.port}`);
    } else if (key === '--host') {
      out.host = value();
    } else if (key === '--log') {
      out.log = true;
    } else if (key === '--http2') {
      out.http2 = true;
    } else if (key === '--help' || key === '-h') {
      process.stderr.write('usage: tsx test/origin/main.ts [--port 8787] [--host 127.0.0.1] [--log] [--http2]\n');
      process.exit(0);
    } else {
      throw new Error(`unknown argument: ${arg}`);
    }
  }
  return out;
}

const args = parseArgs(process.argv.slice(2));
const origin = await startOrigin(args);
process.stdout.write(`${origin.url}\n`);
process.stderr.write(
  `test origin listening; samples at ${origin.url}/samples:\n` +
    SAMPLES.map((s) => `  ${origin.url}/files/${s.name}?size=${s.size}\n`).join(''),
);

let closing = false;
for (const signal of ['SIGINT', 'SIGTERM'] as const) {
  process.on(signal, () => {
    if (closing) process.exit(1);
    closing = true;
    void origin.close().then(() => process.exit(0));
  });
}
