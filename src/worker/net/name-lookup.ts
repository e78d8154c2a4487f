import { chooseFileName } from '../../shared/file-name';

/**
 * The name the server gives the file at `url` (its Content-Disposition), asked with a one-byte
 * safelisted range and given up after `timeoutMs`; null when it does not answer in time, names
 * nothing, or does not let the page read its answer. For the save picker, which must open within
 * the click's short activation window, before the job's probe has answered.
 */
export async function serverFileName(url: string, timeoutMs: number): Promise<string | null> {
  let response: Response;
  try {
    response = await fetch(url, { headers: { Range: 'bytes=0-0' }, cache: 'no-store', signal: AbortSignal.timeout(timeoutMs) });
  } catch {
    return null;
  }
  // A server that ignores ranges sends the whole file: only its headers were wanted.
  response.body?.cancel().catch(() => undefined);
  const disposition = response.ok ? response.headers.get('Content-Disposition') : null;
  return disposition === null ? null : chooseFileName(disposition, url);
}
