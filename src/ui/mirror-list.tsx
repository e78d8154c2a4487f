import { formatBytes } from '../shared/format';
import type { JobView } from '../shared/types';
import { useMessages } from './i18n/context';
import { hostOf } from './row-text';
import './mirror-list.css';

/** A job with mirrors: each server, the link's first, with what it gave or why it was dropped. */
export function MirrorList({ job }: { job: JobView }) {
  const m = useMessages();
  if (job.mirrors === undefined) return null;
  return (
    <ul class="mirror-list" aria-label={m.mirrors.label}>
      {job.mirrors.map((mirror) => (
        <li key={mirror.url} data-dropped={mirror.dropped !== null ? 'true' : undefined} title={mirror.url}>
          <span class="mirror-host">{hostOf(mirror.url)}</span>{' '}
          <span class="mirror-share">
            {mirror.dropped === null ? m.mirrors.gave(formatBytes(mirror.given, m.locale)) : m.mirrors.dropped(m.sentence(mirror.dropped))}
          </span>
        </li>
      ))}
    </ul>
  );
}
