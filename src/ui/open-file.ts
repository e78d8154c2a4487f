/**
 * The types a browser tab shows by itself, by extension. The saved file is opened from a `blob:`
 * URL, which belongs to this page's origin: a type that can run script there (HTML, SVG, XML) is
 * never offered, and every file is opened under the type named here rather than one sniffed or
 * taken from the server, so a `.txt` that holds markup shows as text.
 */
const SHOWABLE: Readonly<Record<string, string>> = {
  png: 'image/png',
  jpg: 'image/jpeg',
  jpeg: 'image/jpeg',
  gif: 'image/gif',
  webp: 'image/webp',
  avif: 'image/avif',
  bmp: 'image/bmp',
  ico: 'image/x-icon',
  mp3: 'audio/mpeg',
  ogg: 'audio/ogg',
  oga: 'audio/ogg',
  opus: 'audio/ogg',
  wav: 'audio/wav',
  flac: 'audio/flac',
  m4a: 'audio/mp4',
  aac: 'audio/aac',
  mp4: 'video/mp4',
  m4v: 'video/mp4',
  webm: 'video/webm',
  ogv: 'video/ogg',
  pdf: 'application/pdf',
  txt: 'text/plain',
  md: 'text/plain',
  csv: 'text/plain',
  log: 'text/plain',
  json: 'text/plain',
  sha256: 'text/plain',
};

/** The type to open a file named `name` under, or null when a tab should not open it. */
export function showableType(name: string): string | null {
  const dot = name.lastIndexOf('.');
  if (dot <= 0) return null;
  return SHOWABLE[name.slice(dot + 1).toLowerCase()] ?? null;
}

/** Long enough for the new tab to load the file; the URL is then let go. */
const URL_LIFETIME_MS = 60_000;

/** Opens `file` in a new tab as `type`, without copying its bytes. */
export function openInTab(file: File, type: string): void {
  const url = URL.createObjectURL(file.slice(0, file.size, type));
  window.open(url, '_blank', 'noopener');
  setTimeout(() => URL.revokeObjectURL(url), URL_LIFETIME_MS);
}
