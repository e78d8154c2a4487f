/**
 * Download managers outside the browser, from Debian's packages: aria2c (several connections per
 * file, several files at once) and curl (one connection per file; --parallel for many files).
 * They write to a temporary folder on the same disk as the browser profile.
 */
import { execFile, spawn } from 'node:child_process';
import { mkdtemp, readdir, rm, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { killGroup, onCleanup } from '../cleanup';
import { reapedChildrenSeconds } from '../cpu';
import { memoryFields, sampleProcessTree } from '../memory';
import { runTimeoutMs, type Contender, type Measurement, type Workload } from '../types';

const run = promisify(execFile);

export interface Tool {
  command: string;
  /** First line of `--version`, or null when absent. */
  version: string | null;
  /** Why it is absent; null when it is there. */
  absent: string | null;
}

async function versionOf(command: string): Promise<string | null> {
  try {
    const { stdout } = await run(command, ['--version'], { timeout: 10_000 });
    return stdout.split('\n')[0]?.trim() ?? '';
  } catch {
    return null;
  }
}

/**
 * The tool, installed from Debian's package when missing and allowed (root, apt-get present).
 * A failed install is not fatal: the report's row says why the tool is absent.
 */
export async function ensureTool(command: string, aptPackage: string, install: boolean): Promise<Tool> {
  const version = await versionOf(command);
  if (version !== null) return { command, version, absent: null };
  if (!install) return { command, version: null, absent: `${command} is not installed (--no-install)` };
  if (process.getuid?.() !== 0) return { command, version: null, absent: `${command} is not installed and the bench is not root (apt-get install ${aptPackage})` };
  const env = { ...process.env, DEBIAN_FRONTEND: 'noninteractive' };
  const apt = async (args: string[]): Promise<void> => void (await run('apt-get', args, { env, timeout: 300_000 }));
  console.log(`[bench] ${command} is missing: apt-get install ${aptPackage}…`);
  try {
    try {
      await apt(['install', '-y', '-qq', aptPackage]);
    } catch {
      // Package lists are often empty in fresh containers: refresh once and try again.
      await apt(['update', '-qq']);
      await apt(['install', '-y', '-qq', aptPackage]);
    }
  } catch (error) {
    const text = error instanceof Error ? error.message : String(error);
    return { command, version: null, absent: `apt-get install ${aptPackage} failed: ${lastLine(text)}` };
  }
  const installed = await versionOf(command);
  return installed === null
    ? { command, version: null, absent: `${command} still missing after apt-get install ${aptPackage}` }
    : { command, version: installed, absent: null };
}

function lastLine(text: string): string {
  const lines = text.trim().split('\n').filter((l) => l.trim() !== '');
  return (lines[lines.length - 1] ?? text).slice(0, 200);
}

export function aria2cContender(tool: Tool): Contender {
  return {
    id: 'aria2c',
    label: 'aria2c',
    method: (w) =>
      w.files.length === 1 ? 'aria2c -x6 -s6 -k1M --file-allocation=none' : 'aria2c -j6 -i <list> --file-allocation=none',
    absent: tool.absent,
    run: (workload, opts) =>
      inTempDir(workload, opts.sampleMemory, async (dir) => {
        // Preallocation writes the whole file once more before downloading; "none" is what a
        // person tuning aria2 for speed on ext4 would pick, and the app does not preallocate either.
        const common = ['-d', dir, '--allow-overwrite=true', '--auto-file-renaming=false', '--file-allocation=none',
          '--console-log-level=warn', '--summary-interval=0', '--download-result=hide', '-q'];
        const [first] = workload.files;
        if (workload.files.length === 1 && first !== undefined) {
          return [tool.command, ['-x6', '-s6', '-k1M', ...common, '-o', first.name, first.url]];
        }
        const list = join(dir, '..', `${dirName(dir)}.aria2-input`);
        await writeFile(list, workload.files.map((f) => `${f.url}\n  out=${f.name}\n`).join(''));
        return [tool.command, ['-j6', ...common, '-i', list]];
      }),
  };
}

export function curlContender(tool: Tool): Contender {
  return {
    id: 'curl',
    label: 'curl',
    method: (w) => (w.files.length === 1 ? 'curl -o FILE URL (one connection)' : 'curl --parallel --parallel-max 6 -K <list>'),
    absent: tool.absent,
    run: (workload, opts) =>
      inTempDir(workload, opts.sampleMemory, async (dir) => {
        const [first] = workload.files;
        if (workload.files.length === 1 && first !== undefined) {
          return [tool.command, ['-sS', '--fail', '-o', join(dir, first.name), first.url]];
        }
        const list = join(dir, '..', `${dirName(dir)}.curl-config`);
        await writeFile(list, workload.files.map((f) => `url = "${f.url}"\noutput = "${join(dir, f.name)}"\n`).join(''));
        return [tool.command, ['-sS', '--fail', '--parallel', '--parallel-max', '6', '-K', list]];
      }),
  };
}

function dirName(path: string): string {
  return path.split('/').pop() ?? 'list';
}

/**
 * Runs the command `prepare` returns with a fresh output folder, times it from spawn to exit,
 * checks the bytes that landed, and removes the folder (and its list file) afterwards.
 */
async function inTempDir(
  workload: Workload,
  sampleMemory: boolean,
  prepare: (dir: string) => Promise<[string, string[]]>,
): Promise<Measurement> {
  const dir = await mkdtemp(join(tmpdir(), 'rangefetch-bench-dl-'));
  const removeDir = onCleanup(`download folder ${dir}`, async () => {
    await rm(dir, { recursive: true, force: true });
    for (const suffix of ['.aria2-input', '.curl-config']) await rm(`${dir}${suffix}`, { force: true });
  });
  try {
    const [command, args] = await prepare(dir);
    const cpuBefore = await reapedChildrenSeconds();
    const started = performance.now();
    const child = spawn(command, args, { stdio: ['ignore', 'ignore', 'pipe'], detached: true });
    const pid = child.pid;
    const stopChild = onCleanup(`${command} process`, () => killGroup(pid));
    const sampler = sampleMemory && pid !== undefined ? sampleProcessTree(pid) : null;
    let stderr = '';
    child.stderr.setEncoding('utf8').on('data', (chunk: string) => void (stderr = (stderr + chunk).slice(-2000)));
    const code = await new Promise<number | null>((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`${command} not done after ${Math.round(runTimeoutMs(workload) / 1000)} s`)),
        runTimeoutMs(workload));
      child.once('error', (error) => {
        clearTimeout(timer);
        reject(error);
      });
      child.once('exit', (exitCode) => {
        clearTimeout(timer);
        resolve(exitCode);
      });
    }).finally(stopChild);
    const ms = performance.now() - started;
    const cpuAfter = await reapedChildrenSeconds();
    const memory = await sampler?.stop();
    if (code !== 0) throw new Error(`${command} exited with ${String(code)}: ${lastLine(stderr)}`);
    let bytes = 0;
    let files = 0;
    for (const entry of await readdir(dir)) {
      bytes += (await stat(join(dir, entry))).size;
      files++;
    }
    if (files !== workload.files.length || bytes !== workload.totalBytes) {
      throw new Error(`${command} left ${files} files / ${bytes} bytes, expected ${workload.files.length} / ${workload.totalBytes}`);
    }
    const result: Measurement = { ms, bytes };
    if (cpuBefore !== null && cpuAfter !== null) result.cpuSeconds = cpuAfter - cpuBefore;
    Object.assign(result, memoryFields(memory));
    return result;
  } finally {
    await removeDir();
  }
}
