import type { Move } from '../shared/job-order';
import type { JobView, ViewStatus } from '../shared/types';
import { getEngine } from './engine-bridge';
import { errorMessage } from './error-message';
import { useMessages } from './i18n/context';
import { startRowDrag } from './row-drag';

type Say = (message: string) => void;

/** Jobs whose place in line still matters: those not yet finished or given up. */
const IN_LINE: ReadonlySet<ViewStatus> = new Set(['queued', 'paused', 'downloading']);

/** Move up / Move down in line, and Start now for a job that waits. */
export function OrderButtons({ job, report, notify }: { job: JobView; report: Say; notify: Say }) {
  const m = useMessages();
  if (!IN_LINE.has(job.status) || job.elsewhere) return null;
  const move = (to: Move) => {
    getEngine()
      .move(job.id, to)
      .then((answer) => answer !== null && notify(m.row.about(job.name, m.sentence(answer))))
      .catch((cause: unknown) => report(m.sentence(errorMessage(cause))));
  };
  return (
    <div class="order-buttons">
      {/* Drag where a pointer is; the buttons beside it do the same from a keyboard. */}
      <span class="drag-handle" draggable aria-hidden="true" title={m.order.drag} onDragStart={(e) => startRowDrag(e, job.id)}>
        ⠿
      </span>
      <button type="button" class="small" aria-label={m.order.up} title={m.order.up} onClick={() => move('up')}>
        ↑
      </button>
      <button type="button" class="small" aria-label={m.order.down} title={m.order.down} onClick={() => move('down')}>
        ↓
      </button>
      {job.status !== 'downloading' && (
        <button type="button" class="small" onClick={() => move('first')}>
          {m.order.startNow}
        </button>
      )}
    </div>
  );
}
