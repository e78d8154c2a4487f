import { checksumFor, planSidecars, type FoundChecksum, type Sidecar } from '../../shared/published-sums';
import { discardBody } from './http-requests';
import { readPrefix } from './read-prefix';

/** A sums file is text of a few lines per file: more than this is not read (a large folder's list is cut). */
export const SIDECAR_CAP = 64 * 1024;
/** Each is asked once, and given this long to answer in full. */
const SIDECAR_TIMEOUT_MS = 8_000;
/** Asked at most this many at once, so they never hold more than a few of the server's connections. */
const AT_ONCE = 2;
/** Answers kept (folders' lists and files' own); the oldest goes first. */
const KEPT = 200;

/** What each checksum file said, by URL: its text, or null when there was none to read. */
const answers = new Map<string, Promise<string | null>>();
let running = 0;
const waiting: Array<() => void> = [];

async function inTurn<T>(task: () => Promise<T>): Promise<T> {
  if (running >= AT_ONCE) await new Promise<void>((resolve) => waiting.push(resolve));
  running += 1;
  try {
    return await task();
  } finally {
    running -= 1;
    waiting.shift()?.();
  }
}

/**
 * The text of one checksum file: one try, at most SIDECAR_CAP bytes (asked as a range, and read
 * no further whatever comes), within a time limit. Any failure — none there, no CORS, a timeout —
 * is simply no text: the download never hears of it.
 */
async function fetchSidecar(url: string): Promise<string | null> {
  try {
    const response = await fetch(url, {
      cache: 'no-store',
      headers: { Range: `bytes=0-${SIDECAR_CAP - 1}` },
      signal: AbortSignal.timeout(SIDECAR_TIMEOUT_MS),
    });
    if (response.status !== 200 && response.status !== 206) {
      discardBody(response);
      return null;
    }
    const bytes = await readPrefix(response, SIDECAR_CAP);
    const text = new TextDecoder().decode(bytes);
    // A list cut short ends inside a line, whose name may be cut too: only whole lines count.
    return bytes.length < SIDECAR_CAP ? text : text.slice(0, text.lastIndexOf('\n') + 1);
  } catch {
    return null;
  }
}

function textOf(url: string): Promise<string | null> {
  let answer = answers.get(url);
  if (answer === undefined) {
    answer = inTurn(() => fetchSidecar(url));
    answers.set(url, answer);
    for (const old of answers.keys()) {
      if (answers.size <= KEPT) break;
      answers.delete(old);
    }
  }
  return answer;
}

/** The first of `sidecars` (asked together) that names the file, in their order. */
async function firstNaming(sidecars: readonly Sidecar[], fileName: string): Promise<Sidecar & { sha256: string } | null> {
  const texts = await Promise.all(sidecars.map((s) => textOf(s.url)));
  for (const [i, sidecar] of sidecars.entries()) {
    const text = texts[i];
    const sha256 = text == null ? null : checksumFor(text, fileName, sidecar.kind);
    if (sha256 !== null) return { ...sidecar, sha256 };
  }
  return null;
}

/**
 * The SHA-256 its publisher put beside a download, if any: the folder's SHA256SUMS or
 * sha256sums.txt (asked once per folder for all its downloads), else the file's own NAME.sha256
 * or NAME.sha256sum. Never fails.
 */
export async function lookUpPublishedChecksum(link: string): Promise<FoundChecksum | null> {
  const plan = planSidecars(link);
  if (plan === null) return null;
  const found = (await firstNaming(plan.lists, plan.fileName)) ?? (await firstNaming(plan.singles, plan.fileName));
  return found === null ? null : { sha256: found.sha256, source: { kind: 'file', name: found.name, host: plan.host } };
}
