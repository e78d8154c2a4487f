/**
 * The folder a file goes to inside the folder the person picked: the picked one itself, or for
 * an entry of a ZIP, the entry's own folders under it (made as needed), as the archive has them.
 * Each folder name was sanitized when the entry was added.
 */
export async function entryFolder<F>(picked: F, job: { zipEntry?: { folders: readonly string[] } }): Promise<F> {
  const folders = job.zipEntry?.folders ?? [];
  // Only a real folder handle nests; the picked folder is one whenever an entry has folders.
  let dir = picked as unknown as FileSystemDirectoryHandle;
  for (const folder of folders) dir = await dir.getDirectoryHandle(folder, { create: true });
  return dir as unknown as F;
}
