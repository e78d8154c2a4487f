/** What a scenario is given, and what it reports. */
import type { LogSummary } from './access-log';
import type { Aria2Result } from './aria2';
import type { TestFile } from './test-file';

export interface ServerShape {
  /** `listen … ssl http2` with a self-signed certificate. */
  tls?: boolean;
  /** Server-level directives, verbatim, without `;`. */
  directives: string[];
  /** Whole location blocks, verbatim. */
  locations?: string[];
}

export interface RunContext {
  id: string;
  /** nginx's origin for this scenario, e.g. http://127.0.0.1:40123 (or https://). */
  origin: string;
  appUrl: string;
  /** The source file; scenarios hard-link it into the docroot under their own names. */
  file: TestFile;
  /** nginx's root; files are served from `${docroot}/files/`. */
  docroot: string;
  /** A folder of this run for flag files. */
  flagDir: string;
  logPath: string;
}

export interface Scenario {
  id: string;
  /** The scenario this is a variant of; `--only` takes either. */
  group: string;
  title: string;
  /** What should happen, in the report's words. */
  expected: string;
  server(ctx: { flagDir: string }): ServerShape;
  run(ctx: RunContext): Promise<CaseResult>;
}

export interface CaseResult {
  /** The expectation held. */
  pass: boolean;
  /** What happened, e.g. "completed, byte-exact" or `failed: "…"`. */
  outcome: string;
  /** Click → completed (or failed) in the app, ms. */
  appMs: number | null;
  /** nginx's view of the app's attempt. */
  app: LogSummary | null;
  aria2: (Aria2Result & { log: LogSummary }) | null;
  /** GETs in progress over the app's attempt (access-log.ts concurrencyTimeline), for throttled runs. */
  timeline?: string;
  /** Every distinct reason and note the row showed. */
  rowTexts: string[];
  notes: string[];
}

export interface ScenarioReport extends CaseResult {
  id: string;
  group: string;
  title: string;
  expected: string;
  fileSize: number;
  /** Wall time of the whole scenario, ms. */
  durationMs: number;
}
