import { useState } from 'preact/hooks';
import { notifyPermission, notifyWanted, setNotifyWanted } from './notify-pref';
import './notify-setting.css';

const REFUSED: Record<'denied' | 'default' | 'unsupported', string> = {
  denied: 'Notifications are blocked for this page; allow them in the browser’s site settings to turn this on.',
  default: 'Notifications were not allowed, so none will be shown.',
  unsupported: 'This browser cannot show notifications from this page.',
};

/**
 * "Notify when downloads finish or fail": applies at once, kept by this browser (not saved with
 * the other settings). The permission is asked only when the box is ticked; the box shows on only
 * while both the choice and the permission hold.
 */
export function NotifySetting() {
  const [on, setOn] = useState(() => notifyWanted() && notifyPermission() === 'granted');
  const [refused, setRefused] = useState<string | null>(null);
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
    if (!granted) setRefused(REFUSED[permission as keyof typeof REFUSED]);
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
        Notify when downloads finish or fail
      </label>
      <p class="setting-help" id="notify-help">
        A system notification, only while this tab is not in view. Applies at once.
      </p>
      <p role="status" class="setting-help notify-refused">
        {refused ?? ''}
      </p>
    </div>
  );
}
