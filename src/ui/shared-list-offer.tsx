import { useEffect, useLayoutEffect, useRef, useState } from 'preact/hooks';
import { readListFragment } from '../shared/share-list';
import type { UrlEntry } from '../shared/types';
import { queueDownloads } from './add-form';
import { findDuplicates } from './duplicates';
import { errorMessage } from './error-message';
import { FormErrors } from './form-errors';
import { useMessages } from './i18n/context';
import { decodeShareList } from './share-codec';
import './share-list.css';

/** How many of the shared downloads the offer names before "…and N more". */
const LISTED = 5;

export type SharedArrival =
  | { kind: 'reading' }
  | { kind: 'bad'; problem: 'damaged' | 'too-big' | 'empty' }
  | { kind: 'ready'; entries: UrlEntry[]; errors: string[]; skipped: number };

/**
 * A list the page was opened with (`#list=`, share-list.ts), or put on the address of the page
 * already open. The address bar is cleaned at once, so a reload or a bookmark does not bring it
 * again. Called after useIncomingLinks, so its effect reads the address that one left.
 */
export function useSharedList(): [SharedArrival | null, () => void] {
  const [arrival, setArrival] = useState<SharedArrival | null>(() => (readListFragment(location.href) === null ? null : { kind: 'reading' }));
  const latest = useRef(0);
  useEffect(() => {
    const take = () => {
      const found = readListFragment(location.href);
      if (found === null) return;
      history.replaceState(history.state, '', found.address);
      const turn = ++latest.current;
      setArrival({ kind: 'reading' });
      decodeShareList(found.payload)
        .catch(() => ({ ok: false, problem: 'damaged' }) as const)
        .then((list) => {
          if (turn === latest.current) setArrival(list.ok ? { kind: 'ready', ...list } : { kind: 'bad', problem: list.problem });
        });
    };
    take();
    window.addEventListener('hashchange', take);
    return () => window.removeEventListener('hashchange', take);
  }, []);
  return [arrival, () => setArrival(null)];
}

/**
 * What a shared list holds, and one press of Download (and a pick of where to save) to add them
 * all with their names and checksums. Nothing starts before that press.
 */
export function SharedListOffer({ arrival, knownUrls, onClose }: { arrival: SharedArrival; knownUrls: ReadonlySet<string>; onClose: () => void }) {
  const m = useMessages();
  const w = m.share;
  const [busy, setBusy] = useState(false);
  const [done, setDone] = useState(false);
  const [status, setStatus] = useState('');
  const [errors, setErrors] = useState<string[]>([]);
  const download = useRef<HTMLButtonElement>(null);
  const close = useRef<HTMLButtonElement>(null);
  // A second list put on the address starts afresh.
  useEffect(() => {
    setDone(false);
    setStatus('');
    setErrors([]);
  }, [arrival]);
  // Ready for Enter, as links handed in are ready for Ctrl+Enter in the URL field.
  useLayoutEffect(() => {
    if (arrival.kind === 'ready') download.current?.focus();
  }, [arrival]);
  // Download went away with the press that added them: focus stays in the box.
  useLayoutEffect(() => {
    if (done) close.current?.focus();
  }, [done]);

  const add = async (entries: UrlEntry[]) => {
    if (busy) return;
    setBusy(true);
    setErrors([]);
    try {
      const result = await queueDownloads(entries);
      if (result === null) setStatus(w.noFolder);
      else if (!result.ok) setErrors([m.sentence(result.reason)]);
      else {
        setStatus(w.added(result.ids.length));
        setDone(true);
      }
    } catch (error) {
      setErrors([w.couldNotAdd(m.sentence(errorMessage(error)))]);
    } finally {
      setBusy(false);
    }
  };

  const dismiss = (
    <button ref={close} type="button" onClick={onClose}>
      {m.app.dismiss}
    </button>
  );
  const ready = arrival.kind === 'ready' && !done ? arrival : null;
  const duplicates = ready === null ? 0 : findDuplicates(ready.entries, knownUrls).length;
  const fresh = ready === null ? [] : ready.entries.filter((entry) => !knownUrls.has(entry.url));
  const skipped = ready !== null && ready.skipped > 0 ? [w.skipped(ready.skipped), ...ready.errors.map(m.sentence)] : [];
  return (
    <section class={`shared-list${arrival.kind === 'bad' ? ' bad' : ''}`} aria-labelledby="shared-list-title">
      <h2 id="shared-list-title">{w.title}</h2>
      {arrival.kind === 'reading' && <p>{w.reading}</p>}
      {arrival.kind === 'bad' && <p role="alert">{arrival.problem === 'damaged' ? w.damaged : arrival.problem === 'too-big' ? w.tooBig : w.empty}</p>}
      {ready !== null && (
        <>
          <p>{w.arrived(ready.entries.length)}</p>
          <ul class="shared-list-items">
            {ready.entries.slice(0, LISTED).map((entry) => (
              <li key={entry.url}>
                {entry.name ?? entry.url}
                <span class="host">{hostOf(entry.url)}</span>
              </li>
            ))}
            {ready.entries.length > LISTED && <li class="more">{w.more(ready.entries.length - LISTED)}</li>}
          </ul>
          {duplicates > 0 && <p>{w.alreadyHere(duplicates)}</p>}
        </>
      )}
      {/* Says what was added, or that nothing was; there before it speaks, so it is heard. */}
      <p role="status" class="status-line">
        {status}
      </p>
      {arrival.kind !== 'reading' && (
        <div class="buttons">
          {ready !== null && (
            <>
              <button ref={download} type="button" class="primary" aria-disabled={busy} onClick={() => void add(ready.entries)}>
                {w.download(ready.entries.length)}
              </button>
              {duplicates > 0 && fresh.length > 0 && (
                <button type="button" aria-disabled={busy} onClick={() => void add(fresh)}>
                  {m.listIo.onlyNew(fresh.length)}
                </button>
              )}
            </>
          )}
          {dismiss}
        </div>
      )}
      <FormErrors messages={[...skipped, ...errors]} />
    </section>
  );
}

function hostOf(url: string): string {
  try {
    return new URL(url).host;
  } catch {
    return '';
  }
}
