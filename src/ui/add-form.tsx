import { useState } from 'preact/hooks';
import type { UrlEntry } from '../shared/types';
import type { AddResult } from '../worker/api';
import { parseUrlInput } from '../shared/url-input';
import { getEngine } from './engine-bridge';
import { errorMessage } from './error-message';
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
    destination = await pickDestination(entries);
  } catch (error) {
    if (isPickerCancel(error)) return null;
    throw error;
  }
  askToPersist();
  return getEngine().add(entries, destination);
}

interface Pending {
  entries: UrlEntry[];
  duplicates: UrlEntry[];
}

function describeDuplicates(duplicates: UrlEntry[]): string {
  const first = duplicates[0]?.url ?? '';
  return duplicates.length === 1 ? `${first} is already in your downloads.` : `${duplicates.length} of these links are already in your downloads.`;
}

export function AddForm({ knownUrls }: { knownUrls: ReadonlySet<string> }) {
  const [text, setText] = useState('');
  const [errors, setErrors] = useState<string[]>([]);
  const [busy, setBusy] = useState(false);
  const [pending, setPending] = useState<Pending | null>(null);

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
    const duplicates = parsed.entries.filter((entry) => knownUrls.has(entry.url));
    if (duplicates.length > 0) {
      setPending({ entries: parsed.entries, duplicates });
      return;
    }
    void queue(parsed.entries);
  };

  return (
    <form class="add-form" onSubmit={onSubmit} noValidate>
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
        <button type="submit" class="primary" aria-disabled={busy}>
          Download
        </button>
      </div>
      {pending && (
        <div role="alertdialog" aria-labelledby="duplicate-question" class="confirm">
          <p id="duplicate-question">{describeDuplicates(pending.duplicates)} Download again?</p>
          <div class="buttons">
            <button
              type="button"
              class="primary"
              onClick={() => {
                setPending(null);
                void queue(pending.entries);
              }}
            >
              Download again
            </button>
            <button type="button" onClick={() => setPending(null)}>
              Don't download
            </button>
          </div>
        </div>
      )}
      <FormErrors id="url-errors" messages={errors} />
    </form>
  );
}
