import { useEffect, useState } from 'preact/hooks';
import { checkSettings, DEFAULT_SETTINGS, NUMBER_SETTINGS, SETTING_BOUNDS, SWITCH_SETTINGS, type Settings } from '../shared/settings';
import { getEngine } from './engine-bridge';
import { errorMessage } from './error-message';
import { FormErrors } from './form-errors';
import { useMessages } from './i18n/context';
import type { Messages } from './i18n/en';
import { NotifySetting } from './notify-setting';
import './settings-switch.css';

type Draft = Record<keyof Settings, string>;

const KEYS = Object.keys(DEFAULT_SETTINGS) as Array<keyof Settings>;

function toDraft(settings: Settings): Draft {
  return Object.fromEntries(KEYS.map((key) => [key, String(settings[key])])) as Draft;
}

/**
 * What is wrong with `values`, in the page's language: one sentence per field out of its bounds.
 * checkSettings decides; its own (English) sentences are for the engine's side.
 */
function problemsOf(values: Draft, m: Messages): string[] {
  // Switches are checkboxes: never out of range.
  return NUMBER_SETTINGS.filter((key) => !checkSettings({ [key]: values[key] }).ok).map((key) => {
    const { min, max, integer } = SETTING_BOUNDS[key];
    return m.settings.outOfRange(m.settings.labels[key], integer, min, max);
  });
}

/**
 * Connections, retries, stall timeout and speed limit; kept by the worker in IndexedDB. The fields
 * wait for the stored values (so none arrives over what the person typed), and only the fields the
 * person changed are theirs: everything else shows what is stored.
 */
export function SettingsPanel() {
  const m = useMessages();
  const w = m.settings;
  const [stored, setStored] = useState<Settings | null>(null);
  const [edits, setEdits] = useState<Partial<Draft>>({});
  const [messages, setMessages] = useState<string[]>([]);
  const [saved, setSaved] = useState(false);
  const [saving, setSaving] = useState(false);

  useEffect(() => {
    let mounted = true;
    getEngine()
      .getSettings()
      .then((settings) => {
        if (mounted) setStored(settings);
      })
      .catch((error: unknown) => {
        if (!mounted) return;
        // Still let the person set them: what they see is what saving stores.
        setMessages([w.couldNotLoad(m.sentence(errorMessage(error)))]);
        setStored({ ...DEFAULT_SETTINGS });
      });
    return () => {
      mounted = false;
    };
  }, []);

  const loaded = stored !== null;
  const draft: Draft = { ...toDraft(stored ?? DEFAULT_SETTINGS), ...edits };

  const save = async (event: Event | null, values: Draft = draft) => {
    event?.preventDefault();
    if (!loaded || saving) return;
    setSaved(false);
    const checked = checkSettings(values);
    if (!checked.ok) {
      setMessages(problemsOf(values, m));
      return;
    }
    setSaving(true);
    try {
      const refused = await getEngine().saveSettings(checked.settings);
      if (refused !== null && refused.length > 0) {
        setMessages(refused.map(m.sentence));
        return;
      }
      setStored(checked.settings);
      setEdits({});
      setMessages([]);
      setSaved(true);
    } catch (error) {
      setMessages([w.couldNotSave(m.sentence(errorMessage(error)))]);
    } finally {
      setSaving(false);
    }
  };

  return (
    <details class="settings">
      <summary>{w.title}</summary>
      <form aria-label={w.title} aria-busy={!loaded} onSubmit={(e) => void save(e)} noValidate>
        <fieldset class="settings-fields" disabled={!loaded}>
          <div class="settings-grid">
            {NUMBER_SETTINGS.map((key) => {
              const { min, max, integer } = SETTING_BOUNDS[key];
              return (
                <div class="setting" key={key}>
                  <label for={`setting-${key}`}>{w.labels[key]}</label>
                  <input
                    id={`setting-${key}`}
                    aria-describedby={`setting-help-${key}`}
                    type="number"
                    min={min}
                    max={max}
                    step={integer ? 1 : 'any'}
                    value={loaded ? draft[key] : ''}
                    onInput={(e) => {
                      const value = e.currentTarget.value;
                      setEdits((current) => ({ ...current, [key]: value }));
                      setSaved(false);
                    }}
                  />
                  <p class="setting-help" id={`setting-help-${key}`}>
                    {w.help[key]}
                  </p>
                </div>
              );
            })}
          </div>
          {SWITCH_SETTINGS.map((key) => (
            <div class="setting switch-setting" key={key}>
              <label>
                <input
                  aria-describedby={`setting-help-${key}`}
                  type="checkbox"
                  checked={loaded && draft[key] === 'true'}
                  onChange={(e) => {
                    const value = String(e.currentTarget.checked);
                    setEdits((current) => ({ ...current, [key]: value }));
                    setSaved(false);
                  }}
                />
                {w.labels[key]}
              </label>
              <p class="setting-help" id={`setting-help-${key}`}>
                {w.help[key]}
              </p>
            </div>
          ))}
          <div class="form-row">
            <p class="hint">{loaded ? w.applies : w.loading}</p>
            <span role="status" class="saved">
              {saved ? w.saved : ''}
            </span>
            <button type="button" aria-disabled={saving} onClick={() => void save(null, toDraft(DEFAULT_SETTINGS))}>
              {w.reset}
            </button>
            <button type="submit" aria-disabled={saving}>
              {w.save}
            </button>
          </div>
        </fieldset>
        <FormErrors messages={messages} />
      </form>
      <NotifySetting />
    </details>
  );
}
