/** What the numbers were measured on: they mean little without it. */
import { execFile } from 'node:child_process';
import { readFile } from 'node:fs/promises';
import { cpus, loadavg, release, totalmem } from 'node:os';
import { promisify } from 'node:util';
import { CHROMIUM_PATH, chromiumVersionFromOutput } from './browser';
import type { Tool } from './contenders/cli-tools';

const run = promisify(execFile);

export interface Machine {
  /** The app as built: commit, and whether src/ differed from it (others edit this checkout). */
  app: string;
  cpu: string;
  cores: number;
  memoryGiB: number;
  kernel: string;
  node: string;
  chromium: string;
  playwright: string;
  aria2c: string;
  curl: string;
  /** 1/5/15-minute load averages when the bench started: other work on a shared machine. */
  loadAtStart: number[];
}

export async function describeMachine(tools: { aria2c: Tool; curl: Tool }): Promise<Machine> {
  const cpuinfo = await readFile('/proc/cpuinfo', 'utf8').catch(() => '');
  const model = /^model name\s*:\s*(.+)$/m.exec(cpuinfo)?.[1]?.trim() ?? cpus()[0]?.model ?? 'unknown';
  return {
    app: await appRevision(),
    cpu: model,
    cores: cpus().length,
    memoryGiB: Math.round((totalmem() / 2 ** 30) * 10) / 10,
    kernel: `Linux ${release()}`,
    node: process.version,
    chromium: await chromiumVersion(),
    playwright: await playwrightVersion(),
    aria2c: tools.aria2c.version === null ? `absent: ${tools.aria2c.absent ?? 'unknown'}` : shortVersion(tools.aria2c.version),
    curl: tools.curl.version === null ? `absent: ${tools.curl.absent ?? 'unknown'}` : shortVersion(tools.curl.version),
    loadAtStart: loadavg().map((l) => Math.round(l * 100) / 100),
  };
}

async function chromiumVersion(): Promise<string> {
  try {
    // Debian's launcher script may print shell noise on stderr; the version is on stdout.
    const { stdout } = await run(CHROMIUM_PATH, ['--version'], { timeout: 20_000 });
    return chromiumVersionFromOutput(stdout);
  } catch (error) {
    return `unknown (${String(error).slice(0, 100)})`;
  }
}

async function playwrightVersion(): Promise<string> {
  try {
    const pkg = JSON.parse(await readFile('node_modules/playwright-core/package.json', 'utf8')) as { version?: string };
    return `playwright-core ${pkg.version ?? '?'}`;
  } catch {
    return 'playwright-core ?';
  }
}

/** "curl 7.88.1 (x86_64-pc-linux-gnu) libcurl/7.88.1 OpenSSL/…" → "curl 7.88.1". */
function shortVersion(line: string): string {
  return line.replace(/\s*\(.*$/, '').trim();
}

async function appRevision(): Promise<string> {
  try {
    const { stdout: head } = await run('git', ['log', '-1', '--format=%h %cI %s'], { timeout: 10_000 });
    const { stdout: dirty } = await run('git', ['status', '--porcelain', '--', 'src', 'index.html', 'vite.config.ts'], { timeout: 10_000 });
    return `${head.trim()}${dirty.trim() === '' ? '' : ' (plus uncommitted changes in src/)'}`;
  } catch {
    return 'unknown (not a git checkout)';
  }
}
