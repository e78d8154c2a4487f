import { useState } from 'preact/hooks';
import type { JobView } from '../shared/types';
import { getEngine } from './engine-bridge';
import { errorMessage } from './error-message';
import { useMessages } from './i18n/context';

/** This download's own speed limit (MiB/s, 0 for none), beside the overall one in Settings. */
export function JobSpeedLimit({ job, report }: { job: JobView; report: (message: string) => void }) {
  const m = useMessages();
  const [draft, setDraft] = useState<string | null>(null);
  const [refusal, setRefusal] = useState<string | null>(null);
  const id = `limit-${job.id}`;
  const shown = draft ?? String(job.speedLimit);
  const apply = (event: Event) => {
    event.preventDefault();
    const value = shown.trim() === '' ? Number.NaN : Number(shown);
    getEngine()
      .setSpeedLimit(job.id, value)
      .then((answer) => {
        setRefusal(answer);
        if (answer === null) setDraft(null);
      })
      .catch((cause: unknown) => report(m.sentence(errorMessage(cause))));
  };
  return (
    <form class="job-limit" onSubmit={apply} aria-label={m.speedLimit.form(job.name)}>
      <label for={id}>{m.speedLimit.label}</label>
      <input id={id} type="number" min={0} step="any" value={shown} onInput={(e) => setDraft(e.currentTarget.value)} />
      <button type="submit" class="small">
        {m.speedLimit.set}
      </button>
      {refusal !== null && <p role="alert">{m.sentence(refusal)}</p>}
    </form>
  );
}
