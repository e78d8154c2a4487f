import { describe, expect, it } from 'vitest';
import { DEFAULT_RETRY_POLICY } from '../../src/shared/retry-policy';
import { checkSettings, DEFAULT_SETTINGS, retryPolicyOf } from '../../src/shared/settings';

describe('checkSettings', () => {
  it('fills missing fields with defaults, so records stored by an older version still load', () => {
    expect(checkSettings({})).toEqual({ ok: true, settings: DEFAULT_SETTINGS });
    expect(checkSettings({ stallTimeoutSeconds: 5 })).toEqual({ ok: true, settings: { ...DEFAULT_SETTINGS, stallTimeoutSeconds: 5 } });
  });

  it('accepts numbers typed into a form as text', () => {
    const result = checkSettings({ connectionsPerServer: '4', speedLimitMBps: '2.5' });
    expect(result).toEqual({ ok: true, settings: { ...DEFAULT_SETTINGS, connectionsPerServer: 4, speedLimitMBps: 2.5 } });
  });

  it('refuses values outside the bounds, fractions where whole numbers are needed, and non-numbers', () => {
    const result = checkSettings({ connectionsPerServer: 0, retries: 2.5, stallTimeoutSeconds: 'soon', speedLimitMBps: -1 });
    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(result.errors).toEqual([
      'Connections per server must be a whole number from 1 to 16.',
      'Retries before giving up must be a whole number from 0 to 100.',
      'Stall timeout (seconds) must be a whole number from 1 to 3600.',
      'Speed limit (MiB/s, 0 for none) must be a number from 0 to 100000.',
    ]);
  });

  it('takes a switch as stored (a boolean) or from a form (true or false), and refuses anything else', () => {
    expect(DEFAULT_SETTINGS.lookForPublishedChecksums).toBe(true);
    expect(checkSettings({ lookForPublishedChecksums: false })).toEqual({ ok: true, settings: { ...DEFAULT_SETTINGS, lookForPublishedChecksums: false } });
    expect(checkSettings({ lookForPublishedChecksums: 'false' })).toEqual({ ok: true, settings: { ...DEFAULT_SETTINGS, lookForPublishedChecksums: false } });
    expect(checkSettings({ lookForPublishedChecksums: 'true' })).toEqual({ ok: true, settings: DEFAULT_SETTINGS });
    expect(checkSettings({ lookForPublishedChecksums: 1 })).toEqual({
      ok: false,
      errors: ['Check downloads against checksums published beside them must be on or off.'],
    });
  });

  it('refuses an empty field rather than reading it as zero', () => {
    expect(checkSettings({ speedLimitMBps: '' }).ok).toBe(false);
    expect(checkSettings({ connectionsPerServer: ' ' }).ok).toBe(false);
  });
});

describe('retryPolicyOf', () => {
  it('counts the first try apart from the retries, takes the time budget, and keeps the backoff delays', () => {
    const policy = retryPolicyOf({ ...DEFAULT_SETTINGS, retries: 3, giveUpAfterSeconds: 10 });
    expect(policy).toEqual({ ...DEFAULT_RETRY_POLICY, maxAttempts: 4, maxElapsedMs: 10_000 });
    expect(retryPolicyOf({ ...DEFAULT_SETTINGS, retries: 0 }).maxAttempts).toBe(1);
  });
});
