import { describe, expect, it } from 'vitest';
import { DEFAULT_SETTINGS } from '../../src/shared/settings';
import { recordOfEntry } from '../../src/worker/engine/new-record';

describe('recordOfEntry', () => {
  it('keeps the link, its checksum and a sanitized given name, and lists its servers when it has mirrors', () => {
    const record = recordOfEntry(
      { url: 'https://a.example/f.iso', sha256: 'ab'.repeat(32), name: 'my/f.iso', mirrors: ['https://b.example/f.iso'] },
      null,
      DEFAULT_SETTINGS,
      42,
    );
    expect(record.url).toBe('https://a.example/f.iso');
    expect(record.expectedSha256).toBe('ab'.repeat(32));
    expect(record.givenName).not.toContain('/');
    expect(record.name).toBe(record.givenName);
    expect(record.mirrors?.map((m) => m.url)).toEqual(['https://a.example/f.iso', 'https://b.example/f.iso']);
    expect(record.createdAt).toBe(42);
    expect(record.status).toBe('queued');
  });

  it('drops a ZIP window from a link that comes without its entry, and takes the new job speed limit', () => {
    const record = recordOfEntry({ url: 'https://a.example/a.zip#rangefetch-bytes=10-99' }, null, { ...DEFAULT_SETTINGS, jobSpeedLimitMBps: 3 }, 0);
    expect(record.url).toBe('https://a.example/a.zip');
    expect(record.zipEntry).toBeUndefined();
    expect(record.mirrors).toBeUndefined();
    expect(record.speedLimit).toBe(3);
  });
});
