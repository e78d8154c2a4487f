import { createContext } from 'preact';
import { useContext } from 'preact/hooks';
import { en, type Messages } from './en';
import type { Lang } from './lang';

export interface LangState {
  lang: Lang;
  messages: Messages;
  setLang: (lang: Lang) => void;
}

/**
 * The page's language, given by App. A context rather than a module variable so that switching
 * re-renders every component that says something, memoized rows included, without a reload.
 */
export const LangContext = createContext<LangState>({ lang: 'en', messages: en, setLang: () => undefined });

/** The strings of the page's language. */
export function useMessages(): Messages {
  return useContext(LangContext).messages;
}

export function useLang(): LangState {
  return useContext(LangContext);
}
