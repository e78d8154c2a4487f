/**
 * Every string the page shows, in English: the source of truth. Other languages are typed
 * against `Messages`, so a string missing there is a type error. Strings with values are
 * functions; counted words go through `pluralForm` (Intl.PluralRules), numbers through Intl.
 * Product and protocol names (Rangefetch, SHA-256, CORS, HTTP headers) stay as they are in
 * every language.
 */

const LOCALE = 'en';

export const en = {
  /** BCP 47 tag: the page's `lang` and the locale of its numbers and dates. */
  locale: LOCALE,
  language: {
    label: 'Language',
  },
  app: {
    name: 'Rangefetch',
    tagline: 'Fast, resumable downloads in one browser tab.',
    dismiss: 'Dismiss',
    /** The list's heading and its accessible name. */
    downloads: 'Downloads',
    empty: 'No downloads yet.',
    noMatch: 'No downloads match.',
    engineDidNotStart: (why: string) => `The download engine did not start: ${why}`,
  },
};

export type Messages = typeof en;
