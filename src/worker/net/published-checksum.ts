import { checksumFor, planSidecars, type FoundChecksum, type Sidecar, type SidecarPlan } from '../../shared/published-sums';
import { discardBody } from './http-requests';
import { readPrefix } from './read-prefix';

/** A sums file is text of a few lines per file: more than this is not read (a large folder's list is cut). */
export const SIDECAR_CAP = 64 * 1024;
/** Each is asked once, and given this long to answer in full. */
const SIDECAR_TIMEOUT_MS = 8_000;
/** Asked at most this many at once, so they never hold more than a few of the server's connections. */
const AT_ONCE = 2;
/** Answers kept (folders' lists and files' own; at most 64 KiB each); the oldest goes first. */
const KEPT = 64;
/**
 * How long an answer is kept: long enough for a list of downloads from one folder, added
 * together, to share it; short enough that a Retry later looks anew (the publisher may have fixed
 * the list, or a server that did not answer in time may answer now).
 */
const KEPT_MS = 60_000;

/** A kept answer and when it was asked. */
interface Kept<T> {
  answer: Promise<T>;
  at: number;
}

/** What each checksum file said, by URL: its text, or null when there was none to read. */
const answers = new Map<string, Kept<string | null>>();
/**
 * Whether a folder publishes files' own checksums, by folder, as the first of its files to ask
 * found: a publisher does it for all its files or none, so a hundred downloads from a folder
 * without them do not ask two hundred times.
 */
const ownInFolder = new Map<string, Kept<boolean>>();

/** The answer kept for `key` while it is fresh; a stale one is forgotten. */
function fresh<T>(kept: Map<string, Kept<T>>, key: string): Promise<T> | undefined {
  const found = kept.get(key);
  if (found === undefined || performance.now() - found.at <= KEPT_MS) return found?.answer;
  kept.delete(key);
  return undefined;
}

/** Keeps `answer` for `key`, the oldest going first past KEPT. */
function keep<T>(kept: Map<string, Kept<T>>, key: string, answer: Promise<T>): void {
  kept.set(key, { answer, at: performance.now() });
  for (const old of kept.keys()) {
    if (kept.size <= KEPT) break;
    kept.delete(old);
  }
}
let running = 0;
const waiting: Array<() => void> = [];

/** Runs `task` once fewer than AT_ONCE run; a task that ends hands its turn to the next in line. */
async function inTurn<T>(task: () => Promise<T>): Promise<T> {
  if (running < AT_ONCE) running += 1;
  else await new Promise<void>((resolve) => waiting.push(resolve));
  try {
    return await task();
  } finally {
    const next = waiting.shift();
    if (next) next();
    else running -= 1;
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
  let answer = fresh(answers, url);
  if (answer === undefined) {
    answer = inTurn(() => fetchSidecar(url));
    keep(answers, url, answer);
  }
  return answer;
}

/** The file's own checksum files, asked when the first file of its folder found its own. */
async function ownChecksum(plan: SidecarPlan): Promise<(Sidecar & { sha256: string }) | null> {
  const first = fresh(ownInFolder, plan.folder);
  if (first !== undefined) return (await first) ? firstNaming(plan.singles, plan.fileName) : null;
  const found = firstNaming(plan.singles, plan.fileName);
  keep(ownInFolder, plan.folder, found.then((f) => f !== null));
  return found;
}

/** The first of `sidecars` (asked together) that names the file, in their order. */
async function firstNaming(sidecars: readonly Sidecar[], fileName: string): Promise<(Sidecar & { sha256: string }) | null> {
  const texts = await Promise.all(sidecars.map((s) => textOf(s.url)));
  for (const [i, sidecar] of sidecars.entries()) {
    const text = texts[i];
    const sha256 = text === null || text === undefined ? null : checksumFor(text, fileName, sidecar.kind);
    if (sha256 !== null) return { ...sidecar, sha256 };
  }
  return null;
}

/**
 * The SHA-256 its publisher put beside a download, if any: the folder's SHA256SUMS or
 * sha256sums.txt (asked once per folder for all its downloads), else the file's own NAME.sha256
 * or NAME.sha256sum (not asked in a folder whose first file had none). Never fails.
 */
export async function lookUpPublishedChecksum(link: string): Promise<FoundChecksum | null> {
  const plan = planSidecars(link);
  if (plan === null) return null;
  const found = (await firstNaming(plan.lists, plan.fileName)) ?? (await ownChecksum(plan));
  return found === null ? null : { sha256: found.sha256, source: { kind: 'file', name: found.name, host: plan.host } };
}
