import { useEffect, useLayoutEffect, useRef, useState } from 'preact/hooks';
import type { UrlEntry } from '../shared/types';
import type { AddResult } from '../worker/api';
import { parseUrlInput } from '../shared/url-input';
import { getEngine } from './engine-bridge';
import { describeDuplicates, findDuplicates } from './duplicates';
import { errorMessage } from './error-message';
import { useFocusRescue } from './focus';
import { FormErrors } from './form-errors';
import { isPickerCancel, pickDestination } from './save-location';

/** Asks (once per page) that the browser keep staged downloads even when space runs low. */
function askToPersist(): void {
  navigator.storage?.persist?.().catch(() => undefined);
}

/**
 * Asks where to save (inside the click's gesture), then hands the jobs to the worker: the
 * worker's answer (it may refuse, e.g. when another job already saves to the picked file), or
 * null when the person closed the picker.
 */
export async function queueDownloads(entries: UrlEntry[]): Promise<AddResult | null> {
  let destination;
  try {
    destination = await pickDestination(entries, (url, timeoutMs) => getEngine().serverFileName(url, timeoutMs));
  } catch (error) {
    if (isPickerCancel(error)) return null;
    throw error;
  }
  askToPersist();
  return getEngine().add(entries, destination);
}

export function AddForm({ knownUrls }: { knownUrls: ReadonlySet<string> }) {
  const [text, setText] = useState('');
  const [errors, setErrors] = useState<string[]>([]);
  const [busy, setBusy] = useState(false);
  // Links waiting for the answer to "Download again?". The question is asked again at every render
  // from the list as it is now: a job removed meanwhile is no longer a reason to ask.
  const [pending, setPending] = useState<UrlEntry[] | null>(null);
  const duplicates = pending === null ? [] : findDuplicates(pending, knownUrls);
  const asking = duplicates.length > 0;
  useEffect(() => {
    if (pending !== null && !asking) setPending(null);
  }, [pending, asking]);

  const form = useRef<HTMLFormElement>(null);
  const submitButton = useRef<HTMLButtonElement>(null);
  const safeAnswer = useRef<HTMLButtonElement>(null);
  // An alertdialog takes focus when it appears, on the answer that changes nothing.
  useLayoutEffect(() => {
    if (asking) safeAnswer.current?.focus();
  }, [asking]);
  // When it goes (answered, or its job was removed), focus goes back to Download.
  useFocusRescue(form, () => submitButton.current?.focus());

  const queue = async (entries: UrlEntry[]) => {
    setBusy(true);
    try {
      const result = await queueDownloads(entries);
      if (result === null) return; // the person closed the save dialog: nothing to do
      if (!result.ok) {
        setErrors([result.reason]);
        return;
      }
      setErrors([]);
      setText('');
    } catch (error) {
      setErrors([`Could not start the download: ${errorMessage(error)}`]);
    } finally {
      setBusy(false);
    }
  };

  const onSubmit = (event: Event) => {
    event.preventDefault();
    if (busy) return;
    setPending(null);
    const parsed = parseUrlInput(text);
    if (parsed.errors.length > 0) {
      setErrors(parsed.errors);
      return;
    }
    setErrors([]);
    if (findDuplicates(parsed.entries, knownUrls).length > 0) {
      setPending(parsed.entries);
      return;
    }
    void queue(parsed.entries);
  };

  return (
    <form ref={form} class="add-form" onSubmit={onSubmit} noValidate>
      <label for="url-input">URL</label>
      <textarea
        id="url-input"
        name="url"
        rows={3}
        placeholder="https://example.com/file.iso — one link per line"
        spellcheck={false}
        autocomplete="off"
        value={text}
        aria-invalid={errors.length > 0}
        aria-describedby={errors.length > 0 ? 'url-errors' : undefined}
        onInput={(e) => setText(e.currentTarget.value)}
      />
      <div class="form-row">
        <p class="hint">
          Paste one or more links, one per line. Add <code>sha256=…</code> after a link to check the file.
        </p>
        {/* aria-disabled, not disabled: a disabled button loses focus to the page's body. */}
        <button ref={submitButton} type="submit" class="primary" aria-disabled={busy}>
          Download
        </button>
      </div>
      {pending !== null && asking && (
        <div role="alertdialog" aria-labelledby="duplicate-question" class="confirm">
          <p id="duplicate-question">{describeDuplicates(duplicates)} Download again?</p>
          <div class="buttons">
            <button
              type="button"
              class="primary"
              onClick={() => {
                setPending(null);
                void queue(pending);
              }}
            >
              Download again
            </button>
            <button type="button" ref={safeAnswer} onClick={() => setPending(null)}>
              Don't download
            </button>
          </div>
        </div>
      )}
      <FormErrors id="url-errors" messages={errors} />
    </form>
  );
}
