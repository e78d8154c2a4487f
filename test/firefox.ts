/**
 * How the tests start Firefox: Debian's firefox-esr (or $FIREFOX_PATH), headless, driven by
 * puppeteer-core over WebDriver BiDi, with a fresh on-disk profile whose downloads land in
 * `downloadDir` without asking.
 */
import puppeteer, { type Browser } from 'puppeteer-core';

export const FIREFOX_PATH = process.env.FIREFOX_PATH ?? '/usr/bin/firefox-esr';

export function launchFirefox(downloadDir: string): Promise<Browser> {
  return puppeteer.launch({
    browser: 'firefox',
    executablePath: FIREFOX_PATH,
    protocol: 'webDriverBiDi',
    headless: true,
    extraPrefsFirefox: {
      'browser.download.dir': downloadDir,
      // 2: the folder named by browser.download.dir, not the system's Downloads.
      'browser.download.folderList': 2,
      'browser.download.useDownloadDir': true,
      'browser.download.always_ask_before_handling_new_types': false,
      // No background traffic to Mozilla's hosts, which this machine's closed network refuses.
      'app.update.enabled': false,
      'browser.shell.checkDefaultBrowser': false,
      'datareporting.policy.dataSubmissionEnabled': false,
      'toolkit.telemetry.enabled': false,
      'network.captive-portal-service.enabled': false,
      'network.connectivity-service.enabled': false,
    },
  });
}
