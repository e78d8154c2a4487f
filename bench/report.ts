/** Writes bench/results/<date>.json (everything measured) and <date>.md (the tables). */
import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { Machine } from './machine';
import type { BenchOptions } from './options';
import type { RowResult } from './rounds';
import type { ScenarioResult } from './scenarios';
import { formatMemory, formatMs, formatRatio, formatSize, median } from './stats';
import { compareTargetIds, cpuPerGiB, type TargetResult } from './targets';

export interface BenchReport {
  date: string;
  startedAt: string;
  finishedAt: string;
  durationMs: number;
  options: BenchOptions;
  machine: Machine;
  scenarios: ScenarioResult[];
}

export async function writeReport(report: BenchReport): Promise<{ json: string; md: string }> {
  await mkdir(report.options.outDir, { recursive: true });
  const base = join(report.options.outDir, `${report.date}${report.options.quick ? '-quick' : ''}`);
  const json = `${base}.json`;
  const md = `${base}.md`;
  await writeFile(json, `${JSON.stringify(report, null, 2)}\n`);
  await writeFile(md, markdown(report));
  return { json, md };
}

export function markdown(r: BenchReport): string {
  const out: string[] = [];
  const kind = r.options.quick ? 'Quick smoke run (small sizes)' : 'Full run';
  out.push(`# Rangefetch benchmark — ${r.date}`, '');
  out.push(
    `${kind}: ${r.options.runs} run(s) per contender, contenders alternating; medians. ` +
      `Took ${formatMs(r.durationMs)}. MB/s = 10^6 bytes/s. "App ×" = the app's throughput ÷ that row's, on the same bytes.`,
    '',
  );
  const targets = r.scenarios.flatMap((s) => s.targets).sort((a, b) => compareTargetIds(a.id, b.id));
  if (targets.length > 0) {
    out.push('## Targets', '', '| # | Target | App | Peer | Measured | Goal | Result |', '|---|---|---|---|---|---|---|');
    for (const t of targets) {
      out.push(`| ${t.id} | ${escape(t.text)} | ${escape(t.app)} | ${escape(t.peer)} | ${escape(t.measured)} | ${t.goal} | ${verdict(t)} |`);
    }
    out.push('');
  }
  for (const s of r.scenarios) {
    out.push(`## ${s.title}`, '', s.description, '');
    if (s.rows.length > 0) out.push(...rowsTable(s), '');
    if (s.resume !== undefined) out.push(...resumeTable(s), '');
    if (s.crash !== undefined) out.push(...crashTable(s), '');
    const bullets = [...memoryBreakdown(s), ...s.notes.map((note) => `- ${note}`)];
    if (bullets.length > 0) out.push(...bullets, '');
  }
  const m = r.machine;
  out.push('## Machine', '');
  out.push(`- App built from ${m.app}`);
  out.push(`- CPU: ${m.cpu}, ${m.cores} cores; RAM ${m.memoryGiB} GiB; ${m.kernel}`);
  out.push(`- ${m.chromium}; Node ${m.node}; ${m.playwright}`);
  out.push(`- aria2c: ${m.aria2c}; curl: ${m.curl}`);
  out.push(`- Load average at start: ${m.loadAtStart.join(' / ')} (the machine is shared; expect noise)`);
  out.push(`- Started ${r.startedAt}, finished ${r.finishedAt}`, '');
  return `${out.join('\n')}\n`;
}

function verdict(t: TargetResult): string {
  return t.met === null ? 'not measured' : t.met ? '**met**' : '**not met**';
}

function rowsTable(s: ScenarioResult): string[] {
  const memory = s.rows.some((row) => row.medianPeakMemoryBytes !== null);
  const cpu = s.rows.some((row) => row.medianCpuSeconds !== null);
  const head = [
    'Contender', 'Workload', 'Method', 'Runs', 'Median time', 'MB/s',
    ...(memory ? ['Peak PSS', 'Peak private'] : []), ...(cpu ? ['CPU s', 'CPU s/GiB'] : []), 'App ×', 'Notes',
  ];
  const lines = [`| ${head.join(' | ')} |`, `|${head.map(() => '---').join('|')}|`];
  for (const row of s.rows) {
    const app = s.rows.find((r) => r.contender === 'app' && r.workload === row.workload);
    const ratio =
      row.contender === 'app' || app?.medianMs == null || row.medianMs === null ? '—' : formatRatio(row.medianMs / app.medianMs);
    const cells = [
      row.label,
      row.workload,
      escape(row.method),
      row.absent === null ? `${row.runs.length}` : '0',
      row.medianMs === null ? '—' : formatMs(row.medianMs),
      row.mbps === null ? '—' : row.mbps.toFixed(1),
      ...(memory
        ? [row.medianPeakMemoryBytes, row.medianPeakPrivateBytes].map((v) => (v === null ? '—' : formatMemory(v)))
        : []),
      ...(cpu ? [row.medianCpuSeconds, cpuPerGiB(row)].map((v) => (v === null ? '—' : v.toFixed(2))) : []),
      ratio,
      escape(notes(row)),
    ];
    lines.push(`| ${cells.join(' | ')} |`);
  }
  return lines;
}

function notes(row: RowResult): string {
  if (row.absent !== null) return `absent: ${row.absent}`;
  const parts: string[] = [];
  if (row.failures.length > 0) parts.push(`${row.failures.length} failed: ${row.failures[0] ?? ''}`);
  const overfetch = row.runs.flatMap((m) => (m.originBytes === undefined ? [] : [m.originBytes - m.bytes]));
  const maxOver = overfetch.length > 0 ? Math.max(...overfetch) : 0;
  if (maxOver > 0) parts.push(`origin sent up to ${formatSize(maxOver)} extra`);
  // Per file, so only telling for a single file.
  const conns = row.runs.flatMap((m) => (m.originMaxInFlight === undefined ? [] : [m.originMaxInFlight]));
  if (row.files === 1 && conns.length > 0) parts.push(`max ${Math.max(...conns)} in flight`);
  const staged = median(row.runs.flatMap((m) => (m.stagedMs === undefined ? [] : [m.stagedMs])));
  if (row.files === 1 && staged !== null && row.medianMs !== null) {
    parts.push(`all bytes staged after ${formatMs(staged)}, final copy ≈ ${formatMs(Math.max(0, row.medianMs - staged))}`);
  }
  return parts.join('; ');
}

/** Where the memory went at the peak, for the run with the median peak of each browser row. */
function memoryBreakdown(s: ScenarioResult): string[] {
  const lines: string[] = [];
  for (const row of s.rows) {
    if (row.medianPeakMemoryBytes === null || !['app', 'ceiling', 'browser'].includes(row.contender)) continue;
    const target = row.medianPeakMemoryBytes;
    const run = [...row.runs].sort((a, b) => Math.abs((a.peakMemoryBytes ?? 0) - target) - Math.abs((b.peakMemoryBytes ?? 0) - target))[0];
    const parts = Object.entries(run?.peakByProcess ?? {})
      .sort((a, b) => b[1] - a[1])
      .map(([kind, bytes]) => `${kind} ${formatMemory(bytes)}`);
    if (parts.length > 0) lines.push(`- ${row.label}, ${row.workload}, peak by process: ${parts.join(', ')}`);
  }
  return lines;
}

function resumeTable(s: ScenarioResult): string[] {
  const r = s.resume;
  if (r === undefined) return [];
  const lines = [
    '| Run | Reloaded at | Fetched again | Reload → first new request | Page back → first new request | Click → Completed |',
    '|---|---|---|---|---|---|',
  ];
  r.runs.forEach((run, i) => {
    lines.push(
      `| ${i + 1} | ${(run.progressAtReload * 100).toFixed(0)}% | ${formatSize(run.refetchedBytes)} (${run.refetchedPercent.toFixed(2)}%) | ` +
        `${formatMs(run.reloadToFirstRequestMs)} | ${formatMs(run.pageBackToFirstRequestMs)} | ${formatMs(run.totalMs)} |`,
    );
  });
  const m = r.median;
  if (m.refetchedPercent !== null) {
    lines.push(
      `| median | ${((m.progressAtReload ?? 0) * 100).toFixed(0)}% | ${m.refetchedPercent.toFixed(2)}% | ` +
        `${formatMs(m.reloadToFirstRequestMs ?? 0)} | ${formatMs(m.pageBackToFirstRequestMs ?? 0)} | |`,
    );
  }
  for (const failure of r.failures) lines.push(`| failed | ${escape(failure)} | | | | |`);
  return lines;
}

function crashTable(s: ScenarioResult): string[] {
  const r = s.crash;
  if (r === undefined) return [];
  const lines = [
    '| Run | Crashed at | Origin had sent | Fetched again | Crash → requests closed | New page → first request | Click → Completed |',
    '|---|---|---|---|---|---|---|',
  ];
  r.runs.forEach((run, i) => {
    lines.push(
      `| ${i + 1} | ${(run.progressAtCrash * 100).toFixed(0)}% (renderer ${run.rendererPids.join(', ')}) | ${formatSize(run.bytesBeforeCrash)} | ` +
        `${formatSize(run.refetchedBytes)} (${run.refetchedPercent.toFixed(2)}%) | ${formatMs(run.crashToQuietMs)} | ` +
        `${formatMs(run.newPageToFirstRequestMs)} | ${formatMs(run.totalMs)} |`,
    );
  });
  const m = r.median;
  if (m.refetchedPercent !== null) {
    lines.push(
      `| median | ${((m.progressAtCrash ?? 0) * 100).toFixed(0)}% | | ${m.refetchedPercent.toFixed(2)}% | | ${formatMs(m.newPageToFirstRequestMs ?? 0)} | |`,
    );
  }
  for (const failure of r.failures) lines.push(`| failed | ${escape(failure)} | | | | | |`);
  return lines;
}

function escape(text: string): string {
  return text.replace(/\|/g, '\\|').replace(/\n/g, ' ');
}
