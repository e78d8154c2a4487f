import { build, preview, type PreviewServer } from 'vite';
import type { TestProject } from 'vitest/node';
import type { AddressInfo } from 'node:net';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

declare module 'vitest' {
  export interface ProvidedContext {
    /** Base URL of the built app served by `vite preview`, e.g. http://127.0.0.1:41234/ */
    appUrl: string;
    /** The build that appUrl serves (with its _headers), for tests that host it another way. */
    distDir: string;
    /** Each fault file appends its line of the tally here (faults/fault-kit.ts). */
    faultTallyFile: string;
  }
}

/**
 * Builds the app once and serves dist/ with Vite's preview server for every e2e file: the tests
 * exercise what ships, not the dev server's on-the-fly transforms.
 */
export default async function setup(project: TestProject): Promise<() => Promise<void>> {
  // A build of its own per run, so a bench or a second test run building at the same time cannot
  // swap the files under this one.
  const outDir = await mkdtemp(join(tmpdir(), 'rangefetch-e2e-'));
  await build({ logLevel: 'warn', build: { outDir, emptyOutDir: true } });
  const server: PreviewServer = await preview({
    logLevel: 'warn',
    build: { outDir },
    preview: { port: 0, host: '127.0.0.1', strictPort: false, open: false },
  });
  project.provide('appUrl', appUrlOf(server));
  project.provide('distDir', outDir);
  const tallyFile = join(outDir, 'fault-tally.jsonl');
  await writeFile(tallyFile, '');
  project.provide('faultTallyFile', tallyFile);
  return async () => {
    await printFaultTally(tallyFile);
    await server.close();
    await rm(outDir, { recursive: true, force: true });
  };
}

function appUrlOf(server: PreviewServer): string {
  // With port 0 the OS picks the port; the bound address is the source of truth.
  const address = server.httpServer.address() as AddressInfo | string | null;
  if (address !== null && typeof address === 'object') {
    return `http://127.0.0.1:${address.port}${server.config.base}`;
  }
  const local = server.resolvedUrls?.local[0];
  if (local === undefined) throw new Error('vite preview did not report a bound address');
  return local;
}

/** The fault suite's line for the whole run, summed over its files. */
async function printFaultTally(tallyFile: string): Promise<void> {
  const lines = (await readFile(tallyFile, 'utf8')).split('\n').filter((line) => line !== '');
  if (lines.length === 0) return;
  const sum = { injected: 0, survived: 0, corrupt: 0 };
  for (const line of lines) {
    const tally = JSON.parse(line) as typeof sum;
    sum.injected += tally.injected;
    sum.survived += tally.survived;
    sum.corrupt += tally.corrupt;
  }
  console.log(`faults: ${sum.injected} injected, ${sum.survived} survived, ${sum.corrupt} corrupt (${lines.length} files)`);
}
