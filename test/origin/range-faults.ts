/**
 * How a 206 strays from the range it was asked for: `long=`, `badcr=`, `fromzero=`, `wrongrange=`
 * and `endless=` (see the switch list in serve-file.ts).
 */
import type { FileOptions } from './options.ts';
import { countFault, takeFault, type NameState } from './name-store.ts';

/** How far wrongrange= and badcr= move a range. */
const SHIFT = 4096;

export interface RangeAnswer {
  /** The range Content-Range claims, inclusive. */
  start: number;
  end: number;
  /** Absolute file offset of the first body byte actually sent. */
  from: number;
  /** The body runs on past `end` until the client goes away. */
  endless: boolean;
}

/**
 * The 206 for the asked range `start`-`end` of a `size`-byte file. A HEAD gets only the header
 * lies (badcr, endless), since it has no body to be wrong.
 */
export function answerRange(
  asked: { start: number; end: number },
  size: number,
  o: FileOptions,
  s: NameState,
  isHead: boolean,
): RangeAnswer {
  let start = asked.start;
  let end = asked.end;
  if (o.long !== undefined && !isHead) {
    const longer = Math.min(end + o.long, size - 1);
    if (longer > end && takeFault(s, 'longs', o.longs)) {
      end = longer;
      countFault(s, 'long');
    }
  }
  let from = start;
  if (o.badcr) {
    const shift = start + SHIFT < size ? SHIFT : -Math.min(SHIFT, start);
    if (shift !== 0 && takeFault(s, 'badcrs', o.badcrs)) {
      start += shift;
      end = Math.min(Math.max(end + shift, start), size - 1);
      from = start;
      countFault(s, 'badcr');
    }
  }
  if (o.fromzero && start > 0 && !isHead && takeFault(s, 'fromzeros', o.fromzeros)) {
    from = 0;
    countFault(s, 'fromzero');
  } else if (o.wrongrange && !isHead && takeFault(s, 'wrongranges', o.wrongranges)) {
    from = start + SHIFT;
    countFault(s, 'wrongrange');
  }
  const endless = o.endless && (isHead || takeFault(s, 'endlesses', o.endlesses));
  if (endless && !isHead) countFault(s, 'endless');
  return { start, end, from, endless };
}
