import { sanitizeFileName } from '../../shared/file-name';
import type { UrlEntry, ZipEntryJob } from '../../shared/types';
import { urlWithWindow } from '../../shared/url-window';
import {
  dataStartOf,
  END_SEARCH_BYTES,
  LOCAL_HEADER_BYTES,
  readCentralDirectory,
  readEndRecord,
  readZip64End,
  ZIP64_END_BYTES,
  ZipFormatError,
  type ZipEntry,
  type ZipLinks,
  type ZipListing,
  type ZipProblem,
} from '../../shared/zip-directory';

class ZipProblemError extends Error {
  constructor(readonly problem: ZipProblem) {
    super(problem.kind);
  }
}

const TIME_LIMIT_MS = 30_000;
/** Local headers asked at once: the browser's connections to one server. */
const AT_ONCE = 6;

/**
 * Bytes [start, end) of `url` and its total size, by one safelisted range request (no preflight).
 * `validator` (the first answer's ETag or Last-Modified) must stay the same: the pieces of a
 * listing are of one archive.
 */
async function fetchRange(url: string, start: number, end: number, validator: string | null): Promise<{ bytes: Uint8Array; total: number; validator: string | null }> {
  let response: Response;
  try {
    response = await fetch(url, { headers: { Range: `bytes=${start}-${end - 1}` }, cache: 'no-store', signal: AbortSignal.timeout(TIME_LIMIT_MS) });
  } catch (error) {
    const answered = await fetch(url, { mode: 'no-cors', method: 'HEAD', cache: 'no-store' }).then(
      () => true,
      () => false,
    );
    throw new ZipProblemError(answered && error instanceof TypeError ? { kind: 'cors' } : { kind: 'network' });
  }
  const range = /^bytes (\d+)-(\d+)\/(\d+)$/.exec(response.headers.get('Content-Range') ?? '');
  if (response.status !== 206 || range === null) {
    response.body?.cancel().catch(() => undefined);
    if (response.status === 200 || response.status === 206) throw new ZipProblemError({ kind: 'no-ranges' });
    throw new ZipProblemError({ kind: 'status', status: response.status });
  }
  const now = response.headers.get('ETag') ?? response.headers.get('Last-Modified');
  if (validator !== null && now !== validator) throw new ZipProblemError({ kind: 'damaged', detail: 'the archive changed while it was read' });
  const bytes = new Uint8Array(await response.arrayBuffer());
  if (Number(range[1]) !== start || bytes.length !== Number(range[2]) - start + 1) throw new ZipProblemError({ kind: 'damaged', detail: 'the server sent other bytes than asked' });
  return { bytes, total: Number(range[3]), validator: now };
}

/** `at`..`at + length` of `fetched`, when it holds them; null otherwise. */
function within(fetched: { bytes: Uint8Array; start: number }, at: number, length: number): Uint8Array | null {
  const from = at - fetched.start;
  return from >= 0 && from + length <= fetched.bytes.length ? fetched.bytes.subarray(from, from + length) : null;
}

/**
 * The entries of the ZIP at `url`, from its central directory alone: a one-byte request for the
 * size, the last 64 KiB (the end record; usually the whole directory of a small archive too),
 * and only when they are not in that tail, the ZIP64 end record and the directory.
 */
export async function listZip(url: string): Promise<ZipListing> {
  try {
    const first = await fetchRange(url, 0, 1, null);
    const size = first.total;
    const tailStart = Math.max(0, size - END_SEARCH_BYTES);
    const tail = { bytes: (await fetchRange(url, tailStart, size, first.validator)).bytes, start: tailStart };
    let end = readEndRecord(tail.bytes, size);
    if (end.kind === 'zip64') {
      const at = end.zip64EndAt;
      const record = within(tail, at, ZIP64_END_BYTES) ?? (await fetchRange(url, at, at + ZIP64_END_BYTES, first.validator)).bytes;
      end = readZip64End(record, at, size);
    }
    if (end.kind === 'zip64') throw new ZipFormatError('The archive’s ZIP64 records point at each other');
    if (end.kind === 'bad') throw new ZipProblemError(/not a ZIP/.test(end.message) ? { kind: 'not-zip' } : { kind: 'damaged', detail: end.message });
    const { offset, size: directorySize, entries: count } = end.place;
    const directory = within(tail, offset, directorySize) ?? (await fetchRange(url, offset, offset + directorySize, first.validator)).bytes;
    return { ok: true, url, size, entries: readCentralDirectory(directory, count, offset) };
  } catch (error) {
    return { ok: false, problem: problemOf(error) };
  }
}

/**
 * Links for the chosen entries: each one's window of the archive, from its data's start (after
 * the local header, whose name and extra field may differ from the directory's: its fixed 30
 * bytes are read) for its compressed size.
 */
export async function zipEntryLinks(url: string, chosen: ZipEntry[]): Promise<ZipLinks> {
  try {
    const links: UrlEntry[] = [];
    for (let i = 0; i < chosen.length; i += AT_ONCE) {
      const batch = chosen.slice(i, i + AT_ONCE);
      const found = await Promise.all(batch.map((entry) => fetchRange(url, entry.localOffset, entry.localOffset + LOCAL_HEADER_BYTES, null)));
      batch.forEach((entry, k) => {
        if (entry.problem !== null || entry.compressedSize === 0) throw new ZipProblemError({ kind: 'damaged', detail: `${entry.path} cannot be downloaded by itself` });
        const start = dataStartOf(found[k]!.bytes, entry.localOffset);
        if (start + entry.compressedSize > found[k]!.total) throw new ZipFormatError(`The archive’s entry ${entry.path} lies outside it`);
        const zipEntry: ZipEntryJob = { method: entry.method === 8 ? 8 : 0, crc32: entry.crc32, size: entry.size, folders: entry.folders };
        links.push({ url: urlWithWindow(url, { start, length: entry.compressedSize }), name: entry.name, zipEntry });
      });
    }
    return { ok: true, entries: links };
  } catch (error) {
    return { ok: false, problem: problemOf(error) };
  }
}

function problemOf(error: unknown): ZipProblem {
  if (error instanceof ZipProblemError) return error.problem;
  if (error instanceof ZipFormatError) return { kind: 'damaged', detail: error.message };
  if (error instanceof DOMException && error.name === 'TimeoutError') return { kind: 'network' };
  return { kind: 'damaged', detail: error instanceof Error ? error.message : String(error) };
}

/** What the page sent of an entry, checked as anything from the page is: safe folder names only. */
export function checkedZipEntry(entry: ZipEntryJob): ZipEntryJob {
  const folders = (Array.isArray(entry.folders) ? entry.folders : [])
    .slice(0, 64)
    .map((folder) => (typeof folder === 'string' ? sanitizeFileName(folder) : null))
    .filter((folder): folder is string => folder !== null);
  const count = (n: unknown): number => (typeof n === 'number' && Number.isSafeInteger(n) && n >= 0 ? n : 0);
  return { method: entry.method === 8 ? 8 : 0, crc32: count(entry.crc32) >>> 0, size: count(entry.size), folders };
}
