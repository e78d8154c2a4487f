/**
 * Two versions of the app on one origin, for the update tests: real builds of this tree (the
 * second with one visible change to its page, as a new release would have), served by a small
 * static server whose folder can be switched to the next version while pages stay open.
 */
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { readFile } from 'node:fs/promises';
import { extname, join, normalize, sep } from 'node:path';
import { build, type Plugin } from 'vite';

/** The <meta name=…> each version carries, so a test can tell which one a page runs. */
export const VERSION_META = 'rangefetch-test-version';

/** Marks the page as version `label`, where a test can read it. */
function pageMark(label: string): Plugin {
  return {
    name: 'rangefetch-test-version-page',
    transformIndexHtml: () => [{ tag: 'meta', attrs: { name: VERSION_META, content: label }, injectTo: 'head' }],
  };
}

/**
 * Changes the code of the page and of both workers, as a release does: every script gets a new
 * hashed name, so the previous version's files are gone from the host once the next is served.
 */
function codeMark(label: string): Plugin {
  return {
    name: 'rangefetch-test-version-code',
    transform(code, id) {
      if (!/src\/(ui\/main\.tsx|worker\/index\.ts|worker\/copy\/copier-worker\.ts)$/.test(id)) return null;
      return { code: `${code}\nglobalThis.rangefetchTestVersion = ${JSON.stringify(label)};\n`, map: null };
    },
  };
}

/** Builds the app into outDir as version `label`. */
export async function buildVersion(outDir: string, label: string): Promise<void> {
  await build({
    logLevel: 'warn',
    build: { outDir, emptyOutDir: true },
    plugins: [pageMark(label), codeMark(label)],
    worker: { plugins: () => [codeMark(label)] },
  });
}

const TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript',
  '.css': 'text/css',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.webmanifest': 'application/manifest+json',
  '.map': 'application/json',
};

export interface StaticSite {
  /** e.g. http://127.0.0.1:41234/ */
  url: string;
  /** Every request answered so far: its path and status. */
  readonly answered: ReadonlyArray<{ path: string; status: number }>;
  /** From now on every request is answered from this folder. */
  serve(dir: string): void;
  close(): Promise<void>;
}

/** Serves one folder as a static host would: files by path, `/` as index.html, 404 otherwise. */
export async function startStaticSite(dir: string): Promise<StaticSite> {
  let root = dir;
  const answered: Array<{ path: string; status: number }> = [];
  const server = createServer((req, res) => {
    const path = decodeURIComponent(new URL(req.url ?? '/', 'http://host').pathname);
    const file = normalize(join(root, path.endsWith('/') ? `${path}index.html` : path));
    const end = (status: number, headers: Record<string, string> = {}, body?: Buffer): void => {
      answered.push({ path, status });
      res.writeHead(status, headers).end(req.method === 'HEAD' ? undefined : body);
    };
    if (!file.startsWith(root + sep)) {
      end(403);
      return;
    }
    readFile(file).then(
      // Revalidate everything, as most hosts do for files without a hash in their name.
      (bytes) => end(200, { 'Content-Type': TYPES[extname(file)] ?? 'application/octet-stream', 'Cache-Control': 'no-cache' }, bytes),
      () => end(404),
    );
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}/`,
    answered,
    serve(next: string): void {
      root = next;
    },
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
