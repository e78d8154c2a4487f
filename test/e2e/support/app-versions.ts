/**
 * Two versions of the app for the update tests: real builds of this tree, each marked with its
 * label in the page and in the code of the page and both workers, as a new release would differ,
 * and published one after the other in the folder a static host serves (test/static-host.ts).
 */
import { cp, rm } from 'node:fs/promises';
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

/** Publishes a build in the site's folder as a host's deploy does: the old files go, the new come. */
export async function deploy(version: string, site: string): Promise<void> {
  await rm(site, { recursive: true, force: true });
  await cp(version, site, { recursive: true });
}
