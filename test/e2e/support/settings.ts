/** The Settings panel, driven as a person would. */
import type { Locator, Page } from 'playwright-core';
import { pollUntil } from './rows';

/** The values of the Settings panel, by what they mean; absent ones are left as they are. */
export interface SettingsInput {
  connectionsPerServer?: number;
  retries?: number;
  giveUpAfterSeconds?: number;
  stallTimeoutSeconds?: number;
  speedLimitMBps?: number;
  downloadsAtOnce?: number;
  jobSpeedLimitMBps?: number;
}

const SETTING_LABELS: Record<keyof SettingsInput, string> = {
  connectionsPerServer: 'Connections per server',
  retries: 'Retries before giving up',
  giveUpAfterSeconds: 'Give up after (seconds)',
  stallTimeoutSeconds: 'Stall timeout (seconds)',
  speedLimitMBps: 'Speed limit (MiB/s, 0 for none)',
  downloadsAtOnce: 'Downloads at once (0 for automatic)',
  jobSpeedLimitMBps: 'Speed limit per new download (MiB/s, 0 for none)',
};

/** The Settings panel: a <details> whose summary is "Settings". */
export function settingsPanel(page: Page): Locator {
  return page.locator('details').filter({ has: page.locator('summary', { hasText: /^\s*Settings\s*$/ }) });
}

/**
 * Opens Settings, fills the given fields and clicks "Save settings"; resolves once the panel says
 * Saved. The fields stay disabled until the stored values are shown, so nothing typed is lost.
 */
export async function applySettings(page: Page, values: SettingsInput, timeout = 5_000): Promise<void> {
  const panel = settingsPanel(page);
  if (!(await panel.evaluate((d) => (d as HTMLDetailsElement).open, undefined, { timeout }))) {
    await panel.locator('summary').first().click({ timeout });
  }
  for (const [key, value] of Object.entries(values) as Array<[keyof SettingsInput, number | undefined]>) {
    if (value !== undefined) await panel.getByRole('spinbutton', { name: SETTING_LABELS[key], exact: true }).fill(String(value), { timeout });
  }
  await panel.getByRole('button', { name: 'Save settings', exact: true }).click({ timeout });
  const outcome = await pollUntil(
    async () => {
      const alert = (await panel.getByRole('alert').allInnerTexts()).join(' ').trim();
      if (alert !== '') return `refused: ${alert}`;
      const status = (await panel.getByRole('status').allInnerTexts()).join(' ');
      return /saved/i.test(status) ? 'saved' : undefined;
    },
    timeout,
    () => 'the panel said neither Saved nor why not',
    50,
  );
  if (outcome !== 'saved') throw new Error(`Settings were ${outcome}`);
}
