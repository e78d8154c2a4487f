/**
 * The fault suite: each test injects faults through the test origin's switches (or in the browser:
 * reloads, a crashed renderer, a full quota, a closed tab, forged messages, damaged records, a hung
 * copier), waits for what a person relies on — a byte-exact file, or the right refusal with the
 * right words — and checks every completed file byte for byte. The origin counts the faults it
 * really injected (FileStats.faults, plus those recorded with recordFault() after they happened);
 * each file adds its count to the run's tally, and the run ends by printing
 *
 *   faults: N injected, N survived, 0 corrupt
 *
 * where "survived" counts the faults of tests whose outcome was correct and "corrupt" the completed
 * files whose bytes were wrong (each also fails its test).
 */
import { appendFile } from 'node:fs/promises';
import type { Locator, Page } from 'playwright-core';
import { afterAll, expect, inject } from 'vitest';
import { sha256OfContent } from '../../origin/bytes';
import {
  addUrls,
  describeRows,
  listStatuses,
  outputSize,
  pollUntil,
  readOutputSha256,
  row,
  useE2e,
  waitForStatus,
  type AppPage,
  type E2e,
  type E2eOptions,
  type RowSample,
  type SettingsInput,
} from '../harness';

export const KiB = 1024;
export const MiB = 1024 * KiB;

export interface FileSpec {
  name: string;
  size: number;
  seed: number;
}

export const file = (name: string, size: number, seed: number): FileSpec => ({ name, size, seed });

/** Settings that make stalls and giving up fast enough for a test. */
export const FAST: SettingsInput = { stallTimeoutSeconds: 2, retries: 4, giveUpAfterSeconds: 60 };

export const rangeStart = (range: string): number | null => {
  const m = /^bytes=(\d+)-/.exec(range);
  return m ? Number(m[1]) : null;
};

/** One line per fault file, summed by the global teardown (global-setup.ts). */
export interface FileTally {
  file: string;
  injected: number;
  survived: number;
  corrupt: number;
}

export interface FaultKit {
  e2e: E2e;
  urlOf(f: FileSpec, params?: Record<string, string | number>): string;
  /**
   * Runs one test's body and books the faults injected for `names` (and `inBrowser` faults the
   * test injected itself, e.g. forged messages): survived when the body finished (every outcome
   * it checks was right), injected either way.
   */
  faultCase(names: readonly string[], body: () => Promise<void>, inBrowser?: number): Promise<void>;
  /** The file behind a Completed row must be exactly the expected bytes; anything else is corrupt. */
  expectExact(page: Page, outputName: string, size: number, seed: number): Promise<void>;
  completesExact(app: AppPage, f: FileSpec, timeout?: number, seed?: number): Promise<RowSample>;
  startOne(app: AppPage, f: FileSpec, params?: Record<string, string | number>): Promise<Locator>;
  /** A completed file a test found with wrong bytes by its own means. */
  countCorrupt(): void;
}

/** Registers the hooks of one fault file: its browser and origin, and its share of the tally. */
export function useFaultKit(fileName: string, options: E2eOptions = {}): FaultKit {
  const e2e = useE2e(options);
  const tally = { survived: 0, corrupt: 0, inBrowser: 0 };

  afterAll(async () => {
    // Every name's faults, whichever test injected them: a fault booked by no test still shows as
    // injected and not survived.
    const injected = Object.values(e2e.origin.faultsByName()).reduce((a, b) => a + b, 0) + tally.inBrowser;
    const line: FileTally = { file: fileName, injected, survived: tally.survived, corrupt: tally.corrupt };
    console.log(`faults in ${fileName}: ${injected} injected, ${tally.survived} survived, ${tally.corrupt} corrupt`);
    await appendFile(inject('faultTallyFile'), `${JSON.stringify(line)}\n`);
    if (tally.corrupt > 0) throw new Error(`${tally.corrupt} completed file(s) had wrong bytes`);
  });

  const faultsOf = (names: readonly string[]): { count: number; kinds: string } => {
    const kinds = new Map<string, number>();
    let count = 0;
    for (const name of names) {
      const stats = e2e.origin.stats(name);
      count += stats.faults;
      for (const [kind, n] of Object.entries(stats.faultKinds)) kinds.set(kind, (kinds.get(kind) ?? 0) + n);
    }
    return { count, kinds: [...kinds].map(([k, n]) => `${k} ${n}`).join(', ') || 'none' };
  };

  const kit: FaultKit = {
    e2e,
    urlOf: (f, params = {}) => e2e.fileUrl(f.name, { size: f.size, seed: f.seed, ...params }),
    async faultCase(names, body, inBrowser = 0) {
      let ok = false;
      tally.inBrowser += inBrowser;
      try {
        await body();
        ok = true;
      } finally {
        const { count, kinds } = faultsOf(names);
        if (ok) tally.survived += count + inBrowser;
        const extra = inBrowser > 0 ? ` + ${inBrowser} in the browser` : '';
        console.log(`[faults] ${expect.getState().currentTestName ?? '?'}: ${count} injected (${kinds})${extra}; ${ok ? 'survived' : 'NOT survived'}`);
      }
    },
    async expectExact(page, outputName, size, seed) {
      const actualSize = await outputSize(page, outputName);
      const actualSha = actualSize === null ? null : await readOutputSha256(page, outputName);
      const wanted = sha256OfContent(size, seed);
      if (actualSize !== size || actualSha !== wanted) tally.corrupt++;
      expect(actualSize, `size of ${outputName}`).toBe(size);
      expect(actualSha, `sha256 of ${outputName}`).toBe(wanted);
    },
    async completesExact(app, f, timeout = 60_000, seed = f.seed) {
      const done = await waitForStatus(row(app.page, f.name), 'completed', timeout);
      await kit.expectExact(app.page, f.name, f.size, seed);
      return done;
    },
    countCorrupt() {
      tally.corrupt++;
    },
    async startOne(app, f, params = {}) {
      await addUrls(app.page, kit.urlOf(f, params));
      return row(app.page, f.name);
    },
  };
  return kit;
}

/** Samples seen while waiting, so a test can check what the row said on the way. */
export function recorder(): { samples: RowSample[]; onSample: (s: RowSample) => void; notes: () => string } {
  const samples: RowSample[] = [];
  return {
    samples,
    onSample: (s) => void samples.push(s),
    notes: () => [...new Set(samples.flatMap((s) => s.notes))].join(' | '),
  };
}

/** Waits until every listed row is Completed; fails at once if one fails. */
export async function allCompleted(page: Page, names: readonly string[], timeout = 60_000): Promise<void> {
  let rows: Awaited<ReturnType<typeof listStatuses>> = [];
  await pollUntil(
    async () => {
      rows = await listStatuses(page);
      const failed = rows.filter((r) => r.status === 'failed');
      if (failed.length > 0) throw new Error(`a row failed: ${await describeRows(page)}`);
      return names.every((n) => rows.some((r) => r.name === n && r.status === 'completed')) ? true : undefined;
    },
    timeout,
    async () => `not all of ${names.join(', ')} completed: ${await describeRows(page)}`,
  );
}

/** The form's inline message (role=alert), once it has words in it. */
export async function formMessage(page: Page, timeout = 10_000): Promise<string> {
  const alert = page.locator('form').getByRole('alert');
  return pollUntil(
    async () => {
      const text = (await alert.allInnerTexts().catch(() => [])).join(' ').trim();
      return text === '' ? undefined : text;
    },
    timeout,
    () => 'no message in the form',
  );
}

export async function crashRenderer(app: AppPage): Promise<void> {
  const cdp = await app.context.newCDPSession(app.page);
  const crashed = app.page.waitForEvent('crash', { timeout: 15_000 });
  // The call never answers: the page it was sent to is gone.
  cdp.send('Page.crash').catch(() => undefined);
  await crashed;
}
