/**
 * Why downloads cannot be staged in this browser, or null when they can. Checked by feature, not
 * by browser name: staging needs the origin-private file system and its sync access handles in a
 * worker (Chromium 102+, Firefox 111+, Safari 15.2+), and a private window of Firefox refuses the
 * origin-private file system altogether (getDirectory() rejects with a SecurityError).
 */
export async function stagingUnavailable(): Promise<string | null> {
  const noStorage =
    'This browser does not let the page keep downloads in its own storage, so Rangefetch cannot download here. ' +
    'A private window does this; open the page in a normal window of a current Chrome, Edge, Firefox or Safari.';
  if (typeof navigator.storage?.getDirectory !== 'function') return noStorage;
  if (typeof FileSystemFileHandle === 'undefined' || !('createSyncAccessHandle' in FileSystemFileHandle.prototype)) {
    return 'This browser cannot write downloads in place in its own storage (it lacks sync access handles), so Rangefetch cannot download here. A current Chrome, Edge, Firefox or Safari can.';
  }
  try {
    await navigator.storage.getDirectory();
    return null;
  } catch (error) {
    console.warn('The origin-private file system is not available', error);
    return noStorage;
  }
}
