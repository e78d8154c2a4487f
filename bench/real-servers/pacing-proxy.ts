/**
 * A TCP relay that paces every connection, downstream, to a fixed rate: a throttle per TCP
 * connection, which nginx cannot express (its `limit_rate` is per request, i.e. per HTTP/2
 * stream). TLS passes through untouched, so the browser still talks HTTP/2 to nginx; it shows
 * what a per-connection limit (a shaper per flow, a long fat path) does to one multiplexed
 * connection against six HTTP/1.1 ones.
 */
import { connect, createServer, type Socket } from 'node:net';
import { onCleanup } from '../cleanup';

export interface PacingProxy {
  port: number;
  close(): Promise<void>;
}

export async function startPacingProxy(targetPort: number, bytesPerSecond: number): Promise<PacingProxy> {
  const sockets = new Set<Socket>();
  const server = createServer((client) => {
    const upstream = connect(targetPort, '127.0.0.1');
    for (const s of [client, upstream]) {
      sockets.add(s);
      s.once('close', () => sockets.delete(s));
      s.on('error', () => {
        client.destroy();
        upstream.destroy();
      });
    }
    client.once('close', () => upstream.destroy());
    upstream.once('close', () => client.end());
    client.pipe(upstream);
    const started = performance.now();
    let sent = 0;
    upstream.on('data', (chunk: Buffer) => {
      sent += chunk.length;
      const ahead = (sent / bytesPerSecond) * 1000 - (performance.now() - started);
      const drained = client.write(chunk);
      if (ahead > 5 || !drained) {
        upstream.pause();
        const resume = (): void => void setTimeout(() => upstream.resume(), Math.max(0, ahead));
        if (drained) resume();
        else client.once('drain', resume);
      }
    });
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => resolve());
  });
  const address = server.address();
  if (address === null || typeof address !== 'object') throw new Error('pacing proxy has no port');
  const close = onCleanup(`pacing proxy :${address.port}`, () => new Promise<void>((resolve) => {
    for (const s of sockets) s.destroy();
    server.close(() => resolve());
  }));
  return { port: address.port, close };
}
