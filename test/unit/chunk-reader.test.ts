import { describe, expect, it } from 'vitest';
import { chunkReader } from '../../src/worker/run/chunk-reader';

const bytes = (n: number): Uint8Array => Uint8Array.from({ length: n }, (_, i) => (i * 31 + 7) & 0xff);

/** A byte stream that hands out `data` as one chunk, as a browser may on a fast link. */
function byteStream(data: Uint8Array): ReadableStream<Uint8Array> {
  return new ReadableStream({
    type: 'bytes',
    start(controller) {
      controller.enqueue(data.slice());
      controller.close();
    },
  });
}

async function readAll(reader: ReturnType<typeof chunkReader>): Promise<{ sizes: number[]; joined: Uint8Array }> {
  const sizes: number[] = [];
  const parts: Uint8Array[] = [];
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    sizes.push(value.byteLength);
    parts.push(value.slice());
  }
  const joined = new Uint8Array(sizes.reduce((a, b) => a + b, 0));
  let at = 0;
  for (const p of parts) (joined.set(p, at), (at += p.byteLength));
  return { sizes, joined };
}

describe('chunkReader', () => {
  it('cuts a large chunk of a byte stream into chunks no larger than asked, every byte in order', async () => {
    const data = bytes(300_000);
    const { sizes, joined } = await readAll(chunkReader(byteStream(data), 65_536));
    expect(Math.max(...sizes)).toBeLessThanOrEqual(65_536);
    expect(sizes.length).toBeGreaterThanOrEqual(5);
    expect(joined).toEqual(data);
  });

  it('hands chunks as they come without a size, or from a stream that is not a byte stream', async () => {
    const data = bytes(300_000);
    expect((await readAll(chunkReader(byteStream(data), null))).sizes).toEqual([300_000]);
    const plain = new ReadableStream<Uint8Array>({
      start(controller) {
        controller.enqueue(data.slice());
        controller.close();
      },
    });
    const read = await readAll(chunkReader(plain, 65_536));
    expect(read.sizes).toEqual([300_000]);
    expect(read.joined).toEqual(data);
  });
});

describe('chunkReader, switched between reads', () => {
  it('a reader lets go of the body and another goes on from the next byte', async () => {
    const data = bytes(200_000);
    const body = byteStream(data);
    const first = chunkReader(body, 50_000);
    const head = await first.read();
    first.releaseLock();
    const rest = await readAll(chunkReader(body, null));
    expect(head.done).toBe(false);
    const joined = new Uint8Array([...(head.value ?? []), ...rest.joined]);
    expect(joined).toEqual(data);
  });
});
