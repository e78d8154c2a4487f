/** The Settings panel, driven as a person would. */
import type { Locator, Page } from 'playwright-core';
import { names } from './names';
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
  lookForPublishedChecksums?: boolean;
}

/** The Settings panel: a <details> whose summary is "Settings" (in the page's language). */
export function settingsPanel(page: Page): Locator {
  const title = names().settings.title.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
  return page.locator('details').filter({ has: page.locator('summary', { hasText: new RegExp(`^\\s*${title}\\s*$`) }) });
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
  for (const [key, value] of Object.entries(values) as Array<[keyof SettingsInput, number | boolean | undefined]>) {
    const name = names().settings.labels[key];
    if (typeof value === 'boolean') await panel.getByRole('checkbox', { name, exact: true }).setChecked(value, { timeout });
    else if (value !== undefined) await panel.getByRole('spinbutton', { name, exact: true }).fill(String(value), { timeout });
  }
  await panel.getByRole('button', { name: names().settings.save, exact: true }).click({ timeout });
  const outcome = await pollUntil(
    async () => {
      const alert = (await panel.getByRole('alert').allInnerTexts()).join(' ').trim();
      if (alert !== '') return `refused: ${alert}`;
      const status = (await panel.getByRole('status').allInnerTexts()).join(' ');
      return status.includes(names().settings.saved) ? 'saved' : undefined;
    },
    timeout,
    () => 'the panel said neither Saved nor why not',
    50,
  );
  if (outcome !== 'saved') throw new Error(`Settings were ${outcome}`);
}
