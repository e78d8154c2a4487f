import { bytesDone, remainingRanges, validateSegments } from './segments';
import type { SegmentState } from './types';

/** What a job's record says about its remote file and the bytes it has staged. */
export interface StagedState {
  /** null until the first answer (the probe) has been read. */
  rangeSupported: boolean | null;
  size: number | null;
  segments: ReadonlyArray<SegmentState>;
  /** Bytes staged by a single stream of unknown size. */
  streamed: number;
  fingerprint: string | null;
}

export type ResumePlan =
  /** Nothing is known yet: the first request probes the file. */
  | { kind: 'probe' }
  /**
   * The staged bytes cannot be used: drop them and what is known of the file, then probe. `note`
   * tells the person why, when bytes were lost.
   */
  | { kind: 'start-again'; note: string | null }
  /** Every byte is staged; only the copy to the picked file is left. */
  | { kind: 'complete' }
  /** Go on from the staged bytes; `fingerprint` is compared first when the server shows no validator. */
  | { kind: 'resume'; segments: SegmentState[]; fingerprint: string | null };

export const NO_RANGES_NOTE = 'The server cannot resume this download; started again';
export const DATA_LOST_NOTE = 'The partly downloaded data was lost; started again';

/**
 * Decides how a run begins from the job's record and the size of its staging file as found on
 * disk. Two versions of a file are never spliced: anything that cannot be shown to continue the
 * staged bytes starts again from the first byte.
 */
export function planResume(state: StagedState, stagedSize: number): ResumePlan {
  if (state.rangeSupported === null) return { kind: 'probe' };
  if (!state.rangeSupported) {
    // Without ranges the only way on is from the first byte.
    const hadBytes = state.streamed > 0 || bytesDone(state.segments) > 0;
    return { kind: 'start-again', note: hadBytes ? NO_RANGES_NOTE : null };
  }
  if (state.size === null || validateSegments(state.segments, state.size) !== null) {
    // Stopped between the probe and the plan (a full disk, say): nothing staged can be trusted.
    return { kind: 'start-again', note: null };
  }
  const recordedEnd = Math.max(0, ...state.segments.map((s) => s.start + s.done));
  if (stagedSize < recordedEnd) return { kind: 'start-again', note: DATA_LOST_NOTE };
  if (remainingRanges(state.segments).length === 0) return { kind: 'complete' };
  return { kind: 'resume', segments: state.segments.map((s) => ({ ...s })), fingerprint: state.fingerprint };
}
