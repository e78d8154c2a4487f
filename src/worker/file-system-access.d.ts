// The permission half of the File System Access API is not in TypeScript's libs yet.
interface FileSystemHandlePermissionDescriptor {
  mode?: 'read' | 'readwrite';
}

interface FileSystemHandle {
  queryPermission?(descriptor?: FileSystemHandlePermissionDescriptor): Promise<PermissionState>;
  /** Chromium (110+): deletes the entry, given write permission. */
  remove?(): Promise<void>;
}
