/**
 * One request and its response, over HTTP/1.1 (node:http) or HTTP/2 (node:http2's compatibility
 * API). The handlers use only what both offer, through the narrow `OriginResponse` type, and the
 * few things that differ go through the functions here: whether a response is closed, how its
 * connection is dropped, which headers it may carry, which TCP connection carries it.
 */
import type { IncomingMessage, OutgoingHttpHeaders, ServerResponse } from 'node:http';
import { constants, type Http2ServerRequest, type Http2ServerResponse, type ServerHttp2Stream } from 'node:http2';

export type OriginRequest = IncomingMessage | Http2ServerRequest;

/**
 * What the handlers may do with a response. `closed` is left out on purpose: Http2ServerResponse
 * is typed as a Writable but has no `closed` at run time; use isClosed().
 */
export interface OriginResponse {
  readonly req: OriginRequest;
  readonly headersSent: boolean;
  readonly writableFinished: boolean;
  readonly statusCode: number;
  writeHead(statusCode: number, headers?: OutgoingHttpHeaders): this;
  writeHead(statusCode: number, statusMessage: string, headers?: OutgoingHttpHeaders): this;
  write(chunk: Uint8Array, callback?: (err?: Error | null) => void): boolean;
  end(chunk?: string | Uint8Array): this;
  /** Absent from the HTTP/2 typings (its writeHead sends the headers at once). */
  flushHeaders?(): void;
  setHeader(name: string, value: string | number | readonly string[]): unknown;
  on(event: 'close' | 'drain' | 'finish' | 'error', listener: () => void): this;
  once(event: 'close' | 'drain' | 'finish' | 'error', listener: () => void): this;
  off(event: 'close' | 'drain' | 'finish' | 'error', listener: () => void): this;
}

/** The HTTP/2 stream of a response, undefined on HTTP/1.1. */
function streamOf(res: OriginResponse): ServerHttp2Stream | undefined {
  return 'stream' in res ? (res as unknown as Http2ServerResponse).stream : undefined;
}

export function isHttp2(req: OriginRequest): boolean {
  return req.httpVersionMajor === 2;
}

export function isClosed(res: OriginResponse): boolean {
  const stream = streamOf(res);
  return stream === undefined ? (res as ServerResponse).closed : stream.closed || stream.destroyed;
}

/**
 * The TCP connection that carries the request: the socket on HTTP/1.1, the session on HTTP/2 (whose
 * `req.socket` is a proxy made anew for each stream, so it cannot tell connections apart).
 */
export function connectionOf(req: OriginRequest): object {
  return 'stream' in req ? req.stream.session ?? req.stream : req.socket;
}

/**
 * Drops the response mid-body. On HTTP/1.1 the connection goes: with `flush`, after what was
 * written reaches the client. On HTTP/2 only the response's stream is reset (RST_STREAM
 * INTERNAL_ERROR, as a proxy does when its upstream fails), so other streams of the connection
 * live on; with `flush`, after the written bytes have left.
 */
export async function dropConnection(res: OriginResponse, flush: boolean): Promise<void> {
  const stream = streamOf(res);
  if (stream === undefined) {
    const socket = (res as ServerResponse).socket;
    if (flush) socket?.destroySoon();
    else socket?.destroy();
    return;
  }
  if (flush && !isClosed(res)) {
    // Writes complete in order, so once this empty one has, every byte before it was handed on.
    await new Promise<void>((resolve) => {
      res.once('close', resolve);
      stream.write(Buffer.alloc(0), () => resolve());
    });
  }
  if (!isClosed(res)) stream.close(constants.NGHTTP2_INTERNAL_ERROR);
}

/** HTTP/2 forbids the connection-specific headers (RFC 9113 §8.2.2); Node throws on them. */
const CONNECTION_HEADERS = ['connection', 'keep-alive', 'transfer-encoding', 'proxy-connection', 'upgrade'];

/** `headers` fit for the request's protocol: on HTTP/2, without the connection-specific ones. */
export function forProtocol(req: OriginRequest, headers: OutgoingHttpHeaders): OutgoingHttpHeaders {
  if (!isHttp2(req)) return headers;
  return Object.fromEntries(Object.entries(headers).filter(([key]) => !CONNECTION_HEADERS.includes(key.toLowerCase())));
}
