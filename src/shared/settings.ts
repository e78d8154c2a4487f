import { DEFAULT_RETRY_POLICY, type RetryPolicy } from './retry-policy';

/** What a person may tune. Stored in IndexedDB; applies to every request made after saving. */
export interface Settings {
  /** Connections to one server, shared by all jobs on it (Chromium allows 6 over HTTP/1.1). */
  connectionsPerServer: number;
  /** Tries after a failure, in a row with no byte received in between, before a job fails. */
  retries: number;
  /** Seconds since the first of those failures after which a job fails. */
  giveUpAfterSeconds: number;
  /** A connection that delivers no byte for this long is dropped and its range retried. */
  stallTimeoutSeconds: number;
  /**
   * Overall download speed limit in MiB/s (2^20 bytes, the unit the rows show speeds in); 0 for
   * none. The name is the one stored settings have always used.
   */
  speedLimitMBps: number;
  /** Downloads running at the same time; 0 for automatic (up to AUTOMATIC_DOWNLOADS_AT_ONCE). */
  downloadsAtOnce: number;
  /** The speed limit a new download gets for itself, in MiB/s; 0 for none. */
  jobSpeedLimitMBps: number;
  /**
   * Look beside each download for the checksum its publisher put there (SHA256SUMS, NAME.sha256,
   * a Repr-Digest header) and check the file against it.
   */
  lookForPublishedChecksums: boolean;
}

/** The settings typed as numbers; the others are switches, on or off. */
export type NumberSetting = { [K in keyof Settings]: Settings[K] extends number ? K : never }[keyof Settings];
export type SwitchSetting = { [K in keyof Settings]: Settings[K] extends boolean ? K : never }[keyof Settings];

/** Bytes in the MiB of the speed settings (MiB/s, the unit the rows show speeds in). */
export const BYTES_PER_MIB = 1024 * 1024;

/** Up to 12 at once: small files spend most of their time on round trips to storage, not bandwidth. */
export const AUTOMATIC_DOWNLOADS_AT_ONCE = 12;

/** How many downloads may run at once under these settings. */
export function downloadsAtOnceOf(settings: Settings): number {
  return settings.downloadsAtOnce === 0 ? AUTOMATIC_DOWNLOADS_AT_ONCE : settings.downloadsAtOnce;
}

export const DEFAULT_SETTINGS: Readonly<Settings> = {
  connectionsPerServer: 6,
  retries: 8,
  giveUpAfterSeconds: DEFAULT_RETRY_POLICY.maxElapsedMs / 1000,
  stallTimeoutSeconds: 20,
  speedLimitMBps: 0,
  downloadsAtOnce: 0,
  jobSpeedLimitMBps: 0,
  lookForPublishedChecksums: true,
};

interface Bounds {
  min: number;
  max: number;
  integer: boolean;
}

/**
 * Limits that keep a setting meaningful: more than 16 connections only queues inside the browser,
 * a stall timeout under a second would drop healthy slow links.
 */
export const SETTING_BOUNDS: Readonly<Record<NumberSetting, Bounds>> = {
  connectionsPerServer: { min: 1, max: 16, integer: true },
  retries: { min: 0, max: 100, integer: true },
  giveUpAfterSeconds: { min: 1, max: 7 * 24 * 3600, integer: true },
  stallTimeoutSeconds: { min: 1, max: 3600, integer: true },
  speedLimitMBps: { min: 0, max: 100_000, integer: false },
  downloadsAtOnce: { min: 0, max: 50, integer: true },
  jobSpeedLimitMBps: { min: 0, max: 100_000, integer: false },
};

export const NUMBER_SETTINGS = Object.keys(SETTING_BOUNDS) as NumberSetting[];
export const SWITCH_SETTINGS: readonly SwitchSetting[] = ['lookForPublishedChecksums'];

/**
 * The settings' names in the sentences checkSettings writes (English, like every message of the
 * engine). The page shows its own labels and help, in its language, from src/ui/i18n.
 */
export const SETTING_LABELS: Readonly<Record<keyof Settings, string>> = {
  connectionsPerServer: 'Connections per server',
  retries: 'Retries before giving up',
  giveUpAfterSeconds: 'Give up after (seconds)',
  stallTimeoutSeconds: 'Stall timeout (seconds)',
  speedLimitMBps: 'Speed limit (MiB/s, 0 for none)',
  downloadsAtOnce: 'Downloads at once (0 for automatic)',
  jobSpeedLimitMBps: 'Speed limit per new download (MiB/s, 0 for none)',
  lookForPublishedChecksums: 'Check downloads against checksums published beside them',
};

export type SettingsCheck = { ok: true; settings: Settings } | { ok: false; errors: string[] };

/** A switch's value from storage (a boolean) or a form (`true` / `false`); null when it is neither. */
function switchValue(raw: unknown): boolean | null {
  if (typeof raw === 'boolean') return raw;
  if (raw === 'true' || raw === 'false') return raw === 'true';
  return null;
}

/**
 * Checks settings that came from a form or from storage. Every number must be within its
 * bounds and every switch on or off; a missing field (an older stored record) takes its default.
 */
export function checkSettings(input: Partial<Record<keyof Settings, unknown>>): SettingsCheck {
  const settings: Settings = { ...DEFAULT_SETTINGS };
  const errors: string[] = [];
  for (const key of SWITCH_SETTINGS) {
    if (input[key] === undefined) continue;
    const value = switchValue(input[key]);
    if (value === null) errors.push(`${SETTING_LABELS[key]} must be on or off.`);
    else settings[key] = value;
  }
  for (const key of NUMBER_SETTINGS) {
    const raw = input[key];
    if (raw === undefined) continue;
    const value = typeof raw === 'string' && raw.trim() !== '' ? Number(raw) : raw;
    const { min, max, integer } = SETTING_BOUNDS[key];
    if (typeof value !== 'number' || !Number.isFinite(value) || value < min || value > max || (integer && !Number.isInteger(value))) {
      const kind = integer ? 'a whole number' : 'a number';
      errors.push(`${SETTING_LABELS[key]} must be ${kind} from ${min} to ${max}.`);
      continue;
    }
    settings[key] = value;
  }
  return errors.length > 0 ? { ok: false, errors } : { ok: true, settings };
}

/** The retry policy the settings describe; backoff delays stay the library's defaults. */
export function retryPolicyOf(settings: Settings): RetryPolicy {
  // The first try is not a retry: n retries make n + 1 tries in all.
  return { ...DEFAULT_RETRY_POLICY, maxAttempts: settings.retries + 1, maxElapsedMs: settings.giveUpAfterSeconds * 1000 };
}
