/** Command-line flags of `npm run bench -- …`. */
import { readFlags } from './cli';

export const SCENARIO_IDS = ['fast', 'distant', 'many', 'memory', 'resume', 'crash'] as const;
export type ScenarioId = (typeof SCENARIO_IDS)[number];

export interface BenchOptions {
  /** Runs per contender and scenario (alternating contenders). */
  runs: number;
  /** Small sizes and one run: a smoke test of the whole bench in a couple of minutes. */
  quick: boolean;
  only: ScenarioId[];
  /** Install aria2/curl with apt-get when missing (only possible as root). */
  install: boolean;
  outDir: string;
}

const USAGE = `usage: npm run bench -- [--quick] [--runs N] [--only ${SCENARIO_IDS.join(',')}] [--no-install] [--out DIR]

  --quick        small sizes, 1 run each: checks the bench itself in ~2 minutes
  --runs N       runs per contender in each scenario (default 3, or 1 with --quick)
  --only LIST    run only these scenarios (comma-separated, or repeat the flag)
  --no-install   do not apt-get install aria2/curl when they are missing
  --out DIR      where <date>.json and <date>.md go (default bench/results)
`;

export function parseOptions(argv: readonly string[]): BenchOptions {
  let runs: number | null = null;
  let quick = false;
  let install = true;
  let outDir = 'bench/results';
  const only: ScenarioId[] = [];
  readFlags(argv, USAGE, (key, value) => {
    switch (key) {
      case '--quick':
        quick = true;
        return true;
      case '--runs':
        runs = Number(value());
        if (!Number.isInteger(runs) || runs < 1) throw new Error(`--runs must be a positive integer\n${USAGE}`);
        return true;
      case '--only':
        for (const id of value().split(',').map((s) => s.trim()).filter((s) => s !== '')) {
          if (!(SCENARIO_IDS as readonly string[]).includes(id)) throw new Error(`unknown scenario "${id}"\n${USAGE}`);
          only.push(id as ScenarioId);
        }
        return true;
      case '--no-install':
        install = false;
        return true;
      case '--out':
        outDir = value();
        return true;
      default:
        return false;
    }
  });
  return { runs: runs ?? (quick ? 1 : 3), quick, only: only.length > 0 ? only : [...SCENARIO_IDS], install, outDir };
}
