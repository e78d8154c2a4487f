import { useEffect, useRef, useState } from 'preact/hooks';
import { formatBytes } from '../shared/format';
import { readLinkInput } from '../shared/link-input';
import type { ZipEntry, ZipListing, ZipProblem } from '../shared/zip-directory';
import { getEngine } from './engine-bridge';
import { errorMessage } from './error-message';
import { FormErrors } from './form-errors';
import { useMessages } from './i18n/context';
import type { Messages } from './i18n/en';
import { isPickerCancel, pickDestination } from './save-location';
import { CHOSEN_AT_MOST, FILTER_FROM, matchingEntries, SHOWN_AT_MOST } from './zip-filter';
import './zip-chooser.css';

type Listed = Extract<ZipListing, { ok: true }>;

type ChooserState =
  | { kind: 'closed' }
  | { kind: 'reading' }
  | { kind: 'listed'; listing: Listed; chosen: ReadonlySet<number> }
  | { kind: 'failed'; message: string };

/** The one link in the field when it is a ZIP's (its path ends in .zip); null otherwise. */
export function zipLinkIn(text: string): string | null {
  if (!/\.zip\b/i.test(text)) return null;
  const { entries, errors } = readLinkInput(text);
  const only = entries.length === 1 && errors.length === 0 ? entries[0] : undefined;
  if (!only || only.sha256 !== undefined || only.mirrors !== undefined) return null;
  try {
    return new URL(only.url).pathname.toLowerCase().endsWith('.zip') ? only.url : null;
  } catch {
    return null;
  }
}

export function problemText(problem: ZipProblem, m: Messages): string {
  switch (problem.kind) {
    case 'no-ranges':
      return m.zip.noRanges;
    case 'hidden-range':
      return m.zip.hiddenRange;
    case 'cors':
      return m.zip.cors;
    case 'network':
      return m.zip.network;
    case 'status':
      return m.zip.status(problem.status);
    case 'not-zip':
      return m.zip.notZip;
    case 'damaged':
      return m.zip.damaged(problem.detail);
  }
}

function offered(entry: ZipEntry): boolean {
  return entry.problem === null && entry.compressedSize > 0;
}

function whyNot(entry: ZipEntry, m: Messages): string {
  if (entry.problem === 'encrypted') return m.zip.encrypted;
  if (entry.problem === 'unsupported') return m.zip.unsupported;
  return m.zip.empty;
}

/**
 * Choose files: for a ZIP link whose server answers ranges, the archive's entries from its
 * central directory (a few range requests, nothing else of the archive), each with a checkbox
 * named by its path; the chosen ones are added as downloads of their own bytes alone. Encrypted
 * and unsupported entries are listed as such, without a checkbox.
 */
export function ZipChooser({ url }: { url: string }) {
  const m = useMessages();
  const [state, setState] = useState<ChooserState>({ kind: 'closed' });
  const [errors, setErrors] = useState<string[]>([]);
  const [busy, setBusy] = useState(false);
  const [filter, setFilter] = useState('');
  const heading = useRef<HTMLHeadingElement>(null);
  // Another link in the field: what was read belongs to the old one.
  useEffect(() => {
    setState({ kind: 'closed' });
    setErrors([]);
    setFilter('');
  }, [url]);
  useEffect(() => {
    if (state.kind === 'listed') heading.current?.focus();
  }, [state.kind]);

  const open = async () => {
    setState({ kind: 'reading' });
    setErrors([]);
    const listing = await getEngine()
      .listZip(url)
      .catch((error: unknown): ZipListing => ({ ok: false, problem: { kind: 'damaged', detail: errorMessage(error) } }));
    setState(listing.ok ? { kind: 'listed', listing, chosen: new Set() } : { kind: 'failed', message: problemText(listing.problem, m) });
  };

  if (state.kind === 'closed' || state.kind === 'reading' || state.kind === 'failed') {
    return (
      <div class="zip-chooser">
        <button type="button" aria-disabled={state.kind === 'reading'} onClick={() => state.kind !== 'reading' && void open()}>
          {m.zip.choose}
        </button>
        {state.kind === 'reading' && <span class="muted"> {m.zip.reading}</span>}
        <FormErrors messages={state.kind === 'failed' ? [state.message] : []} />
      </div>
    );
  }

  const { listing, chosen } = state;
  const entries = listing.entries;
  // What the filter lets through: Select all takes those, and at most SHOWN_AT_MOST are drawn.
  const matching = matchingEntries(entries, filter);
  const shown = matching.slice(0, SHOWN_AT_MOST);
  const choosable = matching.filter((i) => entries[i] !== undefined && offered(entries[i]));
  const picked = entries.filter((_, i) => chosen.has(i));
  const tooMany = picked.length > CHOSEN_AT_MOST;
  const toFetch = picked.reduce((sum, entry) => sum + entry.compressedSize, 0);
  const setChosen = (next: Set<number>) => setState({ ...state, chosen: next });
  const toggle = (i: number) => {
    const next = new Set(chosen);
    if (!next.delete(i)) next.add(i);
    setChosen(next);
  };
  const archiveName = decodeURIComponent(new URL(url).pathname.split('/').pop() ?? 'ZIP');

  const download = async () => {
    if (busy || picked.length === 0 || tooMany) return;
    setBusy(true);
    setErrors([]);
    try {
      // The picker first, while the click still counts; the entries' local headers after.
      const destination = await pickDestination(
        picked.map((entry) => ({ url, name: entry.name })),
        async () => null,
      );
      const links = await getEngine().zipEntryLinks(url, picked);
      if (!links.ok) return setErrors([problemText(links.problem, m)]);
      const added = await getEngine().add(links.entries, destination);
      if (!added.ok) return setErrors([m.sentence(added.reason)]);
      setState({ kind: 'closed' });
    } catch (error) {
      if (!isPickerCancel(error)) setErrors([m.add.couldNotStart(errorMessage(error))]);
    } finally {
      setBusy(false);
    }
  };

  return (
    <section class="zip-chooser listed" aria-labelledby="zip-title">
      <h2 id="zip-title" ref={heading} tabIndex={-1}>
        {m.zip.title(archiveName, entries.length)}
      </h2>
      {entries.length >= FILTER_FROM && (
        <label class="zip-filter">
          {m.zip.filter}{' '}
          <input type="search" value={filter} spellcheck={false} onInput={(event) => setFilter(event.currentTarget.value)} />
        </label>
      )}
      {choosable.length > 1 && (
        <label class="select-all">
          <input
            type="checkbox"
            checked={choosable.every((i) => chosen.has(i))}
            onChange={(event) => {
              const next = new Set(chosen);
              const checked = event.currentTarget.checked;
              for (const i of choosable) {
                if (checked) next.add(i);
                else next.delete(i);
              }
              setChosen(next);
            }}
          />{' '}
          {m.zip.selectAll}
        </label>
      )}
      {matching.length === 0 && <p class="muted">{m.zip.noMatch}</p>}
      <ul class="zip-entries">
        {shown.map((i) => {
          const entry = entries[i];
          if (entry === undefined) return null;
          return offered(entry) ? (
            <li key={i}>
              <label>
                <input type="checkbox" checked={chosen.has(i)} onChange={() => toggle(i)} /> <span class="path">{entry.path}</span>
              </label>
              <span class="muted">
                {entry.method === 8
                  ? m.zip.sizes(formatBytes(entry.size, m.locale), formatBytes(entry.compressedSize, m.locale))
                  : formatBytes(entry.size, m.locale)}
              </span>
            </li>
          ) : (
            <li key={i} class="unavailable">
              <span class="path">{entry.path}</span>
              <span class="muted">{whyNot(entry, m)}</span>
            </li>
          );
        })}
        {matching.length > shown.length && <li class="more muted">{m.zip.more(matching.length - shown.length)}</li>}
      </ul>
      <p class="muted" aria-live="polite">
        {m.zip.chosen(picked.length, formatBytes(toFetch, m.locale), formatBytes(listing.size, m.locale))}
      </p>
      <div class="buttons">
        <button type="button" class="primary" aria-disabled={busy || picked.length === 0 || tooMany} onClick={() => void download()}>
          {m.zip.downloadChosen(picked.length)}
        </button>
        <button type="button" onClick={() => setState({ kind: 'closed' })}>
          {m.zip.close}
        </button>
      </div>
      <FormErrors messages={tooMany ? [m.zip.tooMany(CHOSEN_AT_MOST), ...errors] : errors} />
    </section>
  );
}
