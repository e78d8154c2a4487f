/**
 * Reads at most the first `count` bytes of a body and cancels the rest. Never `arrayBuffer()` on
 * a body whose size matters: a server can send one that does not end, and it would fill memory
 * until the tab crashes. Returns fewer bytes when the body ends first.
 */
export async function readPrefix(response: Response, count: number): Promise<Uint8Array> {
  const out = new Uint8Array(count);
  if (!response.body) return out.subarray(0, 0);
  const reader = response.body.getReader();
  let filled = 0;
  try {
    while (filled < count) {
      const { done, value } = await reader.read();
      if (done) break;
      const take = Math.min(value.byteLength, count - filled);
      out.set(value.subarray(0, take), filled);
      filled += take;
    }
  } finally {
    // Cancelling an ended body does nothing; cancelling a longer one closes its connection.
    reader.cancel().catch(() => undefined);
  }
  return out.subarray(0, filled);
}
