import { useState } from 'preact/hooks';
import { parseUrlInput } from '../shared/url-input';
import { getEngine } from './engine-bridge';
import { isPickerCancel, pickDestination } from './save-location';

/** Validates, asks where to save (inside the click's gesture), then hands the jobs to the worker. */
export async function startDownloads(text: string): Promise<string[] | null> {
  const parsed = parseUrlInput(text);
  if (parsed.errors.length > 0) return parsed.errors;
  let destination;
  try {
    destination = await pickDestination(parsed.entries);
  } catch (error) {
    if (isPickerCancel(error)) return null;
    throw error;
  }
  await getEngine().add(parsed.entries, destination);
  return [];
}

export function AddForm() {
  const [text, setText] = useState('');
  const [errors, setErrors] = useState<string[]>([]);
  const [busy, setBusy] = useState(false);

  const onSubmit = async (event: Event) => {
    event.preventDefault();
    setBusy(true);
    try {
      const result = await startDownloads(text);
      if (result === null) return; // the person closed the save dialog: nothing to do
      setErrors(result);
      if (result.length === 0) setText('');
    } catch (error) {
      setErrors([`Could not start the download: ${error instanceof Error ? error.message : String(error)}`]);
    } finally {
      setBusy(false);
    }
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
        <p class="hint">Paste one or more links, one per line. Add <code>sha256=…</code> after a link to check the file.</p>
        <button type="submit" class="primary" disabled={busy}>
          Download
        </button>
      </div>
      <div id="url-errors" role="alert" class="form-errors">
        {errors.length > 0 && (
          <ul>
            {errors.map((message) => (
              <li key={message}>{message}</li>
            ))}
          </ul>
        )}
      </div>
    </form>
  );
}
