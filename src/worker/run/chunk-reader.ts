/** Reads a body chunk by chunk: `value` is valid until the next read. */
export interface ChunkReader {
  read(): Promise<{ done: true; value?: undefined } | { done: false; value: Uint8Array }>;
  cancel(): Promise<void>;
  /** Lets go of the body (no read pending), so another reader can go on with it. */
  releaseLock(): void;
}

/**
 * A reader of `body` whose chunks are at most `maxChunk` bytes when it is given (null: as the
 * browser hands them, which on a fast link can be megabytes at once). A speed limit waits after
 * each chunk, so the size of a chunk is the grain of the limit: with several connections each
 * holding a megabyte-sized chunk, a limit of a few MiB/s would arrive in bursts seconds apart.
 * Small chunks come from a BYOB reader into one buffer reused for every read (its bytes are
 * copied out before the next one); a body that is not a byte stream is read as it comes.
 */
export function chunkReader(body: ReadableStream<Uint8Array>, maxChunk: number | null): ChunkReader {
  if (maxChunk !== null) {
    let byob: ReadableStreamBYOBReader | null = null;
    try {
      byob = body.getReader({ mode: 'byob' });
    } catch {
      // Not a byte stream: read it as it comes.
    }
    if (byob !== null) {
      const reader = byob;
      let buffer = new ArrayBuffer(maxChunk);
      return {
        async read() {
          const { done, value } = await reader.read(new Uint8Array(buffer, 0, maxChunk));
          if (done || value === undefined) return { done: true };
          // The read took the buffer over; the next read goes into what it gave back.
          buffer = value.buffer as ArrayBuffer;
          return { done: false, value };
        },
        cancel: () => reader.cancel(),
        releaseLock: () => reader.releaseLock(),
      };
    }
  }
  const reader = body.getReader();
  return {
    async read() {
      const { done, value } = await reader.read();
      return done || value === undefined ? { done: true } : { done: false, value };
    },
    cancel: () => reader.cancel(),
    releaseLock: () => reader.releaseLock(),
  };
}
