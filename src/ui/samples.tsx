import { useEffect, useState } from 'preact/hooks';
import { formatBytes } from '../shared/format';
import { useMessages } from './i18n/context';

interface Sample {
  name: string;
  size: number;
  url: string;
}

/** Set by the dev server (`npm start`), which runs the sample origin beside the app; null in a build. */
const SAMPLE_ORIGIN: string | null = import.meta.env.VITE_SAMPLE_ORIGIN ?? null;

function isSampleList(value: unknown): value is Sample[] {
  return Array.isArray(value) && value.every((s: unknown) => {
    const sample = s as Partial<Sample> | null;
    return typeof sample?.name === 'string' && typeof sample.url === 'string' && typeof sample.size === 'number';
  });
}

/**
 * Offers the files of the local sample origin, so a first download works without a network; only
 * under the dev server, which runs that origin. A build renders nothing and asks nobody.
 */
export function Samples({ onPick }: { onPick: (url: string) => void }) {
  return SAMPLE_ORIGIN === null ? null : <SampleList origin={SAMPLE_ORIGIN} onPick={onPick} />;
}

function SampleList({ origin, onPick }: { origin: string; onPick: (url: string) => void }) {
  const m = useMessages();
  const [samples, setSamples] = useState<Sample[]>([]);
  useEffect(() => {
    const controller = new AbortController();
    fetch(`${origin}/samples`, { signal: controller.signal })
      .then((response) => (response.ok ? response.json() : []))
      .then((list: unknown) => setSamples(isSampleList(list) ? list : []))
      // No sample origin running (for example on a deployed copy): simply offer nothing.
      .catch(() => undefined);
    return () => controller.abort();
  }, [origin]);
  if (samples.length === 0) return null;
  return (
    <section class="samples" aria-labelledby="samples-title">
      <h2 id="samples-title">{m.app.samples}</h2>
      <ul>
        {samples.map((sample) => (
          <li key={sample.url}>
            <button type="button" onClick={() => onPick(sample.url)}>
              {sample.name} <span class="muted">({formatBytes(sample.size, m.locale)})</span>
            </button>
          </li>
        ))}
      </ul>
    </section>
  );
}
