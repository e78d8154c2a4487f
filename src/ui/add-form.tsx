import { useEffect, useLayoutEffect, useRef, useState } from 'preact/hooks';
import type { UrlEntry } from '../shared/types';
import type { AddResult } from '../worker/api';
import { readLinkInput } from '../shared/link-input';
import { getEngine } from './engine-bridge';
import { describeDuplicates, findDuplicates } from './duplicates';
import { errorMessage } from './error-message';
import { useFocusRescue } from './focus';
import { FormErrors } from './form-errors';
import { useMessages } from './i18n/context';
import { Slots } from './i18n/slots';
import { isPickerCancel, pickDestination } from './save-location';
import { ZipChooser, zipLinkIn } from './zip-chooser';
import './add-form.css';

/** How many of a pattern's links the preview lists before "…and N more". */
const PREVIEW_LINKS = 5;

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

/** `initialText`: links handed in when the page opened (incoming-links.ts), checked at once as a paste would be on Download. */
export function AddForm({ knownUrls, initialText = '' }: { knownUrls: ReadonlySet<string>; initialText?: string }) {
  const [handedIn] = useState(() => (initialText === '' ? null : readLinkInput(initialText)));
  const [text, setText] = useState(initialText);
  const [errors, setErrors] = useState<string[]>(handedIn?.errors ?? []);
  const m = useMessages();
  const [busy, setBusy] = useState(false);
  // Links waiting for the answer to "Download again?". The question is asked again at every render
  // from the list as it is now: a job removed meanwhile is no longer a reason to ask.
  const [pending, setPending] = useState<UrlEntry[] | null>(null);
  const duplicates = pending === null ? [] : findDuplicates(pending, knownUrls);
  const asking = duplicates.length > 0;
  useEffect(() => {
    if (pending !== null && !asking) setPending(null);
  }, [pending, asking]);

  // Links a numbered pattern made, shown before they are queued.
  const [preview, setPreview] = useState<UrlEntry[] | null>(null);
  // Whether the errors shown came with some valid lines, which may be added on their own.
  const [someValid, setSomeValid] = useState(handedIn !== null && handedIn.errors.length > 0 && handedIn.entries.length > 0);

  // A single ZIP link may have files picked out of it.
  const zipLink = zipLinkIn(text);
  const form = useRef<HTMLFormElement>(null);
  const submitButton = useRef<HTMLButtonElement>(null);
  const safeAnswer = useRef<HTMLButtonElement>(null);
  const previewCancel = useRef<HTMLButtonElement>(null);
  // What the field keeps once the links are queued: after Add the valid ones, the lines to fix.
  const leftToFix = useRef('');
  // An alertdialog takes focus when it appears, on the answer that changes nothing.
  useLayoutEffect(() => {
    if (asking) safeAnswer.current?.focus();
  }, [asking]);
  useLayoutEffect(() => {
    if (preview !== null) previewCancel.current?.focus();
  }, [preview]);
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
      setText(leftToFix.current);
      leftToFix.current = '';
    } catch (error) {
      setErrors([m.add.couldNotStart(errorMessage(error))]);
    } finally {
      setBusy(false);
    }
  };

  // The last steps before the worker, the same for Download, Add the valid ones and the preview:
  // a link already in the list is asked about first.
  const confirmAndQueue = (entries: UrlEntry[]) => {
    if (findDuplicates(entries, knownUrls).length > 0) {
      setPending(entries);
      return;
    }
    void queue(entries);
  };

  const proceed = (entries: UrlEntry[], fromPatterns: number) => {
    setErrors([]);
    setSomeValid(false);
    if (fromPatterns > 0) setPreview(entries);
    else confirmAndQueue(entries);
  };

  const onSubmit = (event: Event) => {
    event.preventDefault();
    if (busy) return;
    setPending(null);
    setPreview(null);
    leftToFix.current = '';
    const parsed = readLinkInput(text);
    if (parsed.errors.length > 0) {
      setErrors(parsed.errors);
      setSomeValid(parsed.entries.length > 0);
      return;
    }
    proceed(parsed.entries, parsed.fromPatterns);
  };

  // Read again from the field as it is now, in case it was edited since the errors appeared.
  const addValidOnes = () => {
    if (busy) return;
    const parsed = readLinkInput(text);
    if (parsed.entries.length === 0) {
      setErrors(parsed.errors);
      setSomeValid(false);
      return;
    }
    leftToFix.current = parsed.badLines.join('\n');
    proceed(parsed.entries, parsed.fromPatterns);
  };

  const onKeyDown = (event: KeyboardEvent) => {
    // Ctrl+Enter (Cmd+Enter on a Mac) submits, as in most multi-line fields that send something.
    if (event.key === 'Enter' && (event.ctrlKey || event.metaKey) && !event.isComposing) {
      event.preventDefault();
      form.current?.requestSubmit(submitButton.current);
    }
  };

  return (
    <form ref={form} class="add-form" onSubmit={onSubmit} noValidate>
      <label for="url-input">{m.add.urlLabel}</label>
      <textarea
        id="url-input"
        name="url"
        rows={3}
        placeholder={m.add.placeholder}
        spellcheck={false}
        autocomplete="off"
        value={text}
        aria-invalid={errors.length > 0}
        aria-describedby={errors.length > 0 ? 'url-errors' : undefined}
        onInput={(e) => {
          setText(e.currentTarget.value);
          // The preview would list links the field no longer holds.
          setPreview(null);
        }}
        onKeyDown={onKeyDown}
      />
      <div class="form-row">
        <p class="hint">
          <Slots text={m.add.hint} values={{ pattern: <code>file[1-20].jpg</code>, checksum: <code>sha256=…</code> }} />
        </p>
        {/* aria-disabled, not disabled: a disabled button loses focus to the page's body. */}
        <button ref={submitButton} type="submit" class="primary" aria-disabled={busy}>
          {m.add.download}
        </button>
      </div>
      {zipLink !== null && <ZipChooser url={zipLink} />}
      {pending !== null && asking && (
        <div
          role="alertdialog"
          aria-labelledby="duplicate-question"
          class="confirm"
          onKeyDown={(event) => {
            // Escape is the answer that changes nothing; the focus rescue takes focus back to Download.
            if (event.key === 'Escape') {
              event.preventDefault();
              setPending(null);
            }
          }}
        >
          <p id="duplicate-question">
            {describeDuplicates(duplicates, m)} {m.add.downloadAgainQuestion}
          </p>
          <div class="buttons">
            <button
              type="button"
              class="primary"
              onClick={() => {
                setPending(null);
                void queue(pending);
              }}
            >
              {m.add.downloadAgain}
            </button>
            <button type="button" ref={safeAnswer} onClick={() => setPending(null)}>
              {m.add.dontDownload}
            </button>
          </div>
        </div>
      )}
      {preview !== null && (
        <div
          role="alertdialog"
          aria-labelledby="pattern-preview-title"
          aria-describedby="pattern-preview-links"
          class="confirm preview"
          onKeyDown={(event) => {
            if (event.key === 'Escape') {
              event.preventDefault();
              setPreview(null);
            }
          }}
        >
          <p id="pattern-preview-title">{m.add.previewTitle(preview.length)}</p>
          <ul id="pattern-preview-links" class="preview-links">
            {preview.slice(0, PREVIEW_LINKS).map((entry) => (
              <li key={entry.url}>{entry.url}</li>
            ))}
            {preview.length > PREVIEW_LINKS && <li class="more">{m.add.previewMore(preview.length - PREVIEW_LINKS)}</li>}
          </ul>
          <div class="buttons">
            <button
              type="button"
              class="primary"
              onClick={() => {
                setPreview(null);
                confirmAndQueue(preview);
              }}
            >
              {m.add.addDownloads(preview.length)}
            </button>
            <button type="button" ref={previewCancel} onClick={() => setPreview(null)}>
              {m.add.cancel}
            </button>
          </div>
        </div>
      )}
      {/* Kept as the link checks wrote them, said in the page's language here. */}
      <FormErrors id="url-errors" messages={errors.map(m.sentence)} />
      {errors.length > 0 && someValid && (
        <button type="button" class="add-valid" onClick={addValidOnes}>
          {m.add.addValid}
        </button>
      )}
    </form>
  );
}
