import { describe, expect, it } from 'vitest';
import { DATA_LOST_NOTE, NO_RANGES_NOTE, planResume, type StagedState } from '../../src/shared/resume-plan';

const MiB = 1 << 20;

/** A ranged 4 MiB file, planned in four pieces, with the first piece half staged. */
function state(overrides: Partial<StagedState> = {}): StagedState {
  return {
    rangeSupported: true,
    size: 4 * MiB,
    segments: [
      { start: 0, end: MiB, done: MiB / 2 },
      { start: MiB, end: 2 * MiB, done: 0 },
      { start: 2 * MiB, end: 3 * MiB, done: 0 },
      { start: 3 * MiB, end: 4 * MiB, done: 0 },
    ],
    streamed: 0,
    fingerprint: null,
    ...overrides,
  };
}

describe('planResume', () => {
  it('probes a job never answered', () => {
    expect(planResume(state({ rangeSupported: null, size: null, segments: [] }), 0)).toEqual({ kind: 'probe' });
  });

  it('starts again, saying so, when a server without ranges had sent bytes', () => {
    expect(planResume(state({ rangeSupported: false, size: null, segments: [], streamed: 500 }), 500)).toEqual({
      kind: 'start-again',
      note: NO_RANGES_NOTE,
    });
    const ofKnownSize = state({ rangeSupported: false, segments: [{ start: 0, end: 4 * MiB, done: 10 }] });
    expect(planResume(ofKnownSize, 4 * MiB)).toEqual({ kind: 'start-again', note: NO_RANGES_NOTE });
  });

  it('starts again without a note when a server without ranges had sent nothing', () => {
    expect(planResume(state({ rangeSupported: false, size: null, segments: [] }), 0)).toEqual({ kind: 'start-again', note: null });
  });

  it('starts again when the size is unknown or the recorded ranges do not tile the file', () => {
    expect(planResume(state({ size: null }), 4 * MiB)).toEqual({ kind: 'start-again', note: null });
    // Stopped between the probe and the plan: no ranges recorded yet.
    expect(planResume(state({ segments: [] }), 4 * MiB)).toEqual({ kind: 'start-again', note: null });
    const overlapping = state({ segments: [{ start: 0, end: 3 * MiB, done: 0 }, { start: 2 * MiB, end: 4 * MiB, done: 0 }] });
    expect(planResume(overlapping, 4 * MiB)).toEqual({ kind: 'start-again', note: null });
    const tooMuchDone = state({ segments: [{ start: 0, end: 4 * MiB, done: 5 * MiB }] });
    expect(planResume(tooMuchDone, 4 * MiB)).toEqual({ kind: 'start-again', note: null });
  });

  it('starts again, saying the data was lost, when the staging file is shorter than what was recorded', () => {
    const lastStagedByte = state({ segments: [{ start: 0, end: 2 * MiB, done: 2 * MiB }, { start: 2 * MiB, end: 4 * MiB, done: 100 }] });
    expect(planResume(lastStagedByte, 2 * MiB + 99)).toEqual({ kind: 'start-again', note: DATA_LOST_NOTE });
    expect(planResume(lastStagedByte, 0)).toEqual({ kind: 'start-again', note: DATA_LOST_NOTE });
    expect(planResume(lastStagedByte, 2 * MiB + 100).kind).toBe('resume');
  });

  it('goes straight to the copy when every byte is staged', () => {
    const all = state({ segments: [{ start: 0, end: 4 * MiB, done: 4 * MiB }] });
    expect(planResume(all, 4 * MiB)).toEqual({ kind: 'complete' });
  });

  it('resumes from the recorded ranges, with the fingerprint to compare when there is one', () => {
    const plain = planResume(state(), 4 * MiB);
    expect(plain).toEqual({ kind: 'resume', segments: state().segments, fingerprint: null });
    expect(planResume(state({ fingerprint: 'abc' }), 4 * MiB)).toEqual({ kind: 'resume', segments: state().segments, fingerprint: 'abc' });
  });

  it('hands out copies of the ranges, never the record itself', () => {
    const record = state();
    const plan = planResume(record, 4 * MiB);
    if (plan.kind !== 'resume') throw new Error(`expected a resume, got ${plan.kind}`);
    const first = plan.segments[0];
    if (first) first.done = 0;
    expect(record.segments[0]?.done).toBe(MiB / 2);
  });
});
