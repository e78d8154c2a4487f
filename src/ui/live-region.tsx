import { useCallback, useEffect, useRef, useState } from 'preact/hooks';

interface Spoken {
  id: number;
  text: string;
}

/** How long a message stays in the region; screen readers have read it long before. */
const SHOWN_MS = 8_000;
/** A burst (several downloads ending at once) shows its last few lines. */
const MOST = 3;

/**
 * The page's one polite live region: what happened that nobody waits on (a download finished or
 * failed, a command that did not apply). Each message is a new element, so one said twice in a
 * row is announced twice.
 */
export function useAnnouncer(): { spoken: readonly Spoken[]; announce: (text: string) => void } {
  const [spoken, setSpoken] = useState<readonly Spoken[]>([]);
  const next = useRef(0);
  const timers = useRef(new Set<ReturnType<typeof setTimeout>>());
  useEffect(() => {
    const pending = timers.current;
    return () => {
      for (const timer of pending) clearTimeout(timer);
    };
  }, []);
  const announce = useCallback((text: string) => {
    const id = next.current++;
    setSpoken((current) => [...current, { id, text }].slice(-MOST));
    const timer = setTimeout(() => {
      timers.current.delete(timer);
      setSpoken((current) => current.filter((s) => s.id !== id));
    }, SHOWN_MS);
    timers.current.add(timer);
  }, []);
  return { spoken, announce };
}

export function LiveRegion({ spoken }: { spoken: readonly Spoken[] }) {
  return (
    <div class="live-status" role="status" aria-live="polite" data-role="announcements">
      {spoken.map((s) => (
        <p key={s.id}>{s.text}</p>
      ))}
    </div>
  );
}
