import type { SaveFolder } from '../../src/worker/copy/save-target';

const notFound = (name: string): DOMException => new DOMException(`${name} not found`, 'NotFoundError');

/** Lets other claims run between a folder's answers, as round trips to the browser do. */
const roundTrip = (): Promise<void> => new Promise((resolve) => setTimeout(resolve, 0));

/**
 * A picked folder in memory, answering like FileSystemDirectoryHandle: NotFoundError for a
 * missing file, TypeMismatchError for a folder of that name, and whatever `refuse` says for a
 * name the browser refuses on a real disk (OPFS, which the e2e tests use, accepts them all).
 */
export class MemoryFolder implements SaveFolder {
  readonly files = new Map<string, Uint8Array<ArrayBuffer>>();
  readonly folders = new Set<string>();
  /** Every getFileHandle/removeEntry, as "get name", "create name" or "remove name". */
  readonly calls: string[] = [];
  refuse: (name: string) => Error | null = () => null;
  /** Files a writable holds open: they cannot be removed (Chromium's write lock), as long as it lasts. */
  readonly locked = new Set<string>();
  /** What removeEntry throws besides "not found" and "locked", when set. */
  removeRefusal: Error | null = null;

  async getFileHandle(name: string, options?: { create?: boolean }): Promise<MemoryFile> {
    this.calls.push(`${options?.create ? 'create' : 'get'} ${name}`);
    await roundTrip();
    const refusal = this.refuse(name);
    if (refusal) throw refusal;
    if (this.folders.has(name)) throw new DOMException(`${name} is a folder`, 'TypeMismatchError');
    if (!this.files.has(name)) {
      if (!options?.create) throw notFound(name);
      this.files.set(name, new Uint8Array(0));
    }
    return new MemoryFile(this, name);
  }

  async removeEntry(name: string): Promise<void> {
    this.calls.push(`remove ${name}`);
    await roundTrip();
    if (this.removeRefusal) throw this.removeRefusal;
    if (this.locked.has(name)) throw new DOMException(`${name} is open for writing`, 'NoModificationAllowedError');
    if (!this.files.delete(name)) throw notFound(name);
  }

  names(): string[] {
    return [...this.files.keys()].sort();
  }
}

/** A file of a MemoryFolder. Only the copier writes files, so createWritable is not needed here. */
export class MemoryFile implements FileSystemFileHandle {
  readonly kind = 'file';

  constructor(
    readonly folder: MemoryFolder,
    readonly name: string,
  ) {}

  async isSameEntry(other: FileSystemHandle): Promise<boolean> {
    return other instanceof MemoryFile && other.folder === this.folder && other.name === this.name;
  }

  async getFile(): Promise<File> {
    const bytes = this.folder.files.get(this.name);
    if (!bytes) throw notFound(this.name);
    return new File([bytes], this.name);
  }

  createWritable(): Promise<FileSystemWritableFileStream> {
    return Promise.reject(new Error('the copier stands in for the writable in these tests'));
  }

  /** What a writable's close() does: the file's bytes are replaced at once. */
  replace(bytes: Uint8Array<ArrayBuffer>): void {
    if (!this.folder.files.has(this.name)) throw notFound(this.name);
    this.folder.files.set(this.name, bytes);
  }
}
