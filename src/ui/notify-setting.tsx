import { useState } from 'preact/hooks';
import { useMessages } from './i18n/context';
import type { Messages } from './i18n/en';
import { notifyPermission, notifyWanted, setNotifyWanted } from './notify-pref';
import './notify-setting.css';

type Refusal = 'denied' | 'default' | 'unsupported';

function refusalText(refusal: Refusal, m: Messages): string {
  return refusal === 'denied' ? m.notify.denied : refusal === 'default' ? m.notify.notAllowed : m.notify.unsupported;
}

/**
 * "Notify when downloads finish or fail": applies at once, kept by this browser (not saved with
 * the other settings). The permission is asked only when the box is ticked; the box shows on only
 * while both the choice and the permission hold.
 */
export function NotifySetting() {
  const m = useMessages();
  const [on, setOn] = useState(() => notifyWanted() && notifyPermission() === 'granted');
  // Kept as the reason, not its words, so it follows a change of language.
  const [refused, setRefused] = useState<Refusal | null>(null);
  const [asking, setAsking] = useState(false);

  const change = async (want: boolean) => {
    setRefused(null);
    if (!want) {
      setNotifyWanted(false);
      setOn(false);
      return;
    }
    let permission = notifyPermission();
    if (permission === 'default') {
      setAsking(true);
      try {
        permission = await Notification.requestPermission();
      } catch {
        permission = 'default';
      } finally {
        setAsking(false);
      }
    }
    const granted = permission === 'granted';
    setNotifyWanted(granted);
    setOn(granted);
    if (!granted) setRefused(permission as Refusal);
  };

  return (
    <div class="setting notify-setting">
      <label>
        <input
          type="checkbox"
          checked={on}
          aria-describedby="notify-help"
          aria-busy={asking}
          onChange={(event) => {
            const want = event.currentTarget.checked;
            // Stays as it was until the browser answers; a refusal must not leave it ticked.
            event.currentTarget.checked = on;
            if (!asking) void change(want);
          }}
        />
        {m.notify.label}
      </label>
      <p class="setting-help" id="notify-help">
        {m.notify.help}
      </p>
      <p role="status" class="setting-help notify-refused">
        {refused === null ? '' : refusalText(refused, m)}
      </p>
    </div>
  );
}
