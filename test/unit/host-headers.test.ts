import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import {
  CACHE_IMMUTABLE,
  HEADER_POLICY,
  SECURITY_HEADERS,
  caddySite,
  cacheControlFor,
  headersFile,
  nginxServer,
  pagePolicy,
} from '../../scripts/host-headers';
import { headersForPath, parseHeadersFile } from '../static-host';

/** directive name → its sources, in order. */
function directives(policy: string): Map<string, string> {
  return new Map(
    policy.split(';').map((part) => {
      const [name = '', ...sources] = part.trim().split(/\s+/);
      return [name, sources.join(' ')];
    }),
  );
}

describe('the Content-Security-Policy', () => {
  it('lets the page (the <meta>) run scripts only from the app, with no WebAssembly, inline script or plugins', () => {
    const page = directives(pagePolicy(false));
    expect(page.get('script-src')).toBe("'self'");
    expect(page.get('object-src')).toBe("'none'");
    expect(page.has('frame-ancestors'), 'a <meta> cannot say frame-ancestors').toBe(false);
    expect(pagePolicy(false)).not.toMatch(/unsafe-inline|ws:/);
  });

  it('gives only the dev server inline styles and its WebSocket', () => {
    expect(directives(pagePolicy(true)).get('style-src')).toBe("'self' 'unsafe-inline'");
    expect(directives(pagePolicy(true)).get('connect-src')).toBe("'self' http: https: ws: wss:");
    expect(directives(pagePolicy(false)).get('connect-src')).toBe("'self' http: https:");
  });

  it("as a header is the page's, plus WebAssembly compilation for the copier worker and no framing", () => {
    const header = directives(HEADER_POLICY);
    const page = directives(pagePolicy(false));
    for (const [name, sources] of page) {
      expect(header.get(name), name).toBe(name === 'script-src' ? `${sources} 'wasm-unsafe-eval'` : sources);
    }
    expect(header.get('frame-ancestors')).toBe("'none'");
    expect(header.size).toBe(page.size + 1);
    // It would turn http:// download links into https:// ones behind the app's back.
    expect(HEADER_POLICY).not.toContain('upgrade-insecure-requests');
  });
});

describe('dist/_headers', () => {
  const rules = parseHeadersFile(headersFile());

  it('gives every path the security headers, and hashed assets a year of caching', () => {
    for (const path of ['/', '/index.html', '/sw.js', '/manifest.webmanifest', '/assets/index-abc123.js']) {
      const headers = headersForPath(rules, path);
      for (const [name, value] of SECURITY_HEADERS) expect(headers.get(name.toLowerCase()), `${name} on ${path}`).toBe(value);
    }
    expect(headersForPath(rules, '/assets/copier-worker-D64imIqG.js').get('cache-control')).toBe(CACHE_IMMUTABLE);
    // Everything else is left to the host's default, which on Netlify and Cloudflare Pages revalidates.
    expect(headersForPath(rules, '/index.html').has('cache-control')).toBe(false);
  });

  it('never sets one header from two rules (those hosts would join the values with a comma)', () => {
    for (const path of ['/', '/sw.js', '/assets/x.js']) {
      const matching = rules.filter((rule) =>
        rule.pattern.endsWith('*') ? path.startsWith(rule.pattern.slice(0, -1)) : rule.pattern === path,
      );
      const names = matching.flatMap((rule) => rule.headers.map(([name]) => name.toLowerCase()));
      expect(new Set(names).size, path).toBe(names.length);
    }
  });

  it('is read back by the parser as written', () => {
    expect(parseHeadersFile('# c\n/a\n  X-One: 1\n  X-Two: a: b\n/b/*\n  X-Three: 3\n')).toEqual([
      { pattern: '/a', headers: [['X-One', '1'], ['X-Two', 'a: b']] },
      { pattern: '/b/*', headers: [['X-Three', '3']] },
    ]);
    expect(() => parseHeadersFile('  X-Orphan: 1\n')).toThrow('line 1');
  });
});

describe('cache rules', () => {
  it('keeps hashed assets for good and asks again for everything else', () => {
    expect(cacheControlFor('/assets/index-abc.js')).toBe(CACHE_IMMUTABLE);
    expect(cacheControlFor('/index.html')).toBe('no-cache');
    expect(cacheControlFor('/sw.js')).toBe('no-cache');
  });
});

describe('the README', () => {
  const readme = readFileSync(new URL('../../README.md', import.meta.url), 'utf8');

  it('shows the nginx and Caddy configurations the code writes, character for character', () => {
    expect(readme).toContain(`\`\`\`nginx\n${nginxServer('downloads.example.com', '/srv/rangefetch')}\n\`\`\``);
    expect(readme).toContain(`\`\`\`caddy\n${caddySite('downloads.example.com', '/srv/rangefetch')}\n\`\`\``);
  });

  it('names the header policy as it is', () => {
    expect(readme).toContain(`| \`Content-Security-Policy\` | \`${HEADER_POLICY}\` |`);
  });
});
