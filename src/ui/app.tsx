import { useLayoutEffect, useMemo, useRef, useState } from 'preact/hooks';
import { parseUrlInput } from '../shared/url-input';
import { AddForm, queueDownloads } from './add-form';
import { BrowserDownloadsNote } from './browser-downloads-note';
import { useDropLinks } from './drop-links';
import { errorMessage } from './error-message';
import { focusQuietly, useFocusRescue } from './focus';
import { useIncomingLinks } from './incoming-links';
import { JobRow } from './job-row';
import { shows } from './list-filter';
import { ListFilterBar, type FilterState } from './list-filter-bar';
import { ListIo } from './list-io';
import { ShareList } from './share-list';
import { SharedListOffer, useSharedList } from './shared-list-offer';
import { LinkSources } from './link-sources';
import { LiveRegion, useAnnouncer } from './live-region';
import { Overview } from './overview';
import { UpdateNote } from './pwa/update-note';
import { Samples } from './samples';
import { SettingsPanel } from './settings-panel';
import { useUndoableRemove } from './undo-remove';
import { useRowDrop } from './row-drag';
import { getEngine } from './engine-bridge';
import { LangContext, useMessages, type LangState } from './i18n/context';
import { CATALOGS, initialLang, storeLang, type Lang } from './i18n/lang';
import { LanguageSwitch } from './language-switch';
import { useJobs } from './use-jobs';

/** The page in the language chosen on the switch (or the browser's), switched without a reload. */
export function App() {
  const [lang, setLang] = useState<Lang>(initialLang);
  const state = useMemo<LangState>(
    () => ({
      lang,
      messages: CATALOGS[lang],
      setLang: (next: Lang) => {
        storeLang(next);
        setLang(next);
      },
    }),
    [lang],
  );
  // Before the first paint, so a screen reader never reads Chinese with English rules.
  useLayoutEffect(() => {
    document.documentElement.lang = state.messages.locale;
  }, [state]);
  return (
    <LangContext.Provider value={state}>
      <Page />
    </LangContext.Provider>
  );
}

function Page() {
  const m = useMessages();
  const { spoken, announce } = useAnnouncer();
  const { jobs, loaded, error } = useJobs(announce);
  const [message, setMessage] = useState<string | null>(null);
  // In line: the order jobs start in, which Move up, Move down and Start now change.
  const ordered = useMemo(() => [...jobs.values()].sort((a, b) => a.position - b.position), [jobs]);
  const knownUrls = useMemo(() => new Set(ordered.map((job) => job.url)), [ordered]);
  const [filter, setFilter] = useState<FilterState>({ filter: 'all', query: '' });
  const { hidden, remove, notices } = useUndoableRemove(setMessage);
  // Not the rows removed a moment ago, whose Undo is still offered.
  const kept = useMemo(() => ordered.filter((job) => !hidden.has(job.id)), [ordered, hidden]);
  const shown = useMemo(() => kept.filter((job) => shows(job, filter.filter, filter.query)), [kept, filter]);
  useDropLinks(setMessage, m);
  const incomingLinks = useIncomingLinks();
  const [sharedList, closeSharedList] = useSharedList();

  // A removed row takes focus with it: it goes to the row now in its place (or the one before it),
  // or to the list's heading when none is left. Buttons that go inside a row are the row's concern.
  const list = useRef<HTMLUListElement>(null);
  useRowDrop(list, (id, before) => {
    getEngine()
      .move(id, { before })
      .catch((cause: unknown) => setMessage(errorMessage(cause)));
  });
  const shownIds = useRef<readonly string[]>([]);
  useFocusRescue(list, (lost) => {
    const id = lost.closest('[data-job-id]')?.getAttribute('data-job-id');
    if (id === null || id === undefined || jobs.has(id)) return;
    const index = shownIds.current.indexOf(id);
    const neighbour = shown[Math.min(Math.max(index, 0), shown.length - 1)];
    const target = neighbour === undefined ? null : list.current?.querySelector<HTMLElement>(`[data-job-id="${CSS.escape(neighbour.id)}"]`);
    const heading = document.getElementById('downloads-title');
    if (target) focusQuietly(target);
    else if (heading !== null) focusQuietly(heading);
  });
  useLayoutEffect(() => {
    shownIds.current = shown.map((job) => job.id);
  }, [shown]);

  const pickSample = (url: string) => {
    queueDownloads(parseUrlInput(url).entries)
      .then((result) => setMessage(result !== null && !result.ok ? result.reason : null))
      .catch((cause: unknown) => setMessage(errorMessage(cause)));
  };

  return (
    <main class="app">
      <header class="app-header">
        <div>
          <h1>{m.app.name}</h1>
          <p class="tagline">{m.app.tagline}</p>
        </div>
        <LanguageSwitch />
      </header>
      <UpdateNote jobs={jobs} />
      <AddForm knownUrls={knownUrls} initialText={incomingLinks} />
      {sharedList !== null && <SharedListOffer arrival={sharedList} knownUrls={knownUrls} onClose={closeSharedList} />}
      <LinkSources />
      <BrowserDownloadsNote jobs={jobs} />
      <SettingsPanel />
      {(message || error) && (
        <p class="page-message" role="alert">
          {/* The engine's sentences are kept as it wrote them and said in the page's language here. */}
          {m.sentence(error ?? message ?? '')}
          {message && (
            <button type="button" class="link" onClick={() => setMessage(null)}>
              {m.app.dismiss}
            </button>
          )}
        </p>
      )}
      <section class="downloads" aria-labelledby="downloads-title">
        <h2 id="downloads-title">{m.app.downloads}</h2>
        <Overview jobs={jobs} report={setMessage} />
        <ListIo jobs={ordered} knownUrls={knownUrls}>
          {ordered.length > 0 && <ShareList jobs={kept} shown={shown} />}
        </ListIo>
        {ordered.length > 0 && <ListFilterBar jobs={ordered} state={filter} onChange={setFilter} />}
        <ul ref={list} aria-label={m.app.downloads} class="job-list" aria-busy={!loaded}>
          {shown.map((job) => (
            <JobRow key={job.id} job={job} report={setMessage} notify={announce} onDelete={remove} />
          ))}
        </ul>
        {loaded && ordered.length === 0 && <p class="empty">{m.app.empty}</p>}
        {ordered.length > 0 && shown.length === 0 && <p class="empty">{m.app.noMatch}</p>}
        {notices}
        {loaded && ordered.length === 0 && <Samples onPick={pickSample} />}
      </section>
      <LiveRegion spoken={spoken} />
    </main>
  );
}
