import { getEngine } from './engine-bridge';

/**
 * The browser resolves the URL when its download starts and reads the file from there; the URL is
 * let go well after that (a revoked URL does not stop a download that already began).
 */
const URL_LIFETIME_MS = 5 * 60_000;

/**
 * Gives a download kept in the browser's private storage to the browser's own downloads, as a
 * normal download named `name`: an object URL of the staged File, so its bytes are never copied
 * into the page's memory. False when the kept file is gone (site data cleared).
 */
export async function handOver(id: string, name: string): Promise<boolean> {
  const file = await getEngine().savedFile(id);
  if (file === null) return false;
  const url = URL.createObjectURL(file);
  const link = document.createElement('a');
  link.href = url;
  link.download = name;
  link.rel = 'noopener';
  link.hidden = true;
  // Firefox follows a download link only while it is in the document.
  document.body.append(link);
  link.click();
  link.remove();
  setTimeout(() => URL.revokeObjectURL(url), URL_LIFETIME_MS);
  return true;
}
