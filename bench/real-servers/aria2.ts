/**
 * aria2c on the same URL as the app, for comparison: `-x6 -s6` (six connections, HTTP/1.1 even
 * where nginx offers HTTP/2), into a temporary folder, with a time limit; the bytes are checked
 * against the source's SHA-256. A failure is a result, not an error.
 */
import { spawn } from 'node:child_process';
import { createHash } from 'node:crypto';
import { createReadStream } from 'node:fs';
import { mkdtemp, readdir, rm, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { killGroup, onCleanup } from '../cleanup';

export const ARIA2_ARGS = ['-x6', '-s6', '-k1M', '--file-allocation=none'];

export interface Aria2Result {
  ok: boolean;
  ms: number;
  /** "byte-exact", or what went wrong (exit code, last error line, wrong bytes, timeout). */
  outcome: string;
}

export async function runAria2(url: string, expected: { size: number; sha256: string }, timeoutMs: number): Promise<Aria2Result> {
  const dir = await mkdtemp(join(tmpdir(), 'rangefetch-servers-aria2-'));
  const removeDir = onCleanup(`aria2c folder ${dir}`, () => rm(dir, { recursive: true, force: true }));
  try {
    const args = [...ARIA2_ARGS, '--check-certificate=false', '-d', dir, '-o', 'out.bin', '--allow-overwrite=true',
      '--console-log-level=warn', '--summary-interval=0', '--download-result=hide', url];
    const started = performance.now();
    const child = spawn('aria2c', args, { stdio: ['ignore', 'pipe', 'pipe'], detached: true });
    const stop = onCleanup('aria2c', () => killGroup(child.pid));
    let output = '';
    const keep = (chunk: string): void => void (output = (output + chunk).slice(-4000));
    child.stdout.setEncoding('utf8').on('data', keep);
    child.stderr.setEncoding('utf8').on('data', keep);
    let timedOut = false;
    const timer = setTimeout(() => {
      timedOut = true;
      void killGroup(child.pid);
    }, timeoutMs);
    const code = await new Promise<number | null>((resolve) => {
      child.once('error', (error) => {
        keep(String(error));
        resolve(null);
      });
      child.once('exit', resolve);
    }).finally(() => clearTimeout(timer));
    const ms = performance.now() - started;
    await stop();
    if (timedOut) return { ok: false, ms, outcome: `not done after ${Math.round(timeoutMs / 1000)} s` };
    if (code !== 0) return { ok: false, ms, outcome: `exit ${String(code)}: ${lastLine(output)}` };
    const files = (await readdir(dir)).filter((f) => !f.endsWith('.aria2'));
    const path = join(dir, 'out.bin');
    const size = files.includes('out.bin') ? (await stat(path)).size : -1;
    if (size !== expected.size) return { ok: false, ms, outcome: `wrong size ${size} (expected ${expected.size})` };
    const sha = await sha256File(path);
    return sha === expected.sha256 ? { ok: true, ms, outcome: 'byte-exact' } : { ok: false, ms, outcome: `SHA-256 mismatch (${sha.slice(0, 12)}…)` };
  } finally {
    await removeDir();
  }
}

function sha256File(path: string): Promise<string> {
  return new Promise((resolve, reject) => {
    const hash = createHash('sha256');
    createReadStream(path)
      .on('data', (chunk) => hash.update(chunk))
      .on('error', reject)
      .on('end', () => resolve(hash.digest('hex')));
  });
}

function lastLine(text: string): string {
  const lines = text.trim().split('\n').map((l) => l.trim()).filter((l) => l !== '');
  return (lines.find((l) => /error|errorCode|exception/i.test(l)) ?? lines[lines.length - 1] ?? '').slice(0, 200);
}
