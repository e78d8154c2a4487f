import { useRef, useState } from 'preact/hooks';
import { formatAria2List, listItemsOf, parseAria2List } from '../shared/aria2-list';
import type { JobView, UrlEntry } from '../shared/types';
import { queueDownloads } from './add-form';
import { describeDuplicates, findDuplicates } from './duplicates';
import { errorMessage } from './error-message';
import { FormErrors } from './form-errors';
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

function plural(n: number, one: string, many: string): string {
  return `${n.toLocaleString('en-US')} ${n === 1 ? one : many}`;
}

/** Whether a picker may open now: a click's activation lasts a few seconds, and a file dialog can take longer. */
function mayOpenPicker(): boolean {
  return navigator.userActivation === undefined || navigator.userActivation.isActive;
}

/**
 * Export list and Import list: the downloads as an aria2 input file (aria2-list.ts), so a list can
 * move to another device, or to `aria2c -i` when a server refuses cross-origin reads.
 */
export function ListIo({ jobs, knownUrls }: { jobs: readonly JobView[]; knownUrls: ReadonlySet<string> }) {
  const [unfinishedOnly, setUnfinishedOnly] = useState(true);
  const [errors, setErrors] = useState<string[]>([]);
  const [status, setStatus] = useState('');
  const [pending, setPending] = useState<Pending | null>(null);
  const [busy, setBusy] = useState(false);
  const fileInput = useRef<HTMLInputElement>(null);

  const exportList = () => {
    const items = listItemsOf(jobs, unfinishedOnly);
    if (items.length === 0) {
      setStatus('');
      setErrors([unfinishedOnly ? 'There are no unfinished downloads to export.' : 'There are no downloads to export.']);
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
    setStatus(`Exported ${plural(items.length, 'download', 'downloads')} to ${EXPORT_FILE_NAME}.`);
  };

  const queue = async (entries: UrlEntry[], fileName: string, skippedNote: string[]) => {
    setBusy(true);
    try {
      const result = await queueDownloads(entries);
      if (result === null) {
        setStatus(`Nothing from ${fileName} was added: no folder was picked.`);
        return;
      }
      if (!result.ok) {
        setErrors([result.reason, ...skippedNote]);
        setStatus('');
        return;
      }
      setStatus(`Added ${plural(result.ids.length, 'download', 'downloads')} from ${fileName}.`);
    } catch (error) {
      setErrors([`Could not add the downloads from ${fileName}: ${errorMessage(error)}`, ...skippedNote]);
      setStatus('');
    } finally {
      setBusy(false);
    }
  };

  const readList = async (file: File) => {
    setPending(null);
    setStatus('');
    if (file.size > MAX_LIST_BYTES) {
      setErrors([`${file.name} is ${Math.ceil(file.size / 1024 / 1024)} MiB; a list of downloads is a text file of a few kilobytes.`]);
      return;
    }
    let text: string;
    try {
      text = await file.text();
    } catch (error) {
      setErrors([`Could not read ${file.name}: ${errorMessage(error)}`]);
      return;
    }
    const parsed = parseAria2List(text);
    if (parsed.entries.length === 0) {
      setErrors(parsed.errors.length > 0 ? [`Nothing was added from ${file.name}.`, ...parsed.errors] : [`${file.name} holds no links.`]);
      return;
    }
    const skippedNote =
      parsed.skipped > 0
        ? [`${plural(parsed.skipped, 'line', 'lines')} of ${file.name} ${parsed.skipped === 1 ? 'was' : 'were'} skipped:`, ...parsed.errors]
        : parsed.errors;
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
              Unfinished only
            </label>
            <button type="button" class="small" onClick={exportList}>
              Export list
            </button>
          </>
        )}
        <button type="button" class="small" aria-disabled={busy} onClick={() => !busy && fileInput.current?.click()}>
          Import list
        </button>
        {/* Behind the button: a file input's own look cannot be styled, and its label says "Choose file". */}
        <input ref={fileInput} type="file" accept=".txt,.aria2,text/plain" hidden onChange={onFile} />
        <span role="status" class="list-io-status">
          {status}
        </span>
      </div>
      {pending !== null && (
        <div role="alertdialog" aria-labelledby="list-io-question" class="confirm">
          <p id="list-io-question">
            {pending.duplicates.length > 0
              ? `${describeDuplicates(pending.duplicates)} Download again?`
              : `${plural(pending.entries.length, 'download', 'downloads')} from ${pending.fileName} ${pending.entries.length === 1 ? 'is' : 'are'} ready to add.`}
          </p>
          <div class="buttons">
            {pending.duplicates.length > 0 ? (
              <>
                <button type="button" class="primary" onClick={() => answer(pending.entries)}>
                  Download again
                </button>
                {fresh.length > 0 && (
                  <button type="button" onClick={() => answer(fresh)}>
                    Only the {plural(fresh.length, 'new one', 'new ones')}
                  </button>
                )}
                <button type="button" onClick={() => answer(null)}>
                  Don't download
                </button>
              </>
            ) : (
              <>
                <button type="button" class="primary" onClick={() => answer(pending.entries)}>
                  Add {plural(pending.entries.length, 'download', 'downloads')}
                </button>
                <button type="button" onClick={() => answer(null)}>
                  Cancel
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
