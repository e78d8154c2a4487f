/**
 * A static host for a build, the way Netlify or Cloudflare Pages serve one: the files of the
 * build folder, each with the headers the build's own `_headers` file gives its path (rules whose
 * pattern matches are all applied; a header two rules set is joined with ", ", as those hosts do).
 * The e2e tests use it to run the app under the headers it ships, which `vite preview` does not
 * send; it can also edit the Content-Security-Policy (to add a report-uri, or to take something
 * out and watch what breaks) and collects the violation reports sent to CSP_REPORT_PATH.
 */
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { readFile } from 'node:fs/promises';
import { extname, join, normalize, resolve, sep } from 'node:path';

export interface HeaderRule {
  /** A path, or a path ending in `*` that matches everything under it. */
  pattern: string;
  headers: Array<[name: string, value: string]>;
}

/** Reads the `_headers` format: a path on its own line, then indented `Name: value` lines; `#` starts a comment. */
export function parseHeadersFile(text: string): HeaderRule[] {
  const rules: HeaderRule[] = [];
  for (const [index, line] of text.split('\n').entries()) {
    if (line.trim() === '' || line.trim().startsWith('#')) continue;
    if (!/^\s/.test(line)) {
      rules.push({ pattern: line.trim(), headers: [] });
      continue;
    }
    const colon = line.indexOf(':');
    const rule = rules.at(-1);
    if (rule === undefined || colon < 0) throw new Error(`_headers line ${index + 1} is not "Name: value" under a path: ${line}`);
    rule.headers.push([line.slice(0, colon).trim(), line.slice(colon + 1).trim()]);
  }
  return rules;
}

function matches(pattern: string, path: string): boolean {
  return pattern.endsWith('*') ? path.startsWith(pattern.slice(0, -1)) : path === pattern;
}

/** The headers a path gets from every rule that matches it, one entry per name. */
export function headersForPath(rules: readonly HeaderRule[], path: string): Map<string, string> {
  const out = new Map<string, string>();
  for (const rule of rules) {
    if (!matches(rule.pattern, path)) continue;
    for (const [name, value] of rule.headers) {
      const key = name.toLowerCase();
      const before = out.get(key);
      out.set(key, before === undefined ? value : `${before}, ${value}`);
    }
  }
  return out;
}

export const CSP_REPORT_PATH = '/__csp-report';

const TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json',
  '.webmanifest': 'application/manifest+json',
  '.map': 'application/json',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.ico': 'image/x-icon',
  '.txt': 'text/plain; charset=utf-8',
};

export interface StaticHostOptions {
  /** The build folder, with its `_headers`. */
  root: string;
  /** Changes the Content-Security-Policy the rules give (the shipped one when left out). */
  editPolicy?: (policy: string) => string;
}

export interface StaticHost {
  /** e.g. http://127.0.0.1:41234/ */
  url: string;
  /** Bodies of the violation reports received at CSP_REPORT_PATH, parsed. */
  cspReports: unknown[];
  /** Every path asked for, in order, with the Content-Security-Policy it was sent ('' for none). */
  served: Array<{ path: string; policy: string }>;
  close(): Promise<void>;
}

export async function startStaticHost({ root: folder, editPolicy = (p) => p }: StaticHostOptions): Promise<StaticHost> {
  const root = resolve(folder);
  const rules = parseHeadersFile(await readFile(join(root, '_headers'), 'utf8'));
  const cspReports: unknown[] = [];
  const served: StaticHost['served'] = [];

  async function answer(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const path = decodeURIComponent(new URL(req.url ?? '/', 'http://host').pathname);
    if (req.method === 'POST' && path === CSP_REPORT_PATH) {
      const chunks: Buffer[] = [];
      for await (const chunk of req) chunks.push(chunk as Buffer);
      cspReports.push(JSON.parse(Buffer.concat(chunks).toString('utf8')) as unknown);
      res.writeHead(204).end();
      return;
    }
    const headers = headersForPath(rules, path);
    const policy = headers.get('content-security-policy');
    if (policy !== undefined) headers.set('content-security-policy', editPolicy(policy));
    for (const [name, value] of headers) res.setHeader(name, value);
    served.push({ path, policy: headers.get('content-security-policy') ?? '' });
    const file = normalize(join(root, path.endsWith('/') ? `${path}index.html` : path));
    if (!file.startsWith(root + sep) || (req.method !== 'GET' && req.method !== 'HEAD')) {
      res.writeHead(404).end();
      return;
    }
    let body: Buffer;
    try {
      body = await readFile(file);
    } catch {
      res.writeHead(404, { 'Content-Type': 'text/plain' }).end('not found');
      return;
    }
    res.writeHead(200, { 'Content-Type': TYPES[extname(file)] ?? 'application/octet-stream', 'Content-Length': body.length });
    res.end(req.method === 'HEAD' ? undefined : body);
  }

  const server = createServer((req, res) => {
    answer(req, res).catch((error: unknown) => {
      if (!res.headersSent) res.writeHead(500);
      res.end(String(error));
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}/`,
    cspReports,
    served,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
