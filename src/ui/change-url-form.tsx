import { useState } from 'preact/hooks';
import { getEngine } from './engine-bridge';
import { errorMessage } from './error-message';

/**
 * Where a link expired, the person pastes a fresh one; the worker checks it leads to the same file
 * before the job carries on from its bytes, and says why when it does not.
 */
export function ChangeUrlForm({ id, onClose, report }: { id: string; onClose: () => void; report: (message: string) => void }) {
  const [text, setText] = useState('');
  const [busy, setBusy] = useState(false);
  const inputId = `new-url-${id}`;
  const submit = async (event: Event) => {
    event.preventDefault();
    setBusy(true);
    try {
      // The reason a link is refused is shown on the row itself, where it stays.
      const refused = await getEngine().changeUrl(id, text);
      if (refused === null) onClose();
    } catch (error) {
      report(errorMessage(error));
    } finally {
      setBusy(false);
    }
  };
  return (
    <form class="change-url" onSubmit={(e) => void submit(e)}>
      <label for={inputId}>New URL</label>
      <input id={inputId} type="url" value={text} autocomplete="off" spellcheck={false} onInput={(e) => setText(e.currentTarget.value)} />
      <button type="submit" class="primary" disabled={busy}>
        Use this URL
      </button>
      <button type="button" onClick={onClose}>
        Keep the old URL
      </button>
    </form>
  );
}
