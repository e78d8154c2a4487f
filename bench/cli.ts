/** What the bench's command-line entries share: reading flags, the date in file names, the exit. */
import { cleanupAll } from './cleanup';

/**
 * Walks `argv` as `--key value` or `--key=value`: `onFlag` gets each key and a way to take its
 * value, and answers false for a key it does not know. `--help` prints `usage` and exits.
 */
export function readFlags(argv: readonly string[], usage: string, onFlag: (key: string, value: () => string) => boolean): void {
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i] ?? '';
    const [key, inline] = arg.includes('=') ? (arg.split('=', 2) as [string, string]) : [arg, undefined];
    const value = (): string => {
      const v = inline ?? argv[++i];
      if (v === undefined) throw new Error(`${key} needs a value\n${usage}`);
      return v;
    };
    if (key === '--help' || key === '-h') {
      process.stdout.write(usage);
      process.exit(0);
    }
    if (!onFlag(key, value)) throw new Error(`unknown argument "${arg}"\n${usage}`);
  }
}

/** YYYY-MM-DD in local time, for result file names. */
export function localDate(d: Date): string {
  const pad = (n: number): string => String(n).padStart(2, '0');
  return `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())}`;
}

/** Runs `main`, cleans up whatever it started however it ended, and exits with its outcome. */
export async function runMain(tag: string, main: () => Promise<void>): Promise<never> {
  let exitCode = 0;
  try {
    await main();
  } catch (error) {
    console.error(`[${tag}] ${error instanceof Error ? (error.stack ?? error.message) : String(error)}`);
    exitCode = 1;
  } finally {
    await cleanupAll();
  }
  // Playwright and Vite may keep handles open for a moment; nothing is left to wait for.
  process.exit(exitCode);
}
