/**
 * Deterministic file content for the test origin, the e2e tests and the benchmark.
 *
 * Byte i of a file with content seed S is byte (i % 4) (little-endian) of the 32-bit word
 * mix(floor(i / 4), S). Every word position gets an unrelated value, so a block that lands at the
 * wrong offset, is shifted by any amount, or is swapped with another block no longer matches.
 * Nothing is stored: any range of a 64 GiB file is computed on demand.
 *
 * The fill function is written once, as JavaScript source text, because e2e tests must inject the
 * very same function into a browser page; the typed Node export is compiled from that text so the
 * two can never drift apart.
 */
import { createHash } from 'node:crypto';

/**
 * Source of a standalone `function fillBytes(target, offset, seed)`: no imports, no free variables,
 * plain ES5 syntax, so it can go into `page.addInitScript` / `page.evaluate` verbatim.
 */
export const fillBytesSource = `function fillBytes(target, offset, seed) {
  var len = target.length;
  if (typeof offset !== 'number' || !(offset >= 0) || offset % 1 !== 0 || offset + len > 9007199254740991) {
    throw new RangeError('fillBytes: bad offset ' + offset);
  }
  if (len === 0) return;
  var TWO32 = 4294967296;
  // Math.imul takes the seed modulo 2^32, so any integer seed (even negative or > 2^32) is valid.
  var key = Math.imul(seed, 0x9e3779b1);
  // Word indexes pass 2^32 beyond 16 GiB: the high part goes through a second mix so that words
  // above that line are unrelated to the ones below it.
  function word(w) {
    var hi = Math.floor(w / TWO32);
    var h = (w >>> 0) ^ key;
    h ^= h >>> 16; h = Math.imul(h, 0x85ebca6b); h ^= h >>> 13; h = Math.imul(h, 0xc2b2ae35); h ^= h >>> 16;
    if (hi !== 0) {
      h ^= Math.imul(hi, 0xcc9e2d51);
      h ^= h >>> 16; h = Math.imul(h, 0x85ebca6b); h ^= h >>> 13; h = Math.imul(h, 0xc2b2ae35); h ^= h >>> 16;
    }
    return h >>> 0;
  }
  var i = 0;
  var pos = offset;
  while (i < len && pos % 4 !== 0) {
    target[i++] = (word(Math.floor(pos / 4)) >>> ((pos % 4) * 8)) & 255;
    pos++;
  }
  var words = Math.floor((len - i) / 4);
  // A Uint32Array store is only the right byte order on little-endian hosts, and only possible
  // when the destination is 4-byte aligned in its buffer.
  var le = new Uint8Array(new Uint32Array([1]).buffer)[0] === 1;
  if (words > 0 && le && (target.byteOffset + i) % 4 !== 0) {
    // Filling an aligned scratch block and copying it is about 3x faster than byte stores.
    var scratch = new Uint8Array(Math.min(words, 16384) * 4);
    var end = i + words * 4;
    while (i < end) {
      var m = Math.min(scratch.length, end - i);
      var part = m === scratch.length ? scratch : scratch.subarray(0, m);
      fillBytes(part, pos, seed);
      target.set(part, i);
      i += m;
      pos += m;
    }
    words = 0;
  }
  if (words > 0) {
    // Only big-endian hosts get here without an aligned view: they store the 4 bytes one by one.
    var view = le ? new Uint32Array(target.buffer, target.byteOffset + i, words) : null;
    var w = pos / 4;
    var wEnd = w + words;
    var k = 0;
    while (w < wEnd) {
      var hi = Math.floor(w / TWO32);
      // Within one segment the high half is constant and the low half cannot wrap, so it can be
      // carried as an int32 counter.
      var segEnd = Math.min(wEnd, (hi + 1) * TWO32);
      var n = segEnd - w;
      var x = (w >>> 0) | 0;
      var hk = Math.imul(hi, 0xcc9e2d51);
      var h = 0;
      var j = 0;
      if (view !== null && hi === 0) {
        for (j = 0; j < n; j++) {
          h = x ^ key;
          h ^= h >>> 16; h = Math.imul(h, 0x85ebca6b); h ^= h >>> 13; h = Math.imul(h, 0xc2b2ae35); h ^= h >>> 16;
          view[k++] = h;
          x = (x + 1) | 0;
        }
      } else {
        for (j = 0; j < n; j++) {
          h = x ^ key;
          h ^= h >>> 16; h = Math.imul(h, 0x85ebca6b); h ^= h >>> 13; h = Math.imul(h, 0xc2b2ae35); h ^= h >>> 16;
          if (hi !== 0) {
            h ^= hk;
            h ^= h >>> 16; h = Math.imul(h, 0x85ebca6b); h ^= h >>> 13; h = Math.imul(h, 0xc2b2ae35); h ^= h >>> 16;
          }
          if (view !== null) {
            view[k++] = h;
          } else {
            var b = i + k * 4;
            target[b] = h & 255;
            target[b + 1] = (h >>> 8) & 255;
            target[b + 2] = (h >>> 16) & 255;
            target[b + 3] = (h >>> 24) & 255;
            k++;
          }
          x = (x + 1) | 0;
        }
      }
      w = segEnd;
    }
    i += words * 4;
    pos += words * 4;
  }
  while (i < len) {
    target[i++] = (word(Math.floor(pos / 4)) >>> ((pos % 4) * 8)) & 255;
    pos++;
  }
}`;

type FillBytes = (target: Uint8Array, offset: number, seed: number) => void;

/**
 * Fills `target` with the file bytes starting at absolute byte `offset` of the content `seed`.
 * Results are identical however a range is split, whatever the target's alignment.
 */
// The Function constructor is the only way to get a callable from the shared source text;
// the cast is safe because the source defines exactly this signature.
export const fillBytes: FillBytes = new Function(`${fillBytesSource}\nreturn fillBytes;`)() as FillBytes;

/** The bytes [start, end) of the content `seed`. */
export function contentBytes(start: number, end: number, seed: number): Uint8Array {
  if (end < start) throw new RangeError(`contentBytes: end ${end} < start ${start}`);
  const out = new Uint8Array(end - start);
  fillBytes(out, start, seed);
  return out;
}

/** 32-bit FNV-1a of the UTF-8 name: the seed a file gets when its URL carries none. */
export function seedForName(name: string): number {
  let h = 0x811c9dc5;
  for (const byte of new TextEncoder().encode(name)) {
    h = Math.imul(h ^ byte, 0x01000193);
  }
  return h >>> 0;
}

/** Versions move the seed by a prime so that each version of a file has different bytes. */
export const VERSION_SEED_STEP = 7919;

/**
 * The content seed the origin uses for `/files/<name>?seed=<seed>` at `version`: tests need it to
 * compute the bytes or the hash they expect to receive.
 */
export function contentSeed(name: string, seed?: number, version = 0): number {
  return (seed ?? seedForName(name)) + version * VERSION_SEED_STEP;
}

const HASH_BLOCK = 1 << 20;
const hashCache = new Map<string, string>();

/** Hex SHA-256 of the whole `size`-byte content `seed`, computed once per (size, seed). */
export function sha256OfContent(size: number, seed: number): string {
  const cacheKey = `${size}:${seed}`;
  const cached = hashCache.get(cacheKey);
  if (cached !== undefined) return cached;
  const hash = createHash('sha256');
  const block = new Uint8Array(Math.min(HASH_BLOCK, size));
  for (let pos = 0; pos < size; pos += HASH_BLOCK) {
    const n = Math.min(HASH_BLOCK, size - pos);
    const view = n === block.length ? block : block.subarray(0, n);
    fillBytes(view, pos, seed);
    hash.update(view);
  }
  const hex = hash.digest('hex');
  hashCache.set(cacheKey, hex);
  return hex;
}
