/** Watching the app's row from the bench: its progress bar, and the moment it passes a mark. */
import type { Page } from 'playwright-core';
import { progressExpression } from './page-scripts';

/** The row's progress as a fraction (null while it has no bar); throws once the row has failed. */
export async function readProgress(page: Page, name: string): Promise<number | null> {
  // The expression's own result shape (page-scripts.ts).
  const p = (await page.evaluate(progressExpression(name))) as { status: string | null; fraction: number | null } | null;
  if (p?.status === 'failed') throw new Error(`${name} failed before the interruption`);
  return p?.fraction ?? null;
}

/**
 * Polls the row every 50 ms until it shows at least `at`; returns what it showed. A row that jumps
 * past 95 % is refused: the file is too small or too fast for the interruption to mean anything.
 */
export async function waitForProgress(page: Page, name: string, at: number, timeoutMs: number): Promise<number> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const fraction = await readProgress(page, name);
    if (fraction !== null && fraction >= at) {
      if (fraction >= 0.95) throw new Error(`progress jumped to ${(fraction * 100).toFixed(0)}%: the file is too small or too fast`);
      return fraction;
    }
    if (Date.now() > deadline) throw new Error(`progress never reached ${at * 100}%`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}
