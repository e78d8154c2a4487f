/**
 * Where jobs stand in line: they start, and get free connections, in this order. A job's place is
 * its `position`, or when it never moved, the moment it was added.
 */
export interface Placed {
  id: string;
  position: number;
}

/** One place up or down, to the front, or just before another job (null: to the end) by drag. */
export type Move = 'up' | 'down' | 'first' | { before: string | null };

/** The place of a record that may predate positions. */
export function positionOf(record: { position?: number; createdAt: number }): number {
  return record.position ?? record.createdAt;
}

/**
 * The new positions after moving `id` one place up or down, or to the front, in `line` (sorted by
 * position). Only the jobs whose position changes are returned; nothing for a move past an end.
 */
export function reorder(line: readonly Placed[], id: string, move: Move): Placed[] {
  const at = line.findIndex((p) => p.id === id);
  const self = line[at];
  if (self === undefined) return [];
  if (typeof move === 'object') return placeBefore(line, id, move.before);
  if (move === 'first') {
    const front = line[0];
    if (front === undefined || front.id === id) return [];
    return [{ id, position: front.position - 1 }];
  }
  const other = line[move === 'up' ? at - 1 : at + 1];
  if (other === undefined) return [];
  if (other.position !== self.position) {
    return [
      { id, position: other.position },
      { id: other.id, position: self.position },
    ];
  }
  // Equal places (two jobs added at once on another device): step just past the neighbour.
  const step = move === 'up' ? -1e-6 : 1e-6;
  return [{ id, position: other.position + step }];
}

/** `id` just before `before` (null: after the last), between its new neighbours' places. */
function placeBefore(line: readonly Placed[], id: string, before: string | null): Placed[] {
  if (before === id) return [];
  const rest = line.filter((p) => p.id !== id);
  if (rest.length === 0) return [];
  const at = before === null ? rest.length : rest.findIndex((p) => p.id === before);
  if (at < 0) return [];
  const prev = rest[at - 1];
  const next = rest[at];
  const position =
    prev === undefined ? (next === undefined ? 0 : next.position - 1) : next === undefined ? prev.position + 1 : (prev.position + next.position) / 2;
  const current = line.find((p) => p.id === id);
  return current !== undefined && current.position === position ? [] : [{ id, position }];
}

