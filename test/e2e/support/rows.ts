/** Finding rows by their accessible names, reading them, and waiting for what they say. */
import type { Locator, Page } from 'playwright-core';
import type { ViewStatus } from '../../../src/shared/types';
import { names } from './names';

export type Status = ViewStatus;

export function downloadsList(page: Page): Locator {
  return page.getByRole('list', { name: names().app.downloads, exact: true });
}

/**
 * Waits for the Downloads list and, when it says it is still loading (aria-busy), for the jobs
 * restored from IndexedDB to be shown, so "no rows" means no jobs rather than not yet loaded.
 */
export async function waitForListReady(page: Page, timeout = 30_000): Promise<void> {
  await page
    .locator(`ul[aria-label="${names().app.downloads}"]:not([aria-busy="true"])`)
    .waitFor({ state: 'attached', timeout });
}

/** Types one URL per line into the URL field and clicks Download. */
export async function addUrls(page: Page, text: string): Promise<void> {
  await page.getByRole('textbox', { name: names().add.urlLabel, exact: true }).fill(text);
  await page.getByRole('button', { name: names().add.download, exact: true }).click();
}

export function row(page: Page, name: string): Locator {
  return downloadsList(page).getByRole('listitem', { name, exact: true });
}

export interface RowSample {
  status: string | null;
  /** The progress element's value attribute; null when indeterminate (attribute absent). */
  value: number | null;
  max: number | null;
  text: string;
  /** Text of the row's reason (why it failed) and note (e.g. a restart), null when absent. */
  reason: string | null;
  note: string | null;
  /** Text of every `.note` element of the row (a row may carry several). */
  notes: string[];
}

/**
 * The text of a row, or of something in one, as it reads on screen. Rows out of view skip
 * rendering (content-visibility: auto), and Chromium then gives their innerText as empty; the
 * row is rendered for the read.
 */
function shownText(element: Element): string {
  const row = (element.closest('.job') ?? element) as HTMLElement;
  const before = row.style.contentVisibility;
  row.style.contentVisibility = 'visible';
  const text = (element as HTMLElement).innerText;
  row.style.contentVisibility = before;
  return text;
}

/**
 * The text of what `locator` finds — a row, or a part of one — as it reads on screen, in view or
 * not (see shownText). Use it rather than innerText() for anything in the list.
 */
export function rowText(locator: Locator): Promise<string> {
  return locator.evaluate(shownText);
}

/** Reads status and progress in one round trip so they describe the same moment. */
export async function sampleRow(rowLocator: Locator, timeout = 10_000): Promise<RowSample> {
  return rowLocator.evaluate(
    (li) => {
      const progress = li.querySelector('progress');
      // As shownText (passed functions cannot call each other in the page): render the row to read it.
      const shown = li as HTMLElement;
      const visibility = shown.style.contentVisibility;
      shown.style.contentVisibility = 'visible';
      const text = shown.innerText;
      shown.style.contentVisibility = visibility;
      const num = (attr: string | null | undefined): number | null =>
        attr === null || attr === undefined ? null : Number(attr);
      return {
        status: li.querySelector('[data-status]')?.getAttribute('data-status') ?? null,
        value: num(progress?.getAttribute('value')),
        max: num(progress?.getAttribute('max')),
        text,
        reason: li.querySelector('[data-role="reason"]')?.textContent ?? null,
        note: li.querySelector('[data-role="note"]')?.textContent ?? null,
        notes: Array.from(li.querySelectorAll('[data-role="note"]'), (n) => n.textContent ?? ''),
      };
    },
    undefined,
    { timeout },
  );
}

export const sleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

/** Polls `check` until it returns a value other than undefined; the message explains a timeout. */
export async function pollUntil<T>(
  check: () => Promise<T | undefined>,
  timeout: number,
  describe: () => Promise<string> | string,
  intervalMs = 100,
): Promise<T> {
  const deadline = Date.now() + timeout;
  for (;;) {
    const result = await check();
    if (result !== undefined) return result;
    if (Date.now() > deadline) throw new Error(`Timed out after ${timeout} ms: ${await describe()}`);
    await sleep(intervalMs);
  }
}

/**
 * Samples the row until `pick` returns a value (anything but undefined) and returns it. `pick`
 * may throw to stop at once; `waiting` says what was awaited, for the timeout's message.
 */
async function watchRow<T>(
  rowLocator: Locator,
  pick: (sample: RowSample) => T | undefined,
  timeout: number,
  waiting: string,
  onSample?: (sample: RowSample) => void,
  intervalMs?: number,
): Promise<T> {
  let last: RowSample | null = null;
  return pollUntil(
    async () => {
      const sample = await sampleRow(rowLocator, 1_000).catch(() => null);
      if (sample === null) return undefined;
      last = sample;
      onSample?.(sample);
      return pick(sample);
    },
    timeout,
    async () => `${waiting}; last seen ${JSON.stringify(last)}; ${await describeRows(rowLocator.page())}`,
    intervalMs,
  );
}

/**
 * Waits until the row shows `status`. A row that fails while we wait for anything else fails the
 * test at once, with what the row says, instead of after the whole timeout.
 */
export async function waitForStatus(
  rowLocator: Locator,
  status: Status,
  timeout = 60_000,
  onSample?: (sample: RowSample) => void,
): Promise<RowSample> {
  const pick = (sample: RowSample): RowSample | undefined => {
    if (sample.status === status) return sample;
    if (sample.status === 'failed') throw new Error(`Row failed while waiting for "${status}": ${JSON.stringify(sample.text)}`);
    return undefined;
  };
  return watchRow(rowLocator, pick, timeout, `row never reached "${status}"`, onSample);
}

/** Name and status of every row, in list order. */
export async function listStatuses(page: Page): Promise<Array<{ name: string | null; status: string | null }>> {
  return downloadsList(page)
    .locator('li[aria-label]')
    .evaluateAll((items) =>
      items.map((li) => ({
        name: li.getAttribute('aria-label'),
        status: li.querySelector('[data-status]')?.getAttribute('data-status') ?? null,
      })),
    );
}

/** What the list shows, for failure messages and reports: each row's name and text. */
export async function describeRows(page: Page): Promise<string> {
  const rows = await downloadsList(page)
    .locator('li[aria-label]')
    .evaluateAll((items) => items.map((li) => `${li.getAttribute('aria-label')}: ${(li as HTMLElement).textContent ?? ''}`))
    .catch((error: unknown) => [`(could not read the list: ${String(error)})`]);
  return `rows shown: ${JSON.stringify(rows)}`;
}

/** Waits until the progress bar shows at least `fraction`; fails fast if the row fails. */
export async function waitForProgress(rowLocator: Locator, fraction: number, timeout = 60_000): Promise<number> {
  const pick = (sample: RowSample): number | undefined => {
    if (sample.status === 'failed') throw new Error(`Row failed: ${JSON.stringify(sample.text)}`);
    if (sample.value === null || sample.max === null || sample.max <= 0) return undefined;
    const current = sample.value / sample.max;
    return current >= fraction ? current : undefined;
  };
  return watchRow(rowLocator, pick, timeout, `progress never reached ${fraction}`, undefined, 50);
}

/** A button of a row by its exact accessible name. */
export function rowButton(rowLocator: Locator, name: string): Locator {
  return rowLocator.getByRole('button', { name, exact: true });
}

/**
 * Waits until the row shows one of `statuses` and returns that sample. Unlike waitForStatus it
 * does not treat "failed" as a reason to stop early: list it when it is an expected outcome.
 */
export async function waitForAnyStatus(
  rowLocator: Locator,
  statuses: readonly Status[],
  timeout = 60_000,
  onSample?: (sample: RowSample) => void,
): Promise<RowSample> {
  const pick = (sample: RowSample): RowSample | undefined => (statuses.some((s) => s === sample.status) ? sample : undefined);
  return watchRow(rowLocator, pick, timeout, `row never reached ${statuses.join('/')}`, onSample);
}

/**
 * After an action (Retry, Resume, Use this URL) that the worker applies asynchronously: waits
 * until the row no longer shows `from`, so that a following waitForStatus does not mistake the
 * row's state from before the click for the outcome.
 */
export async function waitForStatusChange(rowLocator: Locator, from: Status, timeout = 15_000): Promise<RowSample> {
  const pick = (sample: RowSample): RowSample | undefined => (sample.status !== from ? sample : undefined);
  return watchRow(rowLocator, pick, timeout, `row still "${from}" after the action`, undefined, 25);
}
