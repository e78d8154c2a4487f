import { describe, expect, it } from 'vitest';
import { cachesToDrop, isShellFile, isSkipWaitingMessage, shellRoute, SKIP_WAITING_MESSAGE, type RequestFacts } from '../../src/shared/app-shell';
import { shellManifest, withShellManifest } from '../../scripts/app-shell-plugin';

const scope = 'https://app.example/rangefetch/';
const files = new Set([`${scope}index.html`, `${scope}assets/index-abc.js`, `${scope}icons/icon-192.png`, `${scope}manifest.webmanifest`]);
const shell = { files, assetsDir: 'assets' };
const get = (url: string, extra: Partial<RequestFacts> = {}): RequestFacts => ({ url, method: 'GET', mode: 'cors', hasRange: false, ...extra });

describe('shellRoute: what the service worker answers', () => {
  it('leaves every download to the network: another origin, with or without a Range', () => {
    expect(shellRoute(get('https://files.example/big.iso', { hasRange: true }), scope, shell)).toBeNull();
    expect(shellRoute(get('https://files.example/big.iso'), scope, shell)).toBeNull();
    // Even a file whose path looks like one of the shell's.
    expect(shellRoute(get('https://files.example/rangefetch/assets/index-abc.js'), scope, shell)).toBeNull();
    expect(shellRoute(get('http://app.example/rangefetch/assets/index-abc.js'), scope, shell)).toBeNull();
  });

  it('leaves a same-origin request with a Range to the network, even for a shell file', () => {
    expect(shellRoute(get(`${scope}assets/index-abc.js`, { hasRange: true }), scope, shell)).toBeNull();
  });

  it('answers the shell files from the cache, and nothing else of the origin', () => {
    expect(shellRoute(get(`${scope}assets/index-abc.js`), scope, shell)).toBe('file');
    expect(shellRoute(get(`${scope}icons/icon-192.png`, { mode: 'no-cors' }), scope, shell)).toBe('file');
    expect(shellRoute(get(`${scope}icons/icon-old.png`), scope, shell)).toBeNull();
    expect(shellRoute(get(`${scope}nothing-here`), scope, shell)).toBeNull();
    expect(shellRoute(get(`${scope}assets/index-abc.js?v=2`), scope, shell)).toBeNull();
    expect(shellRoute(get('https://app.example/other/index.html'), scope, shell)).toBeNull();
    expect(shellRoute(get(`${scope}assets/index-abc.js`, { method: 'POST' }), scope, shell)).toBeNull();
    expect(shellRoute(get(`${scope}assets/index-abc.js`, { method: 'HEAD' }), scope, shell)).toBeNull();
  });

  it('opens the page at its address with any query: shared links and web+rangefetch: links arrive so', () => {
    const navigate = (url: string): RequestFacts => get(url, { mode: 'navigate' });
    expect(shellRoute(navigate(scope), scope, shell)).toBe('page');
    expect(shellRoute(navigate(`${scope}index.html`), scope, shell)).toBe('page');
    expect(shellRoute(navigate(`${scope}?share-url=${encodeURIComponent('https://files.example/a.iso')}`), scope, shell)).toBe('page');
    expect(shellRoute(navigate(`${scope}?link=${encodeURIComponent('web+rangefetch:https://files.example/a.iso')}`), scope, shell)).toBe('page');
  });

  it('does not turn other addresses of the origin into the page', () => {
    expect(shellRoute(get(`${scope}nothing-here`, { mode: 'navigate' }), scope, shell)).toBeNull();
    expect(shellRoute(get('https://app.example/', { mode: 'navigate' }), scope, shell)).toBeNull();
    expect(shellRoute(get(`${scope}icons/icon-192.png`, { mode: 'navigate' }), scope, shell)).toBeNull();
    expect(shellRoute(get('not a url', { mode: 'navigate' }), scope, shell)).toBeNull();
  });

  it("finds an earlier version's hashed files for a tab still running it, and only those", () => {
    expect(shellRoute(get(`${scope}assets/copier-worker-old.js`), scope, shell)).toBe('kept');
    expect(shellRoute(get(`${scope}assets/copier-worker-old.js`, { hasRange: true }), scope, shell)).toBeNull();
    expect(shellRoute(get(`${scope}assets/copier-worker-old.js`, { mode: 'navigate' }), scope, shell)).toBeNull();
    expect(shellRoute(get(`${scope}assets-not/x.js`), scope, shell)).toBeNull();
    expect(shellRoute(get(`${scope}assets/x.js`), scope, { files, assetsDir: '' })).toBeNull();
    expect(shellRoute(get('https://files.example/rangefetch/assets/x.js'), scope, shell)).toBeNull();
  });
});

describe('the shell of a build', () => {
  const build = new Map<string, string | Uint8Array>([
    ['index.html', '<!doctype html>'],
    ['assets/index-abc.js', 'console.log(1)'],
    ['assets/index-abc.js.map', '{}'],
    ['assets/index-abc.css', 'body{}'],
    ['icons/icon-192.png', new Uint8Array([137, 80, 78, 71])],
    ['manifest.webmanifest', '{}'],
    ['_headers', '/*'],
    ['sw.js', 'self'],
  ]);

  it('lists what the page loads, not source maps, host files or the worker itself', () => {
    expect(shellManifest(build, 'assets').files).toEqual(['assets/index-abc.css', 'assets/index-abc.js', 'icons/icon-192.png', 'index.html', 'manifest.webmanifest']);
    expect(isShellFile('assets/index-abc.js.map')).toBe(false);
    expect(isShellFile('sw.js')).toBe(false);
  });

  it('has a new version when any byte of a shell file changes, and only then', () => {
    const before = shellManifest(build, 'assets').version;
    expect(shellManifest(new Map(build), 'assets').version).toBe(before);
    expect(shellManifest(new Map(build).set('index.html', '<!doctype html> '), 'assets').version).not.toBe(before);
    expect(shellManifest(new Map(build).set('icons/icon-192.png', new Uint8Array([137, 80, 78, 72])), 'assets').version).not.toBe(before);
    // A source map is not part of the shell.
    expect(shellManifest(new Map(build).set('assets/index-abc.js.map', '{"x":1}'), 'assets').version).toBe(before);
  });

  it('writes the manifest into the built worker once, and refuses a worker without its place', () => {
    const manifest = shellManifest(build, 'assets');
    const code = withShellManifest('var s=RANGEFETCH_SHELL,c=`x`+s.version;', manifest);
    expect(code).toBe(`var s=(${JSON.stringify(manifest)}),c=\`x\`+s.version;`);
    expect(() => withShellManifest('var s=1;', manifest)).toThrow(/found it 0 times/);
    expect(() => withShellManifest('RANGEFETCH_SHELL;RANGEFETCH_SHELL', manifest)).toThrow(/found it 2 times/);
  });
});

describe('the caches an active version keeps', () => {
  it('keeps its own and the one made before it, drops older ones, and leaves caches not of the shell', () => {
    const keys = ['rangefetch-shell-v1', 'other-app', 'rangefetch-shell-v2', 'rangefetch-shell-v3'];
    expect(cachesToDrop(keys, 'rangefetch-shell-v3')).toEqual(['rangefetch-shell-v1']);
    expect(cachesToDrop(['rangefetch-shell-v1'], 'rangefetch-shell-v1')).toEqual([]);
    expect(cachesToDrop(['rangefetch-shell-v1', 'rangefetch-shell-v2'], 'rangefetch-shell-v2')).toEqual([]);
  });
});

describe('the message that lets a waiting version take over', () => {
  it('is recognised only in its own shape', () => {
    expect(isSkipWaitingMessage(SKIP_WAITING_MESSAGE)).toBe(true);
    expect(isSkipWaitingMessage({ ...SKIP_WAITING_MESSAGE })).toBe(true);
    expect(isSkipWaitingMessage('rangefetch:skip-waiting')).toBe(false);
    expect(isSkipWaitingMessage({ type: 'SKIP_WAITING' })).toBe(false);
    expect(isSkipWaitingMessage(null)).toBe(false);
  });
});
