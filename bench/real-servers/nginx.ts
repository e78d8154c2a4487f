/**
 * A private nginx: Debian's binary, started as a child process with a configuration, pid file,
 * logs and temp folders of its own under a temporary folder (`-p DIR -c DIR/nginx.conf -e …`,
 * `daemon off`), so /etc/nginx and the system's service are never touched. One server block
 * per scenario, each on a free port, each with its own access log.
 */
import { execFile, spawn } from 'node:child_process';
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import { connect, createServer } from 'node:net';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { killGroup, onCleanup } from '../cleanup';

const run = promisify(execFile);
export const NGINX_PATH = process.env.NGINX_PATH ?? '/usr/sbin/nginx';

/** What the scenarios need to know about: the access log records every field they count. */
export const LOG_FORMAT =
  '$msec $request_method $status $body_bytes_sent $bytes_sent "$http_range" $connection $connection_requests $request_time $server_protocol "$request_uri"';

export interface ServerBlock {
  id: string;
  port: number;
  /** `listen … ssl http2` with the self-signed certificate. */
  tls: boolean;
  /** Server-level directives, verbatim (add_header, limit_conn, limit_rate …), without `;`. */
  directives: string[];
  /** Whole location blocks, verbatim. */
  locations: string[];
}

export interface Nginx {
  dir: string;
  pid: number;
  version: string;
  logPath(id: string): string;
  errorLog(): Promise<string>;
}

export async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      const port = typeof address === 'object' && address !== null ? address.port : 0;
      server.close(() => (port > 0 ? resolve(port) : reject(new Error('no free port'))));
    });
  });
}

export async function makeCertificate(dir: string): Promise<{ cert: string; key: string }> {
  const cert = join(dir, 'cert.pem');
  const key = join(dir, 'key.pem');
  await run('openssl', ['req', '-x509', '-newkey', 'rsa:2048', '-nodes', '-keyout', key, '-out', cert, '-days', '2',
    '-subj', '/CN=127.0.0.1', '-addext', 'subjectAltName=IP:127.0.0.1'], { timeout: 60_000 });
  return { cert, key };
}

/** One scenario's `server { … }` block. */
export function serverBlock(dir: string, s: ServerBlock, tls: { cert: string; key: string } | null): string {
  const listen = s.tls ? `listen 127.0.0.1:${s.port} ssl http2;` : `listen 127.0.0.1:${s.port};`;
  const cert = s.tls && tls !== null ? `\n    ssl_certificate ${tls.cert};\n    ssl_certificate_key ${tls.key};` : '';
  const directives = s.directives.map((d) => `\n    ${d};`).join('');
  const locations = s.locations.map((l) => `\n    ${l.trim().split('\n').join('\n    ')}`).join('');
  return `  # ${s.id}
  server {
    ${listen}${cert}
    root ${dir}/www;
    access_log ${dir}/logs/${s.id}.log rangefetch;${directives}${locations}
  }`;
}

export function nginxConf(dir: string, servers: readonly ServerBlock[], tls: { cert: string; key: string } | null): string {
  // Running as root, workers would switch to "nobody", who cannot enter a mkdtemp (0700) folder.
  const user = process.getuid?.() === 0 ? 'user root;\n' : '';
  const blocks = servers.map((s) => serverBlock(dir, s, tls));
  return `# Written by bench/real-servers for one run; removed with its folder.
${user}worker_processes 2;
pid ${dir}/nginx.pid;
lock_file ${dir}/nginx.lock;
error_log ${dir}/logs/error.log warn;
events { worker_connections 1024; }
http {
  default_type application/octet-stream;
  sendfile on;
  tcp_nopush on;
  keepalive_timeout 65;
  client_body_temp_path ${dir}/temp/body;
  proxy_temp_path ${dir}/temp/proxy;
  fastcgi_temp_path ${dir}/temp/fastcgi;
  uwsgi_temp_path ${dir}/temp/uwsgi;
  scgi_temp_path ${dir}/temp/scgi;
  log_format rangefetch '${LOG_FORMAT}';
  access_log off;
  limit_conn_zone $binary_remote_addr zone=perip:1m;
${blocks.join('\n')}
}
`;
}

/** Checks the configuration (`nginx -t`), starts nginx and waits until every port answers. */
export async function startNginx(dir: string, conf: string, ports: readonly number[]): Promise<Nginx> {
  for (const sub of ['logs', 'temp', 'www']) await mkdir(join(dir, sub), { recursive: true });
  const confPath = join(dir, 'nginx.conf');
  await writeFile(confPath, conf);
  const args = ['-p', dir, '-c', confPath, '-e', join(dir, 'logs', 'error.log'), '-g', 'daemon off;'];
  const { stderr: versionText } = await run(NGINX_PATH, ['-v'], { timeout: 10_000 });
  try {
    await run(NGINX_PATH, ['-t', ...args], { timeout: 20_000 });
  } catch (error) {
    const stderr = (error as { stderr?: string }).stderr ?? String(error);
    throw new Error(`nginx -t refused the configuration ${confPath}:\n${stderr.trim()}`);
  }
  const child = spawn(NGINX_PATH, args, { stdio: ['ignore', 'ignore', 'pipe'], detached: true });
  const pid = child.pid;
  if (pid === undefined) throw new Error('nginx did not start');
  onCleanup(`nginx (pid ${pid})`, () => killGroup(pid));
  let stderr = '';
  let exited: number | null | undefined;
  child.stderr.setEncoding('utf8').on('data', (chunk: string) => void (stderr = (stderr + chunk).slice(-4000)));
  child.once('exit', (code) => void (exited = code));
  const deadline = Date.now() + 10_000;
  for (const port of ports) {
    while (!(await answers(port))) {
      if (exited !== undefined) throw new Error(`nginx exited with ${String(exited)}: ${stderr.trim()}`);
      if (Date.now() > deadline) throw new Error(`nginx does not answer on port ${port}: ${stderr.trim()}`);
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
  }
  return {
    dir,
    pid,
    version: versionText.trim().replace(/^nginx version:\s*/, ''),
    logPath: (id) => join(dir, 'logs', `${id}.log`),
    errorLog: () => readFile(join(dir, 'logs', 'error.log'), 'utf8').catch(() => ''),
  };
}

function answers(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = connect(port, '127.0.0.1');
    socket.once('connect', () => {
      socket.destroy();
      resolve(true);
    });
    socket.once('error', () => resolve(false));
  });
}
