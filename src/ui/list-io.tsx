import type { ComponentChildren } from 'preact';
import { useRef, useState } from 'preact/hooks';
import { formatAria2List, listItemsOf, zipEntriesLeftOut } from '../shared/aria2-list';
import { parseListFile } from '../shared/metalink';
import type { JobView, UrlEntry } from '../shared/types';
import { queueDownloads } from './add-form';
import { describeDuplicates, findDuplicates } from './duplicates';
import { errorMessage } from './error-message';
import { FormErrors } from './form-errors';
import { useMessages } from './i18n/context';
import './list-io.css';

export const EXPORT_FILE_NAME = 'rangefetch-list.txt';
/**
 * 1,000 links of at most 8 KiB each with their options fit well within this; a bigger file is not
 * a list, and reading it whole would stall the page.
 */
const MAX_LIST_BYTES = 16 * 1024 * 1024;

/** Links read from a list, waiting for a click: the folder picker needs one, and so does a question. */
interface Pending {
  entries: UrlEntry[];
  fileName: string;
  /** Whether some are already in the list (the question to ask), or only the picker needs a click. */
  duplicates: UrlEntry[];
}

/** Whether a picker may open now: a click's activation lasts a few seconds, and a file dialog can take longer. */
function mayOpenPicker(): boolean {
  return navigator.userActivation === undefined || navigator.userActivation.isActive;
}

/**
 * Export list and Import list: the downloads as an aria2 input file (aria2-list.ts), so a list can
 * move to another device, or to `aria2c -i` when a server refuses cross-origin reads. `children`
 * (Share list) join their row of buttons.
 */
export function ListIo({ jobs, knownUrls, children }: { jobs: readonly JobView[]; knownUrls: ReadonlySet<string>; children?: ComponentChildren }) {
  const m = useMessages();
  const w = m.listIo;
  const [unfinishedOnly, setUnfinishedOnly] = useState(true);
  const [errors, setErrors] = useState<string[]>([]);
  const [status, setStatus] = useState('');
  const [pending, setPending] = useState<Pending | null>(null);
  const [busy, setBusy] = useState(false);
  const fileInput = useRef<HTMLInputElement>(null);

  const exportList = () => {
    const items = listItemsOf(jobs, unfinishedOnly);
    const leftOut = zipEntriesLeftOut(jobs, unfinishedOnly);
    const leftOutNote = leftOut > 0 ? ` ${w.zipLeftOut(leftOut)}` : '';
    if (items.length === 0) {
      setStatus('');
      setErrors([`${unfinishedOnly ? w.noUnfinished : w.none}${leftOutNote}`]);
      return;
    }
    const url = URL.createObjectURL(new Blob([formatAria2List(items)], { type: 'text/plain;charset=utf-8' }));
    const link = document.createElement('a');
    link.href = url;
    link.download = EXPORT_FILE_NAME;
    link.click();
    // The download has taken its copy by the next task; the URL would otherwise live as long as the page.
    setTimeout(() => URL.revokeObjectURL(url), 10_000);
    setErrors([]);
    setStatus(`${w.exported(items.length, EXPORT_FILE_NAME)}${leftOutNote}`);
  };

  const queue = async (entries: UrlEntry[], fileName: string, skippedNote: string[]) => {
    setBusy(true);
    try {
      const result = await queueDownloads(entries);
      if (result === null) {
        setStatus(w.noFolder(fileName));
        return;
      }
      if (!result.ok) {
        setErrors([m.sentence(result.reason), ...skippedNote]);
        setStatus('');
        return;
      }
      setStatus(w.added(result.ids.length, fileName));
    } catch (error) {
      setErrors([w.couldNotAdd(fileName, m.sentence(errorMessage(error))), ...skippedNote]);
      setStatus('');
    } finally {
      setBusy(false);
    }
  };

  const readList = async (file: File) => {
    setPending(null);
    setStatus('');
    if (file.size > MAX_LIST_BYTES) {
      setErrors([w.tooBig(file.name, Math.ceil(file.size / 1024 / 1024))]);
      return;
    }
    let text: string;
    try {
      text = await file.text();
    } catch (error) {
      setErrors([w.couldNotRead(file.name, errorMessage(error))]);
      return;
    }
    const parsed = parseListFile(file.name, text);
    const problems = parsed.errors.map(m.sentence);
    if (parsed.entries.length === 0) {
      setErrors(problems.length > 0 ? [w.nothingAdded(file.name), ...problems] : [w.noLinks(file.name)]);
      return;
    }
    const skippedNote = parsed.skipped > 0 ? [w.skipped(parsed.skipped, file.name), ...problems] : problems;
    setErrors(skippedNote);
    const duplicates = findDuplicates(parsed.entries, knownUrls);
    if (duplicates.length > 0 || !mayOpenPicker()) {
      setPending({ entries: parsed.entries, fileName: file.name, duplicates });
      return;
    }
    await queue(parsed.entries, file.name, skippedNote);
  };

  const onFile = (event: Event) => {
    const input = event.currentTarget as HTMLInputElement;
    const file = input.files?.[0];
    // Cleared, so that choosing the same file again (after fixing it) reads it again.
    input.value = '';
    if (file !== undefined) void readList(file);
  };

  const answer = (entries: UrlEntry[] | null) => {
    const asked = pending;
    setPending(null);
    if (asked === null || entries === null || entries.length === 0) return;
    void queue(entries, asked.fileName, errors);
  };

  const fresh = pending === null ? [] : pending.entries.filter((entry) => !knownUrls.has(entry.url));
  return (
    <div class="list-io">
      <div class="list-io-buttons">
        {/* An empty list has nothing to export: only Import list is offered. */}
        {jobs.length > 0 && (
          <>
            <label class="list-io-choice">
              <input type="checkbox" checked={unfinishedOnly} onChange={(e) => setUnfinishedOnly(e.currentTarget.checked)} />
              {w.unfinishedOnly}
            </label>
            <button type="button" class="small" onClick={exportList}>
              {w.export}
            </button>
          </>
        )}
        <button type="button" class="small" aria-disabled={busy} onClick={() => !busy && fileInput.current?.click()}>
          {w.import}
        </button>
        {/* Behind the button: a file input's own look cannot be styled, and its label says "Choose file". */}
        <input ref={fileInput} type="file" accept=".txt,.aria2,.meta4,.metalink,text/plain,application/metalink4+xml" hidden onChange={onFile} />
        {children}
        <span role="status" class="list-io-status">
          {status}
        </span>
      </div>
      {pending !== null && (
        <div role="alertdialog" aria-labelledby="list-io-question" class="confirm">
          <p id="list-io-question">
            {pending.duplicates.length > 0
              ? `${describeDuplicates(pending.duplicates, m)} ${m.add.downloadAgainQuestion}`
              : w.readyToAdd(pending.entries.length, pending.fileName)}
          </p>
          <div class="buttons">
            {pending.duplicates.length > 0 ? (
              <>
                <button type="button" class="primary" onClick={() => answer(pending.entries)}>
                  {m.add.downloadAgain}
                </button>
                {fresh.length > 0 && (
                  <button type="button" onClick={() => answer(fresh)}>
                    {w.onlyNew(fresh.length)}
                  </button>
                )}
                <button type="button" onClick={() => answer(null)}>
                  {m.add.dontDownload}
                </button>
              </>
            ) : (
              <>
                <button type="button" class="primary" onClick={() => answer(pending.entries)}>
                  {m.add.addDownloads(pending.entries.length)}
                </button>
                <button type="button" onClick={() => answer(null)}>
                  {m.add.cancel}
                </button>
              </>
            )}
          </div>
        </div>
      )}
      <FormErrors id="list-io-errors" messages={errors} />
    </div>
  );
}
