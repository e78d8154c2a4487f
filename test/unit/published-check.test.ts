/** When a found checksum is used, and how one found after the file was saved reaches the lifecycle. */
import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import type { JobEvent, Phase } from '../../src/shared/job-lifecycle';
import { DEFAULT_SETTINGS } from '../../src/shared/settings';
import { PublishedCheck, type CheckedEntry } from '../../src/worker/engine/published-check';
import { newJobRecord, type JobRecord } from '../../src/worker/storage/job-record';

const RIGHT = createHash('sha256').update('right').digest();
const WRONG = createHash('sha256').update('wrong').digest();

/** Nothing listens there: every checksum file is simply not found, at once. */
const LINK = 'http://127.0.0.1:1/pub/file.iso';

interface FakeEntry extends CheckedEntry {
  record: JobRecord;
  phase: Phase;
}

function setUp(over: Partial<JobRecord> = {}, settings = DEFAULT_SETTINGS) {
  const entry: FakeEntry = { record: { ...newJobRecord('j', LINK, 'file.iso', 0), ...over }, phase: { kind: 'downloading' } };
  const events: JobEvent[] = [];
  let changes = 0;
  const ports = {
    settings: () => settings,
    dispatch: (_: FakeEntry, event: JobEvent) => {
      events.push(event);
      return { applies: true as const, next: entry.phase, effects: [], done: Promise.resolve() };
    },
    changed: () => void changes++,
  };
  return { entry, events, changes: () => changes, check: PublishedCheck.start(entry, ports) };
}

/** The probe's answer with a Repr-Digest of `digest`. */
const answer = (digest: Buffer) => ({ url: LINK, headers: new Headers({ 'Repr-Digest': `sha-256=:${digest.toString('base64')}:` }) });

describe('PublishedCheck', () => {
  it('looks for nothing when the person gave a checksum, the setting is off, or the job is an entry of a ZIP', () => {
    expect(setUp({ expectedSha256: WRONG.toString('hex') }).check).toBeNull();
    expect(setUp({}, { ...DEFAULT_SETTINGS, lookForPublishedChecksums: false }).check).toBeNull();
    expect(setUp({ zipEntry: { method: 0, crc32: 0, size: 1, folders: [], unpacked: false } }).check).toBeNull();
  });

  it('forgets a checksum an earlier run found, and looks again', () => {
    const source = { kind: 'file' as const, name: 'SHA256SUMS', host: 'example.org' };
    const { entry, check } = setUp({ expectedSha256: WRONG.toString('hex'), expectedSha256Source: source });
    expect(check).not.toBeNull();
    expect(entry.record.expectedSha256).toBeNull();
    expect(entry.record.expectedSha256Source).toBeUndefined();
  });

  it('while the run is on, a digest header becomes the checksum the copy checks, with where it came from', () => {
    const { entry, check, events, changes } = setUp();
    check?.probed(answer(RIGHT));
    expect(entry.record.expectedSha256).toBe(RIGHT.toString('hex'));
    expect(entry.record.expectedSha256Source).toEqual({ kind: 'header', name: 'Repr-Digest', host: '127.0.0.1:1' });
    expect(events).toEqual([]);
    expect(changes()).toBe(1);
    // The first one found is the one.
    check?.probed(answer(WRONG));
    expect(entry.record.expectedSha256).toBe(RIGHT.toString('hex'));
  });

  it('after the file was saved, a checksum that names it keeps it, one that does not fails it, saying why', () => {
    const good = setUp({ sha256: RIGHT.toString('hex') });
    good.entry.phase = { kind: 'completed' };
    good.check?.probed(answer(RIGHT));
    expect(good.events).toEqual([{ type: 'checksum-found', matches: true }]);
    expect(good.entry.record.error).toBeNull();

    const bad = setUp({ sha256: RIGHT.toString('hex') });
    bad.entry.phase = { kind: 'completed' };
    bad.check?.probed(answer(WRONG));
    expect(bad.events).toEqual([{ type: 'checksum-found', matches: false }]);
    expect(bad.entry.record.errorKind).toBe('integrity');
    expect(bad.entry.record.error).toBe(
      `Checksum mismatch: expected ${WRONG.toString('hex')} (Repr-Digest from 127.0.0.1:1), got ${RIGHT.toString('hex')}. The checksum arrived after the file was saved: do not trust the saved file.`,
    );
  });

  it('checks, once the run has ended, a checksum that came while the copy was closing the file', () => {
    const { entry, check, events } = setUp();
    entry.phase = { kind: 'saving' };
    check?.probed(answer(WRONG));
    // The copy had already compared (against nothing) and saved the file.
    entry.record.sha256 = RIGHT.toString('hex');
    entry.phase = { kind: 'completed' };
    check?.afterRun();
    expect(events).toEqual([{ type: 'checksum-found', matches: false }]);
  });

  it('lets the file be closed as soon as the look has ended, not after the whole grace', async () => {
    const { check } = setUp();
    const started = performance.now();
    // Nothing listens at the link: every checksum file fails at once.
    await check?.beforeClose(20_000);
    expect(performance.now() - started).toBeLessThan(5_000);
  });

  it('drops a checksum that comes when the job is no longer this run’s', () => {
    const { entry, check, events } = setUp();
    entry.phase = { kind: 'paused' };
    check?.probed(answer(RIGHT));
    expect(entry.record.expectedSha256).toBeNull();
    entry.phase = { kind: 'downloading' };
    entry.record = newJobRecord('j', LINK, 'file.iso', 0);
    check?.probed(answer(RIGHT));
    expect(entry.record.expectedSha256).toBeNull();
    expect(events).toEqual([]);
  });
});
