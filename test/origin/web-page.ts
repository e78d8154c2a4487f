/**
 * The sign-in page `webpage=1` serves as the resource itself, like a server that answers every
 * link with its login form. Fixed bytes, so an e2e test can tell whether a download that took
 * the page kept exactly these bytes.
 */
const WEB_PAGE =
  '<!doctype html><title>Sign in</title><form method=post action=/login>' +
  '<input name=user><input name=pw type=password><button>Go</button></form>\n';

/** The 142 bytes of the `webpage=1` page, a fresh copy each call. */
export function webPageBytes(): Uint8Array {
  return new TextEncoder().encode(WEB_PAGE);
}
