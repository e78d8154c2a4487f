import { useEffect, useState } from 'preact/hooks';
import { checkSettings, DEFAULT_SETTINGS, SETTING_BOUNDS, SETTING_LABELS, type Settings } from '../shared/settings';
import { getEngine } from './engine-bridge';
import { errorMessage } from './error-message';
import { FormErrors } from './form-errors';

type Draft = Record<keyof Settings, string>;

const KEYS = Object.keys(DEFAULT_SETTINGS) as Array<keyof Settings>;

function toDraft(settings: Settings): Draft {
  return Object.fromEntries(KEYS.map((key) => [key, String(settings[key])])) as Draft;
}

/** Connections, retries, stall timeout and speed limit; kept by the worker in IndexedDB. */
export function SettingsPanel() {
  const [draft, setDraft] = useState<Draft>(toDraft(DEFAULT_SETTINGS));
  const [messages, setMessages] = useState<string[]>([]);
  const [saved, setSaved] = useState(false);

  useEffect(() => {
    getEngine()
      .getSettings()
      .then((settings) => setDraft(toDraft(settings)))
      .catch((error: unknown) => setMessages([`Could not load the settings: ${errorMessage(error)}`]));
  }, []);

  const save = async (event: Event) => {
    event.preventDefault();
    setSaved(false);
    const checked = checkSettings(draft);
    if (!checked.ok) {
      setMessages(checked.errors);
      return;
    }
    try {
      await getEngine().saveSettings(checked.settings);
      setMessages([]);
      setSaved(true);
    } catch (error) {
      setMessages([`Could not save the settings: ${errorMessage(error)}`]);
    }
  };

  return (
    <details class="settings">
      <summary>Settings</summary>
      <form aria-label="Settings" onSubmit={(e) => void save(e)} noValidate>
        <div class="settings-grid">
          {KEYS.map((key) => {
            const { min, max, integer } = SETTING_BOUNDS[key];
            return (
              <div class="setting" key={key}>
                <label for={`setting-${key}`}>{SETTING_LABELS[key]}</label>
                <input
                  id={`setting-${key}`}
                  type="number"
                  min={min}
                  max={max}
                  step={integer ? 1 : 'any'}
                  value={draft[key]}
                  onInput={(e) => {
                    const value = e.currentTarget.value;
                    setDraft((d) => ({ ...d, [key]: value }));
                    setSaved(false);
                  }}
                />
              </div>
            );
          })}
        </div>
        <div class="form-row">
          <p class="hint">They apply to every request made after saving.</p>
          <span role="status" class="saved">{saved ? 'Saved' : ''}</span>
          <button type="submit">Save settings</button>
        </div>
        <FormErrors messages={messages} />
      </form>
    </details>
  );
}
