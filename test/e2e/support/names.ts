/**
 * The words the page shows, from its own catalogs: the helpers and the core suite find controls
 * by these accessible names, so the same tests drive the page in English and in Chinese. useE2e's
 * `lang` sets it for the tests of its scope (each test file has its own module state).
 */
import { en, type Messages } from '../../../src/ui/i18n/en';
import { CATALOGS, type Lang } from '../../../src/ui/i18n/lang';

let current: Messages = en;

/** The catalog of the language the pages of this file are in. */
export function names(): Messages {
  return current;
}

export function useNames(lang: Lang): void {
  current = CATALOGS[lang];
}
