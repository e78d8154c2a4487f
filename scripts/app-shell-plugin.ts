/**
 * Builds the service worker (src/sw/service-worker.ts) into dist/sw.js and writes into it the list
 * of this build's shell files and a version hashed from their bytes: any changed file makes a new
 * sw.js, which is how the browser learns that a new version is out.
 *
 * The dev server serves no service worker of its own; at /sw.js it serves one that removes
 * whatever a production build left on the origin (e.g. `vite preview` run on the dev port), so a
 * stale cached page cannot hide the dev server after one more reload.
 */
import { createHash } from 'node:crypto';
import { readdir, readFile } from 'node:fs/promises';
import { join, relative, sep } from 'node:path';
import { build, type Plugin, type ResolvedConfig, type Rolldown } from 'vite';
import { isShellFile, SERVICE_WORKER_FILE, SHELL_CACHE_PREFIX, type ShellManifest } from '../src/shared/app-shell.ts';

const SOURCE = 'src/sw/service-worker.ts';
const PLACEHOLDER = /\bRANGEFETCH_SHELL\b/g;

/** The manifest of a build: its shell files, sorted, and a version that changes with any byte of them. */
export function shellManifest(files: ReadonlyMap<string, string | Uint8Array>, assetsDir: string): ShellManifest {
  const names = [...files.keys()].filter(isShellFile).sort();
  const hash = createHash('sha256');
  for (const name of names) {
    const bytes = files.get(name) ?? '';
    hash.update(`${name}\0${bytes.length}\0`);
    hash.update(bytes);
  }
  return { version: hash.digest('hex').slice(0, 16), files: names, assetsDir };
}

/** The built worker's code with the manifest in the placeholder's one place. */
export function withShellManifest(code: string, manifest: ShellManifest): string {
  const found = code.match(PLACEHOLDER)?.length ?? 0;
  // Not silently: a worker without its list would cache nothing and still look installed.
  if (found !== 1) throw new Error(`${SERVICE_WORKER_FILE}: expected RANGEFETCH_SHELL once in the built worker, found it ${found} times`);
  return code.replace(PLACEHOLDER, `(${JSON.stringify(manifest)})`);
}

/** Removes a production build's worker and caches from the dev server's origin. */
export const DEV_SERVICE_WORKER = `// The dev server has no service worker: this one removes a production build's from this origin.
self.addEventListener('install', () => self.skipWaiting());
self.addEventListener('activate', (event) => event.waitUntil((async () => {
  for (const key of await caches.keys()) if (key.startsWith(${JSON.stringify(SHELL_CACHE_PREFIX)})) await caches.delete(key);
  await self.registration.unregister();
})()));
`;

async function filesUnder(dir: string): Promise<string[]> {
  const entries = await readdir(dir, { withFileTypes: true, recursive: true }).catch(() => []);
  return entries.filter((entry) => entry.isFile()).map((entry) => relative(dir, join(entry.parentPath, entry.name)).split(sep).join('/'));
}

/**
 * The worker as one classic script, bundled on its own: in the app's bundle it could share a chunk
 * with the page and start with an `import`, which a classic service worker cannot run (module
 * service workers are missing from some browsers the app serves).
 */
async function buildWorker(config: ResolvedConfig): Promise<string> {
  const result = await build({
    configFile: false,
    root: config.root,
    logLevel: 'warn',
    publicDir: false,
    build: {
      write: false,
      target: config.build.target,
      minify: config.build.minify,
      sourcemap: false,
      rolldownOptions: { input: join(config.root, SOURCE), output: { format: 'iife', entryFileNames: SERVICE_WORKER_FILE } },
    },
  });
  const outputs: Rolldown.RolldownOutput[] = Array.isArray(result) ? result : 'output' in result ? [result] : [];
  const chunks = outputs.flatMap((out) => out.output).filter((item): item is Rolldown.OutputChunk => item.type === 'chunk');
  if (chunks.length !== 1 || chunks[0] === undefined) throw new Error(`${SOURCE}: expected one chunk, got ${chunks.length}`);
  return chunks[0].code;
}

export function appShell(): Plugin {
  let config: ResolvedConfig;
  return {
    name: 'rangefetch-app-shell',
    config(_user, { command }) {
      // The page registers the worker only where there is one: in a build.
      return { define: { 'import.meta.env.VITE_SERVICE_WORKER': JSON.stringify(command === 'build') } };
    },
    configResolved(resolved) {
      config = resolved;
    },
    configureServer(server) {
      server.middlewares.use((req, res, next) => {
        if (req.url?.split('?')[0] !== `${server.config.base}${SERVICE_WORKER_FILE}`) return next();
        res.setHeader('Content-Type', 'text/javascript');
        res.setHeader('Cache-Control', 'no-store');
        res.end(DEV_SERVICE_WORKER);
      });
    },
    generateBundle: {
      // After Vite has added index.html to the bundle.
      order: 'post',
      async handler(_options, bundle) {
        if (config.command !== 'build' || config.build.ssr) return;
        const files = new Map<string, string | Uint8Array>();
        for (const [name, output] of Object.entries(bundle)) files.set(name, output.type === 'chunk' ? output.code : output.source);
        // The public folder is copied as it is, outside the bundle.
        if (config.publicDir !== '') {
          for (const name of await filesUnder(config.publicDir)) files.set(name, await readFile(join(config.publicDir, name)));
        }
        const manifest = shellManifest(files, config.build.assetsDir);
        if (!manifest.files.includes('index.html')) throw new Error(`${SERVICE_WORKER_FILE}: the build has no index.html to keep`);
        const worker = await buildWorker(config);
        this.emitFile({ type: 'asset', fileName: SERVICE_WORKER_FILE, source: withShellManifest(worker, manifest) });
      },
    },
  };
}
