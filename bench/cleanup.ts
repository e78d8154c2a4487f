/**
 * Everything the bench starts (origin, preview server, browsers, tools, temporary folders) is
 * registered here as it is created, so one place undoes it on a normal end, on an error, and on
 * Ctrl-C — other developers share this machine, so nothing may be left running or on disk.
 */

type Undo = () => Promise<void> | void;

const stack: Array<{ label: string; undo: Undo }> = [];
let running: Promise<void> | null = null;
/** Undos of things created after clean-up began; the exit waits for them too. */
const late: Array<Promise<unknown>> = [];

/** True once clean-up has begun: nothing new should start. */
export function shuttingDown(): boolean {
  return running !== null;
}

/**
 * Registers `undo`; returns a function that runs it now (once) and forgets it. Called after
 * clean-up began (the run went on while a signal was handled), it undoes at once and throws, so
 * the caller stops instead of starting more work.
 */
export function onCleanup(label: string, undo: Undo): () => Promise<void> {
  const item = { label, undo };
  if (running !== null) {
    late.push(Promise.resolve().then(undo).catch(() => undefined));
    throw new Error(`interrupted (${label} undone)`);
  }
  stack.push(item);
  return async () => {
    const index = stack.indexOf(item);
    if (index < 0) return;
    stack.splice(index, 1);
    await item.undo();
  };
}

/**
 * Runs every registered undo, newest first; one failing does not stop the others. A second call
 * while it runs (a signal arriving as the run ends normally) gets the same promise, so whoever
 * exits the process waits for the whole clean-up.
 */
export function cleanupAll(): Promise<void> {
  running ??= (async () => {
    while (stack.length > 0) {
      const item = stack.pop();
      if (item === undefined) break;
      try {
        await item.undo();
      } catch (error) {
        console.error(`[bench] clean-up of ${item.label} failed: ${String(error)}`);
      }
    }
    await Promise.allSettled(late);
  })();
  return running;
}

/**
 * Ctrl-C or a kill cleans up before leaving. Ctrl-C reaches npm, tsx and this process at once and
 * tsx forwards it again, so repeated signals are expected and only noted; a clean-up that hangs
 * is cut short after 60 s.
 */
export function installSignalHandlers(): void {
  let signalled = false;
  for (const signal of ['SIGINT', 'SIGTERM', 'SIGHUP'] as const) {
    process.on(signal, () => {
      if (signalled) return;
      signalled = true;
      console.error(`\n[bench] ${signal}: cleaning up…`);
      setTimeout(() => process.exit(130), 60_000).unref();
      // A short grace lets a launch that was under way register (and so undo) what it made.
      void cleanupAll()
        .then(() => new Promise((resolve) => setTimeout(resolve, 500)))
        .then(() => Promise.allSettled(late))
        .finally(() => process.exit(130));
    });
  }
}

/**
 * Ends a child process started with `detached: true` (its own process group) together with the
 * processes it started: `npx`/`tsx` run the real program in a grandchild that a plain kill of the
 * child would leave behind. Only the group we created is signalled.
 */
export async function killGroup(pid: number | undefined, graceMs = 3000): Promise<void> {
  if (pid === undefined) return;
  const alive = (): boolean => {
    try {
      process.kill(-pid, 0);
      return true;
    } catch {
      return false;
    }
  };
  if (!alive()) return;
  try {
    process.kill(-pid, 'SIGTERM');
  } catch {
    return;
  }
  const deadline = Date.now() + graceMs;
  while (alive() && Date.now() < deadline) await new Promise((resolve) => setTimeout(resolve, 50));
  if (alive()) {
    try {
      process.kill(-pid, 'SIGKILL');
    } catch {
      // Already gone between the check and the kill.
    }
  }
}
