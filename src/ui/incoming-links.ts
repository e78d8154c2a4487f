import { useEffect, useState } from 'preact/hooks';
import { readIncomingLinks } from '../shared/incoming-links';
import { fillField } from './drop-links';

/**
 * The links the page was opened with — shared from another app, a `web+rangefetch:` link, the
 * bookmarklet — for the URL field; '' when none. Once read, they leave the address bar, so a
 * reload or a bookmark of the page does not hand them in again. Nothing starts by itself: the
 * person still presses Download and picks where to save.
 */
export function useIncomingLinks(): string {
  // Read once, before the first render, so the field shows them (and the form its messages) from the start.
  const [incoming] = useState(() => readIncomingLinks(location.href));
  useEffect(() => {
    if (incoming === null) return;
    history.replaceState(history.state, '', incoming.address);
    // Ready for Ctrl+Enter.
    if (incoming.text !== '') document.getElementById('url-input')?.focus();
  }, [incoming]);

  // An `#add=` put on the address of the page already open does not load it again: such links
  // join what the field holds, as dropped links do.
  useEffect(() => {
    const onHashChange = () => {
      const later = readIncomingLinks(location.href);
      if (later === null) return;
      history.replaceState(history.state, '', later.address);
      if (later.text !== '') fillField(later.text);
    };
    window.addEventListener('hashchange', onHashChange);
    return () => window.removeEventListener('hashchange', onHashChange);
  }, []);
  return incoming?.text ?? '';
}
