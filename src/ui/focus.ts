import type { RefObject } from 'preact';
import { useEffect, useLayoutEffect, useRef } from 'preact/hooks';

/**
 * Focuses an element that is not otherwise in the tab order (a row, a heading) for as long as it
 * keeps focus, so a click on it later does not focus it and the tab order stays as it was.
 */
export function focusQuietly(element: HTMLElement): void {
  if (!element.hasAttribute('tabindex')) {
    element.tabIndex = -1;
    element.addEventListener('blur', () => element.removeAttribute('tabindex'), { once: true });
  }
  element.focus();
}

/**
 * Keeps a keyboard or screen-reader user's place when a render removes the element they were on
 * (the button whose click changed the row, a row that was removed): browsers drop focus to <body>,
 * and the next Tab starts from the top of the page. After each render of the component, if the
 * element last focused inside `container` is gone and nothing else took focus, `rescue` gets it.
 */
export function useFocusRescue(container: RefObject<HTMLElement>, rescue: (lost: Element) => void): void {
  const last = useRef<Element | null>(null);
  const latestRescue = useRef(rescue);
  latestRescue.current = rescue;

  useEffect(() => {
    const node = container.current;
    if (node === null) return;
    const onFocusIn = (event: FocusEvent) => {
      last.current = event.target instanceof Element ? event.target : null;
    };
    const onFocusOut = (event: FocusEvent) => {
      const to = event.relatedTarget;
      if (to instanceof Node) {
        if (!node.contains(to)) last.current = null;
        return;
      }
      // Focus went nowhere: a click on the background (forget it), another window (it comes back),
      // or the element's removal (the render's layout effect below has already dealt with it).
      const from = event.target;
      setTimeout(() => {
        if (last.current === from && from instanceof Element && from.isConnected && document.activeElement !== from) last.current = null;
      }, 0);
    };
    node.addEventListener('focusin', onFocusIn);
    node.addEventListener('focusout', onFocusOut);
    return () => {
      node.removeEventListener('focusin', onFocusIn);
      node.removeEventListener('focusout', onFocusOut);
    };
  }, [container]);

  // A layout effect runs in the same task as the render that removed the element, before paint.
  useLayoutEffect(() => {
    const lost = last.current;
    if (lost === null || lost.isConnected) return;
    last.current = null;
    const active = document.activeElement;
    if (active !== null && active !== document.body) return;
    latestRescue.current(lost);
  });
}
