/**
 * `--app-rev REV`: the app as it was at an older commit, to put figures from before a change next
 * to those after it. The commit's files come out of `git archive` (read-only for the repository:
 * no worktree, no checkout) into a temporary folder that borrows this checkout's node_modules;
 * it is built and served there as ../app-server.ts does for the working tree.
 */
import { execFile, spawn } from 'node:child_process';
import { mkdtemp, rm, symlink } from 'node:fs/promises';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { promisify } from 'node:util';
import { build, preview } from 'vite';
import { onCleanup } from '../cleanup';

const run = promisify(execFile);

export interface AppAtRevision {
  url: string;
  /** "abc1234 2026-12-03T… subject". */
  revision: string;
}

export async function startAppAtRevision(rev: string): Promise<AppAtRevision> {
  const { stdout } = await run('git', ['log', '-1', '--format=%h %cI %s', rev], { timeout: 10_000 });
  const root = await mkdtemp(join(tmpdir(), 'rangefetch-servers-rev-'));
  onCleanup(`app at ${rev} ${root}`, () => rm(root, { recursive: true, force: true }));
  await extract(rev, root);
  await symlink(resolve('node_modules'), join(root, 'node_modules'));
  const outDir = join(root, 'dist-check');
  const configFile = join(root, 'vite.config.ts');
  await build({ root, configFile, logLevel: 'warn', build: { outDir, emptyOutDir: true } });
  const server = await preview({ root, configFile, logLevel: 'warn', build: { outDir }, preview: { port: 0, host: '127.0.0.1', strictPort: false, open: false } });
  onCleanup(`vite preview of ${rev}`, () => server.close());
  const address = server.httpServer.address() as AddressInfo | null;
  if (address === null || typeof address !== 'object') throw new Error('vite preview did not report a bound address');
  return { url: `http://127.0.0.1:${address.port}${server.config.base}`, revision: stdout.trim() };
}

function extract(rev: string, into: string): Promise<void> {
  return new Promise((done, fail) => {
    const archive = spawn('git', ['archive', '--format=tar', rev], { stdio: ['ignore', 'pipe', 'pipe'] });
    const tar = spawn('tar', ['-x', '-C', into], { stdio: ['pipe', 'ignore', 'pipe'] });
    let errors = '';
    archive.stderr.on('data', (c: Buffer) => void (errors += c.toString()));
    tar.stderr.on('data', (c: Buffer) => void (errors += c.toString()));
    archive.stdout.pipe(tar.stdin);
    archive.once('error', fail);
    tar.once('error', fail);
    tar.once('exit', (code) => (code === 0 ? done() : fail(new Error(`git archive ${rev} | tar -x failed: ${errors.trim()}`))));
  });
}
