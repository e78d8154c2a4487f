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

/** What each checksum file said, by URL: its text, or null when there was none to read. */
const answers = new Map<string, Promise<string | null>>();
/**
 * Whether a folder publishes files' own checksums, by folder, as the first of its files to ask
 * found: a publisher does it for all its files or none, so a hundred downloads from a folder
 * without them do not ask two hundred times.
 */
const ownInFolder = new Map<string, Promise<boolean>>();
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

/** The file's own checksum files, asked when the first file of its folder found its own. */
async function ownChecksum(plan: SidecarPlan): Promise<(Sidecar & { sha256: string }) | null> {
  const first = ownInFolder.get(plan.folder);
  if (first !== undefined) return (await first) ? firstNaming(plan.singles, plan.fileName) : null;
  const found = firstNaming(plan.singles, plan.fileName);
  ownInFolder.set(plan.folder, found.then((f) => f !== null));
  for (const old of ownInFolder.keys()) {
    if (ownInFolder.size <= KEPT) break;
    ownInFolder.delete(old);
  }
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
