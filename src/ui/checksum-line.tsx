import type { JobView } from '../shared/types';
import type { Messages } from './i18n/en';
import { useMessages } from './i18n/context';

/** Says how copying went; the row passes its polite announcer, since neither outcome is an error. */
type Report = (message: string) => void;

async function copy(text: string, report: Report, m: Messages): Promise<void> {
  try {
    await navigator.clipboard.writeText(text);
    report(m.checksum.copied);
  } catch {
    report(m.checksum.copyRefused);
  }
}

/** What the verdict says: against the person's checksum, or against one found published, and where. */
function verdictText(verdict: 'verified' | 'mismatch', job: JobView, m: Messages): string {
  const source = job.expectedSha256Source;
  if (source === undefined) return verdict === 'verified' ? m.checksum.verified : m.checksum.mismatch;
  return verdict === 'verified' ? m.checksum.verifiedAgainst(source.name, source.host) : m.checksum.mismatchAgainst(source.name, source.host);
}

/**
 * The finished file's SHA-256, copyable, and what it says against the checksum the person gave
 * or the one its publisher put beside it.
 */
export function ChecksumLine({ job, report }: { job: JobView; report: Report }) {
  const m = useMessages();
  const { sha256, expectedSha256 } = job;
  if (sha256 === null) return null;
  const verdict = expectedSha256 === null ? null : sha256 === expectedSha256 ? 'verified' : 'mismatch';
  return (
    <div class="checksum-line">
      {verdict && (
        <span class="verdict" data-role="verdict" data-verdict={verdict}>
          {verdictText(verdict, job, m)}
        </span>
      )}
      <span class="checksum" data-role="checksum">
        SHA-256 <code>{sha256}</code>
      </span>
      <button type="button" class="small" onClick={() => void copy(sha256, report, m)}>
        {m.checksum.copy}
      </button>
    </div>
  );
}
