import { expose, transfer } from 'comlink';
import { createSHA256, type IHasher } from 'hash-wasm';
import { asRefusedWrite, isPermissionError } from '../download-error';

/**
 * A second worker for the final copy: it hashes each block and hands it to the person's file
 * while the download worker goes on fetching and staging. Hashing (~200 MB/s in WebAssembly) and
 * the writable's writes would otherwise take turns with the download on one thread.
 *
 * Every copy has an id of its own (the client never reuses one), so an answer that comes late
 * can only concern the copy it was asked for.
 */
interface OpenCopy {
  writer: WritableStreamDefaultWriter<FileSystemWriteChunkType>;
  hasher: IHasher;
}

const copies = new Map<string, OpenCopy>();
/** Opens still waiting for their writable, so an abort can wait for one and close it. */
const opening = new Map<string, Promise<unknown>>();
/** Copies aborted while they were opening: their writable is let go as soon as it exists. */
const abandoned = new Set<string>();

function copyOf(id: string): OpenCopy {
  const copy = copies.get(id);
  if (!copy) throw new Error(`No copy open for ${id}`);
  return copy;
}

async function openCopy(id: string, target: FileSystemFileHandle): Promise<'open' | 'needs-permission' | 'abandoned'> {
  let writable: FileSystemWritableFileStream;
  try {
    writable = await target.createWritable();
  } catch (error) {
    if (isPermissionError(error)) return 'needs-permission';
    throw error;
  }
  if (abandoned.delete(id)) {
    await writable.abort().catch(() => undefined);
    return 'abandoned';
  }
  const hasher = await createSHA256();
  hasher.init();
  copies.set(id, { writer: writable.getWriter(), hasher });
  return 'open';
}

/** Writes `chunk` on; a write the browser stopped partway is read as no space (asRefusedWrite). */
async function writeOn(copy: OpenCopy, chunk: Uint8Array<ArrayBuffer> | Blob): Promise<void> {
  try {
    await copy.writer.write(chunk);
  } catch (error) {
    throw asRefusedWrite(error);
  }
}

const copierApi = {
  /** Answers at once: the download worker asks now and then whether this thread still runs. */
  ping(): true {
    return true;
  },

  /**
   * Opens the target for writing; 'needs-permission' when the browser no longer allows it, and
   * 'abandoned' when the copy was aborted before its writable existed.
   */
  async open(id: string, target: FileSystemFileHandle): Promise<'open' | 'needs-permission' | 'abandoned'> {
    const opened = openCopy(id, target);
    opening.set(id, opened);
    try {
      return await opened;
    } finally {
      opening.delete(id);
      abandoned.delete(id);
    }
  },

  /**
   * The next block of the file, in order. It comes transferred, not copied, and goes back the
   * same way once written, so the same few buffers serve the whole file.
   */
  async write(id: string, block: Uint8Array<ArrayBuffer>): Promise<Uint8Array<ArrayBuffer>> {
    const copy = copyOf(id);
    copy.hasher.update(block);
    await writeOn(copy, block);
    return transfer(block, [block.buffer]);
  },

  /** The rest of the file as a Blob: the browser copies it without the bytes coming through here. */
  async writeBlob(id: string, blob: Blob): Promise<void> {
    await writeOn(copyOf(id), blob);
  },

  /** Bytes for the checksum only (written by writeBlob), in order; the buffer goes back. */
  hash(id: string, block: Uint8Array<ArrayBuffer>): Uint8Array<ArrayBuffer> {
    copyOf(id).hasher.update(block);
    return transfer(block, [block.buffer]);
  },

  /** Keeps the file (close) when it is the expected one, else leaves the target untouched. */
  async finish(id: string, expectedSha256: string | null): Promise<{ kind: 'done' | 'mismatch'; sha256: string }> {
    const copy = copyOf(id);
    copies.delete(id);
    const sha256 = copy.hasher.digest('hex');
    if (expectedSha256 !== null && sha256 !== expectedSha256) {
      await copy.writer.abort();
      return { kind: 'mismatch', sha256 };
    }
    await copy.writer.close();
    return { kind: 'done', sha256 };
  },

  /** Drops the copy, also one still opening; answers once its writable (if any) is let go. */
  async abort(id: string): Promise<void> {
    const pending = opening.get(id);
    if (pending) {
      abandoned.add(id);
      await pending.catch(() => undefined);
    }
    const copy = copies.get(id);
    copies.delete(id);
    await copy?.writer.abort().catch(() => undefined);
  },
};

export type CopierApi = typeof copierApi;

expose(copierApi);
