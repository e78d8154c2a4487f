/** Hosts a browser treats as trustworthy even over plain http (the Secure Contexts spec). */
function isLoopback(host: string): boolean {
  const h = host.toLowerCase();
  return h === 'localhost' || h.endsWith('.localhost') || /^127(\.\d{1,3}){3}$/.test(h) || h === '[::1]';
}

/**
 * Whether a page at `pageUrl` may not read `url` because it is plain http:// from an https://
 * page (mixed content). Browsers block such a fetch before it leaves; it would otherwise look like
 * a network failure and be retried for minutes.
 */
export function isBlockedMixedContent(pageUrl: string, url: string): boolean {
  try {
    const page = new URL(pageUrl);
    const target = new URL(url);
    return page.protocol === 'https:' && target.protocol === 'http:' && !isLoopback(target.hostname);
  } catch {
    return false;
  }
}
