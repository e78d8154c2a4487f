import { storedStatusOf } from '../../shared/job-lifecycle';
import { JobRecordWriter } from '../storage/job-record-writer';
import { saveJobs } from '../storage/job-store';
import type { Entry } from './job-table';

/**
 * Stores job records. The status written is always the one the job's phase stores, read when
 * the write goes out, so a record can never say one thing while its phase says another.
 */
export class RecordKeeper {
  private readonly writer = new JobRecordWriter(saveJobs);

  save(entry: Entry): Promise<void> {
    const saving = this.writer.save(entry.id, () => {
      if (entry.phase.kind === 'removed' || entry.phase.kind === 'damaged') return null;
      // Null while stopping or while another tab drives it: the last status stands.
      entry.record.status = storedStatusOf(entry.phase) ?? entry.record.status;
      return entry.record;
    });
    entry.saved = this.writer.settled();
    return saving;
  }
}
