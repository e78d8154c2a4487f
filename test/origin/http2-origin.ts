/**
 * The HTTPS + HTTP/2 flavour of the origin (startOrigin({ http2: true })): the same routes through
 * node:http2's compatibility API, HTTP/1.1 too for clients that do not offer h2 in ALPN, and a
 * self-signed certificate for 127.0.0.1 and localhost made with the openssl CLI at start.
 * Browsers must be told to accept it (Chromium: --ignore-certificate-errors).
 */
import { execFile } from 'node:child_process';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { createSecureServer, type Http2SecureServer } from 'node:http2';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { OriginRequest, OriginResponse } from './exchange.ts';

export interface Certificate {
  key: Buffer;
  cert: Buffer;
}

let certificate: Promise<Certificate> | undefined;

/** A P-256 certificate valid two days for 127.0.0.1 and localhost; made once per process. */
export function selfSignedCertificate(): Promise<Certificate> {
  certificate ??= makeCertificate();
  return certificate;
}

async function makeCertificate(): Promise<Certificate> {
  const dir = await mkdtemp(join(tmpdir(), 'rangefetch-origin-cert-'));
  try {
    const keyFile = join(dir, 'key.pem');
    const certFile = join(dir, 'cert.pem');
    const args = ['req', '-x509', '-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:prime256v1', '-nodes', '-days', '2',
      '-subj', '/CN=localhost', '-addext', 'subjectAltName=IP:127.0.0.1,DNS:localhost', '-keyout', keyFile, '-out', certFile];
    await new Promise<void>((resolve, reject) => {
      execFile('openssl', args, (err, _stdout, stderr) => {
        if (err === null) resolve();
        else reject(new Error(`openssl could not make the origin's certificate (is it installed?): ${err.message}\n${stderr}`));
      });
    });
    return { key: await readFile(keyFile), cert: await readFile(certFile) };
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

/** An HTTPS server speaking HTTP/2 (and HTTP/1.1 to clients that only know it) with `handler`. */
export async function createHttp2Server(handler: (req: OriginRequest, res: OriginResponse) => void): Promise<Http2SecureServer> {
  const { key, cert } = await selfSignedCertificate();
  const server = createSecureServer({ key, cert, allowHTTP1: true }, handler);
  // A client that goes away mid-handshake or mid-session is no error of the origin's.
  server.on('sessionError', () => undefined);
  server.on('tlsClientError', () => undefined);
  return server;
}
