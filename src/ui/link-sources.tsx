import { useMemo, useState } from 'preact/hooks';
import { MAX_LINKS } from '../shared/link-input';
import { bookmarkletHref, MAX_FRAGMENT_CHARS } from '../shared/link-collector';
import { useMessages } from './i18n/context';
import { Slots } from './i18n/slots';
import './link-sources.css';

/**
 * "Add links from any page": the bookmarklet, built for this copy of the app (its address is where
 * the bookmarklet opens the links) and in the page's language, to be dragged to the bookmarks bar.
 */
export function LinkSources() {
  const m = useMessages().linkSources;
  const href = useMemo(
    () => bookmarkletHref({ app: `${location.origin}${location.pathname}`, max: MAX_LINKS, maxChars: MAX_FRAGMENT_CHARS, texts: m.collector }),
    [m],
  );
  const [clicked, setClicked] = useState(false);
  return (
    <details class="link-sources">
      <summary>{m.title}</summary>
      <p>
        {m.dragThis}{' '}
        <a
          class="bookmarklet"
          href={href}
          onClick={(event) => {
            // Here it would collect this page's own links; the page's policy would refuse it anyway.
            event.preventDefault();
            setClicked(true);
          }}
        >
          {m.bookmarklet}
        </a>
      </p>
      <p role="status" class="link-sources-note">
        {clicked ? m.notHere : ''}
      </p>
      <p class="hint">
        <Slots text={m.howItWorks} values={{ pattern: <code>*.iso</code> }} />
      </p>
      <p class="hint">{m.installed}</p>
    </details>
  );
}
