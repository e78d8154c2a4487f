import type { ChecksumSource } from '../../shared/published-sums';

/**
 * Why a file is not the expected one, naming where a checksum the person did not give came
 * from ("SHA256SUMS from example.org"). `saved`: the checksum was found only after the file had
 * been saved, which then stays where it is.
 */
export function mismatchMessage(job: { expectedSha256: string | null; expectedSha256Source?: ChecksumSource }, got: string, saved: boolean): string {
  const source = job.expectedSha256Source;
  const from = source ? ` (${source.name} from ${source.host})` : '';
  const what = `Checksum mismatch: expected ${job.expectedSha256 ?? ''}${from}, got ${got}.`;
  return saved ? `${what} The checksum arrived after the file was saved: do not trust the saved file.` : `${what} The file was not saved.`;
}
