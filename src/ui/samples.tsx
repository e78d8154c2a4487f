import { useEffect, useState } from 'preact/hooks';
import { formatBytes } from '../shared/format';

interface Sample {
  name: string;
  size: number;
  url: string;
}

const SAMPLE_ORIGIN: string = import.meta.env.VITE_SAMPLE_ORIGIN ?? 'http://localhost:8787';

function isSampleList(value: unknown): value is Sample[] {
  return Array.isArray(value) && value.every((s: unknown) => {
    const sample = s as Partial<Sample> | null;
    return typeof sample?.name === 'string' && typeof sample.url === 'string' && typeof sample.size === 'number';
  });
}

/** Offers the files of the local sample origin, so a first download works without a network. */
export function Samples({ onPick }: { onPick: (url: string) => void }) {
  const [samples, setSamples] = useState<Sample[]>([]);
  useEffect(() => {
    const controller = new AbortController();
    fetch(`${SAMPLE_ORIGIN}/samples`, { signal: controller.signal })
      .then((response) => (response.ok ? response.json() : []))
      .then((list: unknown) => setSamples(isSampleList(list) ? list : []))
      // No sample origin running (for example on a deployed copy): simply offer nothing.
      .catch(() => undefined);
    return () => controller.abort();
  }, []);
  if (samples.length === 0) return null;
  return (
    <section class="samples" aria-labelledby="samples-title">
      <h2 id="samples-title">Try a sample</h2>
      <ul>
        {samples.map((sample) => (
          <li key={sample.url}>
            <button type="button" onClick={() => onPick(sample.url)}>
              {sample.name} <span class="muted">({formatBytes(sample.size)})</span>
            </button>
          </li>
        ))}
      </ul>
    </section>
  );
}
