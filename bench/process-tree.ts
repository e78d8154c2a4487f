/**
 * A process and everything it started, read from /proc: the memory sampler and the CPU meter
 * both account for a browser run as the whole tree under its browser process.
 */
import { readdir, readFile } from 'node:fs/promises';
import { parseProcStat, type ProcStat } from './proc-stat';

/** /proc/<pid>/stat of `rootPid` and of all its descendants that exist right now. */
export async function processTreeStats(rootPid: number): Promise<Map<number, ProcStat>> {
  const entries = await readdir('/proc');
  const all = new Map<number, ProcStat>();
  await Promise.all(
    entries.map(async (entry) => {
      if (!/^\d+$/.test(entry)) return;
      // Gone between the listing and the read: not part of any tree any more.
      const text = await readFile(`/proc/${entry}/stat`, 'utf8').catch(() => null);
      const stat = text === null ? null : parseProcStat(text);
      if (stat !== null) all.set(stat.pid, stat);
    }),
  );
  const children = new Map<number, number[]>();
  for (const stat of all.values()) {
    const list = children.get(stat.ppid) ?? [];
    list.push(stat.pid);
    children.set(stat.ppid, list);
  }
  const tree = new Map<number, ProcStat>();
  const queue = [rootPid];
  while (queue.length > 0) {
    const pid = queue.shift();
    if (pid === undefined) break;
    const stat = all.get(pid);
    if (stat === undefined) continue;
    tree.set(pid, stat);
    queue.push(...(children.get(pid) ?? []));
  }
  return tree;
}

/** `rootPid` and all its descendants that exist right now. */
export async function processTree(rootPid: number): Promise<number[]> {
  return [...(await processTreeStats(rootPid)).keys()];
}

/**
 * A short name for what the process is: Chromium's --type (and utility sub-type, e.g.
 * "network.mojom.NetworkService" → "network"), "browser" for Chromium's main process, else the
 * program name.
 */
export async function processKind(pid: number): Promise<string> {
  try {
    // Chromium rewrites its children's argv into one space-separated title, so parse the text.
    const cmdline = (await readFile(`/proc/${pid}/cmdline`, 'utf8')).replace(/\0/g, ' ');
    const type = /--type=(\S+)/.exec(cmdline)?.[1];
    const program = (cmdline.split(' ')[0] ?? '').split('/').pop() ?? '?';
    if (type === undefined) return program === 'chromium' || program === 'chrome' ? 'browser' : program;
    if (type === 'utility') return (/--utility-sub-type=(\S+)/.exec(cmdline)?.[1] ?? 'utility').split('.')[0] ?? 'utility';
    return type.replace(/-process$/, '');
  } catch {
    return '?';
  }
}
