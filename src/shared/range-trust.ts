/**
 * Whether a server's range answers can be trusted to hold the bytes asked for.
 *
 * A 206 says nothing about which bytes it carries except through Content-Range, and a page may
 * read that header cross-origin only when the server exposes it. Without it, a server that
 * answers every range from byte 0 (or from anywhere else) would be spliced into a wrong file.
 * So until trust is earned, each range request asks for OVERLAP_BYTES before its start too, and
 * those bytes are compared with the ones already staged there (see OverlapChecks in the worker).
 * Once TRUST_AFTER overlaps matched, the server has shown it honours ranges and the rest go
 * without: an overlap costs little bandwidth (4 KiB per request of 1 MiB or more), but a range
 * whose overlap is still unchecked is not recorded, so a reload in that window fetches it again.
 */
export const OVERLAP_BYTES = 4096;
export const TRUST_AFTER = 3;

export class RangeTrust {
  private contentRangeShown = false;
  private matched = 0;

  /** An answer showed a Content-Range (checked against the range asked), or did not. */
  sawContentRange(shown: boolean): void {
    this.contentRangeShown = shown;
  }

  /** An overlap matched the staged bytes it covers. */
  overlapMatched(): void {
    this.matched++;
  }

  get earned(): boolean {
    return this.contentRangeShown || this.matched >= TRUST_AFTER;
  }

  /**
   * How many bytes before `pos` the next request asks for: OVERLAP_BYTES until trust is earned.
   * The first bytes of a file have nothing before them to compare; a request from byte 0 cannot
   * come from the wrong place anyway.
   */
  overlapFor(pos: number): number {
    return !this.earned && pos > OVERLAP_BYTES ? OVERLAP_BYTES : 0;
  }

  /**
   * Whether an answer to a request from `pos` may be used: its Content-Range was checked, it
   * carries an overlap to compare, trust is earned, or it lies where nothing can be compared.
   */
  accepts(answer: { contentRangeShown: boolean; overlap: number; pos: number }): boolean {
    return answer.contentRangeShown || answer.overlap > 0 || this.earned || answer.pos <= OVERLAP_BYTES;
  }
}
