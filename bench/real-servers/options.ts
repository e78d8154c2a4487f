/** Command-line flags of `npm run check:servers -- …`. */
import { readFlags } from '../cli';
import type { Scenario } from './types';

export interface CheckOptions {
  /** Scenario ids or groups; empty for all. */
  only: string[];
  /** Size of the test file, MiB. */
  sizeMiB: number;
  outDir: string;
  /** Build the app from this commit instead of the working tree (figures from before a change). */
  appRev: string | null;
  /** Leave the temporary nginx folder (config, access logs) for a look afterwards. */
  keep: boolean;
}

const USAGE = `usage: npm run check:servers -- [--only NAME,NAME] [--size MIB] [--out DIR] [--app-rev REV] [--keep]

  --only LIST   run only these scenarios (ids or groups, comma-separated, or repeat the flag)
  --size MIB    size of the test file (default 256)
  --out DIR     where <date>.md goes (default bench/real-servers/results)
  --app-rev REV build the app from commit REV (git archive into a temporary folder), not the working tree
  --keep        keep the temporary folder with nginx.conf and the access logs; prints its path
`;

export function parseOptions(argv: readonly string[]): CheckOptions {
  const options: CheckOptions = { only: [], sizeMiB: 256, outDir: 'bench/real-servers/results', appRev: null, keep: false };
  readFlags(argv, USAGE, (key, value) => {
    switch (key) {
      case '--only':
        options.only.push(...value().split(',').map((s) => s.trim()).filter((s) => s !== ''));
        return true;
      case '--size':
        options.sizeMiB = Number(value());
        if (!Number.isInteger(options.sizeMiB) || options.sizeMiB < 1) throw new Error(`--size must be a positive integer\n${USAGE}`);
        return true;
      case '--out':
        options.outDir = value();
        return true;
      case '--app-rev':
        options.appRev = value();
        return true;
      case '--keep':
        options.keep = true;
        return true;
      default:
        return false;
    }
  });
  return options;
}

/** The scenarios `--only` names (by id or group), in their usual order; all when it names none. */
export function selectScenarios(all: readonly Scenario[], only: readonly string[]): Scenario[] {
  const known = new Set(all.flatMap((s) => [s.id, s.group]));
  const unknown = only.filter((name) => !known.has(name));
  if (unknown.length > 0) throw new Error(`unknown scenario ${unknown.map((n) => `"${n}"`).join(', ')}; known: ${[...known].join(', ')}`);
  return only.length === 0 ? [...all] : all.filter((s) => only.includes(s.id) || only.includes(s.group));
}
