import { describe, expect, it } from 'vitest';
import { formatBytes, formatDuration, formatProgress, formatSpeed } from '../../src/shared/format';
import { en } from '../../src/ui/i18n/en';
import { zhCN } from '../../src/ui/i18n/zh-CN';

const KiB = 1024;
const MiB = KiB * 1024;
const GiB = MiB * 1024;

describe('formatBytes', () => {
  it.each([
    [0, '0 B'],
    [1, '1 B'],
    [1023, '1023 B'],
    [1023.6, '1.00 KiB'],
    [KiB, '1.00 KiB'],
    [1536, '1.50 KiB'],
    [10 * KiB, '10.0 KiB'],
    [9.996 * KiB, '10.0 KiB'],
    [999 * KiB, '999 KiB'],
    [1023 * KiB, '1023 KiB'],
    [MiB - 1, '1.00 MiB'],
    [64 * MiB, '64.0 MiB'],
    [12.34 * MiB, '12.3 MiB'],
    [512 * MiB, '512 MiB'],
    [GiB, '1.00 GiB'],
    [2 ** 47, '128 TiB'],
    [2 ** 70, '1024 EiB'],
  ])('formats %d as %s', (n, text) => {
    expect(formatBytes(n)).toBe(text);
  });

  it('handles odd values', () => {
    expect(formatBytes(Number.NaN)).toBe('—');
    expect(formatBytes(Number.POSITIVE_INFINITY)).toBe('—');
    expect(formatBytes(-2048)).toBe('-2.00 KiB');
  });
});

describe('formatSpeed', () => {
  it('adds /s', () => {
    expect(formatSpeed(12.3 * MiB)).toBe('12.3 MiB/s');
    expect(formatSpeed(0)).toBe('0 B/s');
    expect(formatSpeed(Number.NaN)).toBe('—');
  });
});

describe('formatDuration', () => {
  it.each([
    [0, '0 s'],
    [5, '5 s'],
    [59.4, '59 s'],
    [59.6, '1 min 00 s'],
    [125, '2 min 05 s'],
    [3599, '59 min 59 s'],
    [3600, '1 h 00 min'],
    [3725, '1 h 02 min'],
    [47 * 3600 + 59 * 60, '47 h 59 min'],
    [48 * 3600, '2 d 00 h'],
    [3 * 86400 + 4 * 3600, '3 d 04 h'],
  ])('formats %d s as %s', (seconds, text) => {
    expect(formatDuration(seconds)).toBe(text);
  });

  it('shows a dash when unknown', () => {
    expect(formatDuration(null)).toBe('—');
    expect(formatDuration(Number.POSITIVE_INFINITY)).toBe('—');
    expect(formatDuration(Number.NaN)).toBe('—');
    expect(formatDuration(-1)).toBe('—');
  });
});

describe('formatProgress', () => {
  it('shows done of total, or done alone when the total is unknown', () => {
    expect(formatProgress(12 * MiB, 64 * MiB)).toBe('12.0 MiB of 64.0 MiB');
    expect(formatProgress(12 * MiB, null)).toBe('12.0 MiB');
    expect(formatProgress(0, 0)).toBe('0 B of 0 B');
  });
});

describe('in Simplified Chinese', () => {
  it('keeps binary units and writes the words around the numbers in Chinese', () => {
    expect(formatBytes(12.34 * MiB, zhCN.locale)).toBe('12.3 MiB');
    expect(formatSpeed(1536, zhCN.locale)).toBe('1.50 KiB/s');
    expect(formatProgress(12 * MiB, 64 * MiB, zhCN.numbers)).toBe('12.0 MiB / 64.0 MiB');
    expect(formatProgress(12 * MiB, null, zhCN.numbers)).toBe('12.0 MiB');
  });

  it.each([
    [5, '5秒'],
    [125, '2分05秒'],
    [3725, '1小时02分'],
    [3 * 86400 + 4 * 3600, '3天04小时'],
  ])('formats %d s as %s', (seconds, text) => {
    expect(formatDuration(seconds, zhCN.numbers)).toBe(text);
  });

  it('gives the same English as before when asked in English', () => {
    expect(formatDuration(125, en.numbers)).toBe(formatDuration(125));
    expect(formatProgress(12 * MiB, 64 * MiB, en.numbers)).toBe('12.0 MiB of 64.0 MiB');
  });
});

describe('digits of other locales', () => {
  it('follows the locale for the decimal sign, still without grouping', () => {
    // German writes a decimal comma: the helpers are locale-parameterized, not English-only.
    expect(formatBytes(1536, 'de-DE')).toBe('1,50 KiB');
    expect(formatBytes(1023, 'de-DE')).toBe('1023 B');
  });
});
