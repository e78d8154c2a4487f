/**
 * errors-without-cors: the link stops working mid-download, as when a CDN URL expires or a file
 * is moved, and nginx's 404 carries no CORS header (add_header without `always`). The row should
 * offer Change URL rather than call it a CORS refusal; the file then comes back under a new name
 * and Change URL must finish the job from its staged bytes, byte-exact.
 */
import { rename } from 'node:fs/promises';
import { join } from 'node:path';
import { fraction, isSettled, watchRow } from './app-driver';
import { describeEnd, resultOf, runApp, serveFile } from './phases';
import type { CaseResult, RunContext } from './types';

const NAME = 'errors-without-cors.bin';
const GONE = 'errors-without-cors.gone';
const RESTORED = 'errors-without-cors-restored.bin';
const TIMEOUT_MS = 180_000;

export async function changeUrlCase(ctx: RunContext): Promise<CaseResult> {
  const files = join(ctx.docroot, 'files');
  const url = `${ctx.origin}${await serveFile(ctx, NAME)}`;
  let movedAt: number | null = null;
  let movedTime = 0;
  let offeredAfter: number | null = null;
  let firstEnd: string | null = null;
  let offered = false;
  let corsBlamed = false;
  const run = await runApp(ctx, url, {
    timeoutMs: TIMEOUT_MS,
    onState: async (s) => {
      if (movedAt !== null || fraction(s) < 0.3) return;
      movedAt = fraction(s);
      movedTime = performance.now();
      await rename(join(files, NAME), join(files, GONE));
    },
    afterSettle: async (session, end, rowLog, started) => {
      firstEnd = describeEnd(end, TIMEOUT_MS);
      if (end.kind !== 'matched' || end.state.status !== 'failed') return end;
      const s = end.state;
      offered = s.buttons.includes('Change URL');
      // Naming CORS is fine when the row still offers the way on; a CORS refusal offers none.
      corsBlamed = !offered && /CORS/.test(s.reason ?? '');
      if (!offered) return end;
      offeredAfter = performance.now() - movedTime;
      await rename(join(files, GONE), join(files, RESTORED));
      const row = session.page.getByRole('list', { name: 'Downloads', exact: true }).getByRole('listitem').first();
      await row.getByRole('button', { name: 'Change URL', exact: true }).click();
      await row.getByRole('textbox', { name: 'New URL', exact: true }).fill(`${ctx.origin}/files/${RESTORED}`);
      await row.getByRole('button', { name: 'Use this URL', exact: true }).click();
      // A refused link leaves the row failed (with the refusal as its reason): give it a moment to move.
      await watchRow(session.page, rowLog, (x) => x.status !== 'failed', 15_000, started);
      return watchRow(session.page, rowLog, isSettled, TIMEOUT_MS, started);
    },
  });
  const notes: string[] = [];
  if (movedAt === null) notes.push('the job never reached 30 %: the file was not moved');
  else notes.push(`file renamed away at ${Math.round(100 * movedAt)} %`);
  if (firstEnd !== null) notes.push(`first end: ${firstEnd}`);
  if (offeredAfter !== null) notes.push(`Change URL offered ${(offeredAfter / 1000).toFixed(1)} s after the rename`);
  if (corsBlamed) notes.push('the 404 was reported as a CORS refusal, with no Change URL');
  const outcome = offered ? `Change URL offered; after it: ${run.outcome}` : run.outcome;
  return { ...resultOf(run, offered && !corsBlamed && run.exact, { notes }), outcome };
}
