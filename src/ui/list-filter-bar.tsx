import { chipCounts, FILTERS, type ListFilter } from './list-filter';
import type { JobView } from '../shared/types';
import { useMessages } from './i18n/context';

export interface FilterState {
  filter: ListFilter;
  query: string;
}

/** Filter chips (All, Active, Completed, Failed) and a search over names and servers. */
export function ListFilterBar({ jobs, state, onChange }: { jobs: readonly JobView[]; state: FilterState; onChange: (next: FilterState) => void }) {
  const m = useMessages().filter;
  const counts = chipCounts(jobs);
  return (
    <div class="list-filter">
      <div role="group" aria-label={m.show} class="chips">
        {FILTERS.map((filter) => (
          <button key={filter} type="button" class="chip" aria-pressed={state.filter === filter} onClick={() => onChange({ ...state, filter })}>
            {m[filter]}
            {/* The overview says the counts in words; here they are for the eye. */}
            <span class="chip-count" aria-hidden="true">
              {counts[filter]}
            </span>
          </button>
        ))}
      </div>
      <label class="search">
        <span>{m.search}</span>
        <input type="search" value={state.query} placeholder={m.searchPlaceholder} onInput={(e) => onChange({ ...state, query: e.currentTarget.value })} />
      </label>
    </div>
  );
}
