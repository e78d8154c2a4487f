/**
 * The one place the app's Content-Security-Policy and the headers a host should send are written.
 * vite.config.ts takes the page's <meta> policy from here and writes dist/_headers with
 * `headersFile()`; the README's nginx and Caddy snippets are `nginxServer()` and `caddySite()`,
 * and a unit test keeps the README equal to them.
 *
 * Why a header as well as the <meta>: a worker loaded from a URL is governed by the policy of its
 * own response, never by the page's, and a <meta> policy cannot say `frame-ancestors`. So every
 * response carries the header policy. It has to allow 'wasm-unsafe-eval' for the copier worker,
 * which hashes with hash-wasm (WebAssembly compiled in the worker); the page keeps its <meta>
 * without it, and where both apply both are enforced, so the page itself still runs no
 * WebAssembly. One header for every path keeps host configuration simple: hosts that merge
 * overlapping rules (Netlify, Cloudflare Pages) would join two CSP values into two policies.
 *
 * No `upgrade-insecure-requests`: it would silently turn an http:// download link into https://,
 * where the app instead explains mixed content and offers the browser's own download.
 */

/** Where Vite puts hashed files (build.assetsDir): their names change with their content. */
export const HASHED_ASSETS_PATH = '/assets/';

export const CACHE_IMMUTABLE = 'public, max-age=31536000, immutable';
/** index.html, the service worker, the manifest, icons: stored, but asked again before each use. */
export const CACHE_REVALIDATE = 'no-cache';

function directives({ dev, header }: { dev: boolean; header: boolean }): string[] {
  return [
    "default-src 'self'",
    // 'wasm-unsafe-eval' allows compiling WebAssembly, not eval() of strings.
    `script-src 'self'${header ? " 'wasm-unsafe-eval'" : ''}`,
    "worker-src 'self'",
    // Downloads come from any http(s) server; the dev server also talks to Vite over a WebSocket.
    `connect-src 'self' http: https:${dev ? ' ws: wss:' : ''}`,
    // The dev server injects styles; the build has only its stylesheet.
    `style-src 'self'${dev ? " 'unsafe-inline'" : ''}`,
    // data: for the progress icon drawn into the tab (src/ui/favicon.ts).
    "img-src 'self' data:",
    "object-src 'none'",
    "base-uri 'none'",
    "form-action 'none'",
    // A page that copies, deletes and saves files must not be framed by another site (clickjacking).
    ...(header ? ["frame-ancestors 'none'"] : []),
  ];
}

/** The page's own policy, put in index.html as a <meta>: no WebAssembly, no frame-ancestors (a <meta> cannot say it). */
export function pagePolicy(dev: boolean): string {
  return directives({ dev, header: false }).join('; ');
}

/** The policy every response of a build should carry as a header: the page's, plus what its workers need. */
export const HEADER_POLICY = directives({ dev: false, header: true }).join('; ');

/** Headers for every response, in the order a host should send them. */
export const SECURITY_HEADERS: ReadonlyArray<readonly [name: string, value: string]> = [
  ['Content-Security-Policy', HEADER_POLICY],
  ['X-Content-Type-Options', 'nosniff'],
  // Download servers learn nothing of where the link was pasted, and hotlink checks that allow an
  // empty Referer (nginx `valid_referers none`) let the file through.
  ['Referrer-Policy', 'no-referrer'],
];

/** The Cache-Control a path of a build should carry. */
export function cacheControlFor(path: string): string {
  return path.startsWith(HASHED_ASSETS_PATH) ? CACHE_IMMUTABLE : CACHE_REVALIDATE;
}

/**
 * dist/_headers, read by Netlify and Cloudflare Pages (and a few others). Both join a header set by
 * two matching rules into one comma-separated value, so no header name appears under two rules
 * that can match one path; Cache-Control is left out of `/*` because both hosts already make
 * every other file revalidate (max-age=0, must-revalidate).
 */
export function headersFile(): string {
  const lines = [
    '# Written by the build from scripts/host-headers.ts: edit that, not this.',
    '/*',
    ...SECURITY_HEADERS.map(([name, value]) => `  ${name}: ${value}`),
    `${HASHED_ASSETS_PATH}*`,
    `  Cache-Control: ${CACHE_IMMUTABLE}`,
  ];
  return `${lines.join('\n')}\n`;
}

/**
 * nginx locations for a `server { }` whose root is the contents of dist/. An `add_header` inside
 * a location drops every one inherited from the server, so each location repeats them all;
 * `always` puts them on error pages too.
 */
export function nginxLocations(): string {
  const security = SECURITY_HEADERS.map(([name, value]) => `        add_header ${name} "${value}" always;`);
  const location = (path: string, cache: string): string[] => [
    `    location ${path} {`,
    ...security,
    `        add_header Cache-Control "${cache}" always;`,
    '    }',
  ];
  return [...location(HASHED_ASSETS_PATH, CACHE_IMMUTABLE), ...location('/', CACHE_REVALIDATE)].join('\n');
}

/** A whole nginx `server { }` for HTTPS on `domain`, serving the contents of dist/ from `root`. */
export function nginxServer(domain: string, root: string): string {
  return [
    'server {',
    '    listen 443 ssl;',
    `    server_name ${domain};`,
    `    ssl_certificate     /etc/letsencrypt/live/${domain}/fullchain.pem;`,
    `    ssl_certificate_key /etc/letsencrypt/live/${domain}/privkey.pem;`,
    `    root ${root};`,
    '',
    nginxLocations(),
    '}',
  ].join('\n');
}

/**
 * A Caddy site serving the contents of dist/. Caddy gets and renews the HTTPS certificate itself.
 * The two Cache-Control rules have matchers that exclude each other, so their order cannot matter.
 */
export function caddySite(domain: string, root: string): string {
  return [
    `${domain} {`,
    `    root * ${root}`,
    '    file_server',
    '    header {',
    ...SECURITY_HEADERS.map(([name, value]) => `        ${name} "${value}"`),
    '    }',
    `    @hashed path ${HASHED_ASSETS_PATH}*`,
    `    header @hashed Cache-Control "${CACHE_IMMUTABLE}"`,
    `    @other not path ${HASHED_ASSETS_PATH}*`,
    `    header @other Cache-Control "${CACHE_REVALIDATE}"`,
    '}',
  ].join('\n');
}
