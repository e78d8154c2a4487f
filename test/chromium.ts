/**
 * How the tests and the benchmark start Chromium: Debian's package (Playwright cannot download a
 * browser of its own here), or $CHROMIUM_PATH. Without the background-networking flags Chromium
 * keeps trying to reach Google's hosts, which this machine's closed network refuses.
 */
export const CHROMIUM_PATH = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';

export const CHROMIUM_ARGS: readonly string[] = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];

/**
 * Added for the HTTPS origin (startOrigin({ http2: true })), whose certificate is self-signed. The
 * flag rather than Playwright's ignoreHTTPSErrors, so the app's worker fetches are covered too.
 */
export const CHROMIUM_SELF_SIGNED_ARGS: readonly string[] = ['--ignore-certificate-errors'];
