import { en, type Messages } from './en';
import { zhCN } from './zh-CN';

/** The languages the page speaks. English is the source of every string; the others follow it. */
export type Lang = 'en' | 'zh-CN';

export const CATALOGS: Readonly<Record<Lang, Messages>> = { en, 'zh-CN': zhCN };

/** In the order the switch offers them. */
export const LANGS: readonly Lang[] = ['en', 'zh-CN'];

export function isLang(value: unknown): value is Lang {
  return typeof value === 'string' && (LANGS as readonly string[]).includes(value);
}

/** Whether a BCP 47 tag is written in Simplified Chinese: zh, zh-CN, zh-SG, zh-Hans…, not zh-TW or zh-Hant. */
function isSimplifiedChinese(tag: string): boolean {
  try {
    const locale = new Intl.Locale(tag);
    return locale.language === 'zh' && locale.maximize().script === 'Hans';
  } catch {
    return false; // not a valid tag: not a language we can tell
  }
}

function isEnglish(tag: string): boolean {
  try {
    return new Intl.Locale(tag).language === 'en';
  } catch {
    return false;
  }
}

/**
 * The language for the browser's preferences (navigator.languages, most wanted first): the first
 * one the page speaks; English when none is. Traditional Chinese (zh-TW, zh-HK, zh-Hant) is not
 * Simplified and reads English unless a later preference says otherwise.
 */
export function chooseLang(preferred: readonly string[]): Lang {
  for (const tag of preferred) {
    if (isSimplifiedChinese(tag)) return 'zh-CN';
    if (isEnglish(tag)) return 'en';
  }
  return 'en';
}

/**
 * The person's own choice, kept by this browser like the notification choice: a preference of the
 * page, not part of any download, so localStorage rather than the worker's IndexedDB.
 */
const KEY = 'rangefetch.lang';

export function storedLang(): Lang | null {
  try {
    const value = localStorage.getItem(KEY);
    return isLang(value) ? value : null;
  } catch {
    return null; // storage blocked: the browser's languages decide
  }
}

export function storeLang(lang: Lang): void {
  try {
    localStorage.setItem(KEY, lang);
  } catch {
    // Storage blocked: the choice lasts until the page closes.
  }
}

/** The language the page opens in: the one chosen on the switch, else the browser's. */
export function initialLang(): Lang {
  const languages = typeof navigator === 'undefined' ? [] : navigator.languages.length > 0 ? navigator.languages : [navigator.language];
  return storedLang() ?? chooseLang(languages);
}

/** Each language named in itself, the same in every catalog, so a reader finds their own. */
export const LANG_NAMES: Readonly<Record<Lang, string>> = { en: 'English', 'zh-CN': '简体中文' };
