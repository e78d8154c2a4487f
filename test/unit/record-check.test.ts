import { describe, expect, it } from 'vitest';
import { checkJobRecord } from '../../src/worker/storage/record-check';
import { newJobRecord } from '../../src/worker/storage/job-record';

function goodRecord(): Record<string, unknown> {
  return {
    ...newJobRecord('id-1', 'https://example.com/a.iso', 'a.iso', 1000),
    size: 300,
    rangeSupported: true,
    segments: [
      { start: 0, end: 100, done: 100 },
      { start: 100, end: 300, done: 20 },
    ],
    destination: { kind: 'file', handle: { kind: 'file', name: 'a.iso' } },
  };
}

describe('checkJobRecord', () => {
  it('accepts a record as this version stores it', () => {
    const raw = goodRecord();
    const checked = checkJobRecord(raw);
    expect(checked).toEqual({ ok: true, record: raw });
  });

  it('accepts where a checksum the person did not give was found, and a record stored before that existed', () => {
    const source = { kind: 'file', name: 'SHA256SUMS', host: 'example.com' };
    expect(checkJobRecord({ ...goodRecord(), expectedSha256: 'a'.repeat(64), expectedSha256Source: source }).ok).toBe(true);
    const { expectedSha256Source: _, ...older } = { ...goodRecord(), expectedSha256Source: source };
    expect(checkJobRecord(older).ok).toBe(true);
  });

  it('accepts a probed size with no segments yet (stopped between the probe and the plan)', () => {
    expect(checkJobRecord({ ...goodRecord(), segments: [] }).ok).toBe(true);
  });

  it('names the damaged field and keeps the name and link to show on the row', () => {
    const checked = checkJobRecord({ ...goodRecord(), streamed: -1 });
    expect(checked).toEqual({ ok: false, damaged: { id: 'id-1', name: 'a.iso', url: 'https://example.com/a.iso', reason: 'its streamed is not valid' } });
  });

  it('refuses segments that do not tile the file', () => {
    const checked = checkJobRecord({ ...goodRecord(), segments: [{ start: 0, end: 100, done: 100 }] });
    expect(checked.ok).toBe(false);
    if (!checked.ok) expect(checked.damaged.reason).toMatch(/belong to no segment/);
  });

  it('refuses each kind of damage a broken write or an old bug could leave', () => {
    const broken: Array<[string, unknown]> = [
      ['url', 'javascript:alert(1)'],
      ['url', 42],
      ['name', ''],
      ['size', Number.NaN],
      ['size', -5],
      ['segments', 'none'],
      ['segments', [{ start: 0, end: 'x', done: 0 }]],
      ['status', 'exploded'],
      ['errorKind', 'canceled'],
      ['destination', { kind: 'file' }],
      ['destination', { kind: 'folder', handle: { kind: 'folder', name: 'x' } }],
      ['expectedSha256', 'abc'],
      ['expectedSha256Source', { kind: 'rumour', name: 'SHA256SUMS', host: 'example.com' }],
      ['expectedSha256Source', null],
      ['createdAt', Number.POSITIVE_INFINITY],
      ['allowWebPage', 'yes'],
    ];
    for (const [field, value] of broken) {
      const checked = checkJobRecord({ ...goodRecord(), [field]: value });
      expect(checked.ok, `${field} = ${JSON.stringify(value)}`).toBe(false);
      if (!checked.ok) expect(checked.damaged.reason).toBe(`its ${field} is not valid`);
    }
  });

  it('gives a row even to something that is not a record at all', () => {
    expect(checkJobRecord(null)).toEqual({ ok: false, damaged: { id: '', name: 'Damaged entry', url: '', reason: 'it has no id' } });
    expect(checkJobRecord({ id: 'x', name: 7 })).toEqual({ ok: false, damaged: { id: 'x', name: 'Damaged entry', url: '', reason: 'its url is not valid' } });
  });
});
