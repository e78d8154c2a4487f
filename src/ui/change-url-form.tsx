import { useLayoutEffect, useRef, useState } from 'preact/hooks';
import { getEngine } from './engine-bridge';
import { errorMessage } from './error-message';
import { useMessages } from './i18n/context';

interface Props {
  id: string;
  /** The row's reason, read with the field: why a new link is wanted, or why the last was refused. */
  describedBy: string | undefined;
  onClose: () => void;
  /** The engine did not take the link, and why (e.g. it leads to a different file). */
  onRefused: (reason: string) => void;
  report: (message: string) => void;
}

/**
 * Where a link expired, the person pastes a fresh one; the worker checks it leads to the same file
 * before the job carries on from its bytes, and says why when it does not.
 */
export function ChangeUrlForm({ id, describedBy, onClose, onRefused, report }: Props) {
  const m = useMessages();
  const [text, setText] = useState('');
  const [busy, setBusy] = useState(false);
  const input = useRef<HTMLInputElement>(null);
  const inputId = `new-url-${id}`;
  // The Change URL button that opened the form is gone; the person goes on typing here. A layout
  // effect, so the field has focus before the row looks for where its lost focus should go.
  useLayoutEffect(() => input.current?.focus(), []);
  const submit = async (event: Event) => {
    event.preventDefault();
    if (busy) return;
    setBusy(true);
    try {
      const refused = await getEngine().changeUrl(id, text);
      if (refused === null) onClose();
      else onRefused(refused);
    } catch (error) {
      report(m.sentence(errorMessage(error)));
    } finally {
      setBusy(false);
    }
  };
  return (
    <form class="change-url" onSubmit={(e) => void submit(e)}>
      <label for={inputId}>{m.changeUrl.label}</label>
      <input
        ref={input}
        id={inputId}
        type="url"
        value={text}
        autocomplete="off"
        spellcheck={false}
        aria-describedby={describedBy}
        onInput={(e) => setText(e.currentTarget.value)}
      />
      <button type="submit" class="primary" aria-disabled={busy}>
        {m.changeUrl.use}
      </button>
      <button type="button" onClick={onClose}>
        {m.changeUrl.keep}
      </button>
    </form>
  );
}
