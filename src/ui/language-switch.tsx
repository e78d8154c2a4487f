import { useLang } from './i18n/context';
import { isLang, LANG_NAMES, LANGS } from './i18n/lang';
import './language-switch.css';

/** Chooses the page's language; the choice applies at once and is kept by this browser. */
export function LanguageSwitch() {
  const { lang, messages, setLang } = useLang();
  return (
    <label class="language-switch">
      <span>{messages.language.label}</span>
      <select
        value={lang}
        onChange={(event) => {
          const value = event.currentTarget.value;
          if (isLang(value)) setLang(value);
        }}
      >
        {LANGS.map((option) => (
          <option key={option} value={option} lang={option}>
            {LANG_NAMES[option]}
          </option>
        ))}
      </select>
    </label>
  );
}
