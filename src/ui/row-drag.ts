import { useEffect, useRef, type MutableRef } from 'preact/hooks';

/** The drag of a row by its handle carries only this type, so a drop of links ignores it. */
const ROW_TYPE = 'application/x-rangefetch-job';

/** For the handle's dragstart: the row with this id is being moved. */
export function startRowDrag(event: DragEvent, id: string): void {
  if (event.dataTransfer === null) return;
  event.dataTransfer.setData(ROW_TYPE, id);
  event.dataTransfer.effectAllowed = 'move';
}

function isRowDrag(event: DragEvent): boolean {
  return event.dataTransfer !== null && [...event.dataTransfer.types].includes(ROW_TYPE);
}

/**
 * Where a row dropped over `over` goes: before it when the pointer is in its upper half, else
 * before the row after it (null: at the end).
 */
function targetOf(event: DragEvent): { before: string | null } | null {
  const over = (event.target as Element | null)?.closest<HTMLElement>('li[data-job-id]');
  if (!over) return null;
  const box = over.getBoundingClientRect();
  if (event.clientY < box.top + box.height / 2) return { before: over.dataset.jobId ?? null };
  const next = over.nextElementSibling as HTMLElement | null;
  return { before: next?.dataset.jobId ?? null };
}

/** Lets rows dragged by their handle be dropped anywhere on the list, where the pointer is. */
export function useRowDrop(list: MutableRef<HTMLElement | null>, onDrop: (id: string, before: string | null) => void): void {
  const latest = useRef(onDrop);
  latest.current = onDrop;
  useEffect(() => {
    const element = list.current;
    if (element === null) return;
    const over = (event: DragEvent) => {
      if (!isRowDrag(event)) return;
      event.preventDefault();
      if (event.dataTransfer) event.dataTransfer.dropEffect = 'move';
    };
    const drop = (event: DragEvent) => {
      if (!isRowDrag(event)) return;
      event.preventDefault();
      const id = event.dataTransfer?.getData(ROW_TYPE) ?? '';
      const target = targetOf(event);
      if (id !== '' && target !== null && target.before !== id) latest.current(id, target.before);
    };
    element.addEventListener('dragover', over);
    element.addEventListener('drop', drop);
    return () => {
      element.removeEventListener('dragover', over);
      element.removeEventListener('drop', drop);
    };
  }, [list]);
}
