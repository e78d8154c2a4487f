/**
 * Checksums the origin publishes beside its files, as release folders do. A download asks for
 * them without its query, so what a folder publishes is set per name with setSwitches():
 *
 *   published=list   NAME is listed in its folder's SHA256SUMS (GNU lines, `HASH  NAME`) and
 *                    sha256sums.txt (BSD lines, `SHA256 (NAME) = HASH`)
 *   published=wrong  listed there with the checksum of other bytes (a stale or tampered list)
 *   published=file   NAME.sha256 and NAME.sha256sum hold `HASH *NAME`
 *   publishdelay=MS  answers about checksum files that name it wait MS ms first
 *
 * A checksum file's own nocors=1 or noexpose=1 (setSwitches('dir/SHA256SUMS', { nocors: 1 }))
 * answers it without CORS headers, as a server that allows other sites only its downloads.
 *
 * The samples (server.ts) publish NAME.sha256 and NAME.sha256sum, so a sample downloaded in the
 * app is checked as a new user would see it. Any other checksum file is answered 404. The
 * checksum covers the bytes the name serves now, with its size= and seed= switches and version.
 * Requests count in the checksum file's own stats (stats('dir/SHA256SUMS')).
 */
import { createHash } from 'node:crypto';
import { contentSeed, fillBytes, sha256OfContent } from './bytes.ts';
import type { OriginRequest, OriginResponse } from './exchange.ts';
import { recordRequest, recordStatus, type NameStore } from './name-store.ts';
import { parseFileOptions, withOverrides, type FileOptions } from './options.ts';
import { cors, sendText, wait } from './respond.ts';
import { isClosed } from './exchange.ts';
import { webPageBytes } from './web-page.ts';

const LISTS: Readonly<Record<string, 'gnu' | 'bsd'>> = { SHA256SUMS: 'gnu', 'sha256sums.txt': 'bsd' };
const SINGLE_SUFFIXES = ['.sha256', '.sha256sum'];

/** The SHA-256 (hex) of the bytes `name` serves now; `other`: of other bytes, for a wrong checksum. */
export function servedSha256(name: string, o: FileOptions, version: number, other = false): string {
  if (o.webpage) return createHash('sha256').update(webPageBytes()).update(other ? 'x' : '').digest('hex');
  return sha256OfContent(o.size, contentSeed(name, o.seed, version) + (other ? 1 : 0));
}

const sliceHashes = new Map<string, Promise<string>>();

/** The same for a sample (up to 1 GiB), hashed in slices so the origin keeps answering meanwhile. */
function sampleSha256(size: number, seed: number): Promise<string> {
  const key = `${size}:${seed}`;
  let hashing = sliceHashes.get(key);
  if (hashing === undefined) {
    hashing = (async () => {
      const hash = createHash('sha256');
      const block = new Uint8Array(Math.min(4 << 20, size));
      for (let at = 0; at < size; at += block.length) {
        const part = block.subarray(0, Math.min(block.length, size - at));
        fillBytes(part, at, seed);
        hash.update(part);
        await new Promise((resolve) => setImmediate(resolve));
      }
      return hash.digest('hex');
    })();
    sliceHashes.set(key, hashing);
  }
  return hashing;
}

function optionsOf(store: NameStore, name: string): FileOptions {
  return parseFileOptions(withOverrides(new URLSearchParams(), store.overrides(name)));
}

interface Published {
  body: string | null;
  delay: number;
}

function listOf(store: NameStore, dir: string, format: 'gnu' | 'bsd'): Published {
  const named = store
    .switchedNames()
    .filter((n) => n.startsWith(dir) && !n.slice(dir.length).includes('/'))
    .map((n) => ({ name: n, o: optionsOf(store, n) }))
    .filter(({ o }) => o.published === 'list' || o.published === 'wrong')
    .sort((a, b) => (a.name < b.name ? -1 : 1));
  if (named.length === 0) return { body: null, delay: 0 };
  const lines = named.map(({ name, o }) => {
    const hash = servedSha256(name, o, store.version(name), o.published === 'wrong');
    const base = name.slice(dir.length);
    return format === 'gnu' ? `${hash}  ${base}` : `SHA256 (${base}) = ${hash}`;
  });
  return { body: `${lines.join('\n')}\n`, delay: Math.max(...named.map(({ o }) => o.publishdelay ?? 0)) };
}

async function singleOf(store: NameStore, of: string, samples: ReadonlyArray<{ name: string; size: number }>): Promise<Published> {
  const base = of.slice(of.lastIndexOf('/') + 1);
  const sample = samples.find((s) => s.name === of);
  if (sample !== undefined) {
    const hash = await sampleSha256(sample.size, contentSeed(of, undefined, store.version(of)));
    return { body: `${hash} *${base}\n`, delay: 0 };
  }
  const o = optionsOf(store, of);
  if (o.published !== 'file') return { body: null, delay: 0 };
  return { body: `${servedSha256(of, o, store.version(of))} *${base}\n`, delay: o.publishdelay ?? 0 };
}

/**
 * Answers a request for a checksum file (GET or HEAD of a name ending in SHA256SUMS,
 * sha256sums.txt, .sha256 or .sha256sum); false for any other name, which is a file as usual.
 */
export async function answerPublished(
  req: OriginRequest,
  res: OriginResponse,
  name: string,
  store: NameStore,
  samples: ReadonlyArray<{ name: string; size: number }>,
): Promise<boolean> {
  if (req.method !== 'GET' && req.method !== 'HEAD') return false;
  const dir = name.slice(0, name.lastIndexOf('/') + 1);
  const format = LISTS[name.slice(dir.length)];
  const suffix = SINGLE_SUFFIXES.find((s) => name.endsWith(s) && name.length > s.length);
  if (format === undefined && suffix === undefined) return false;
  const s = store.state(name);
  recordRequest(s, req, new URL(req.url ?? '/', 'http://origin.invalid').searchParams);
  const published = format !== undefined ? listOf(store, dir, format) : await singleOf(store, name.slice(0, -(suffix ?? '').length), samples);
  if (published.delay > 0) {
    await wait(res, published.delay);
    if (isClosed(res)) return true;
  }
  // Answered whole, also to a Range: a server may, and these are small.
  const status = published.body === null ? 404 : 200;
  recordStatus(s, status);
  sendText(res, status, published.body ?? 'not published\n', cors(optionsOf(store, name)));
  return true;
}
