import { describe, expect, it } from 'vitest';
import { readPrefix } from '../../src/worker/net/read-prefix';

/** A body that never ends, as a hostile server sends: 16 KiB chunks of its running count. */
function endlessBody(): { response: Response; pulled: () => number; canceled: () => boolean } {
  let pulls = 0;
  let canceled = false;
  const stream = new ReadableStream<Uint8Array>({
    pull(controller) {
      controller.enqueue(new Uint8Array(16 * 1024).fill(pulls++ & 0xff));
    },
    cancel() {
      canceled = true;
    },
  });
  return { response: new Response(stream), pulled: () => pulls, canceled: () => canceled };
}

describe('readPrefix', () => {
  it('reads only the bytes asked for from a body that never ends, and cancels the rest', async () => {
    const body = endlessBody();
    const bytes = await readPrefix(body.response, 64 * 1024 + 100);
    expect(bytes.byteLength).toBe(64 * 1024 + 100);
    expect(bytes[0]).toBe(0);
    expect(bytes[64 * 1024 + 99]).toBe(4);
    expect(body.canceled()).toBe(true);
    // The stream may pull one chunk ahead; what matters is that reading stopped.
    expect(body.pulled()).toBeLessThanOrEqual(7);
  });

  it('returns what there is of a shorter body', async () => {
    const bytes = await readPrefix(new Response(new Uint8Array([1, 2, 3])), 10);
    expect([...bytes]).toEqual([1, 2, 3]);
  });

  it('returns nothing for a response without a body', async () => {
    expect((await readPrefix(new Response(null, { status: 204 }), 10)).byteLength).toBe(0);
  });
});
