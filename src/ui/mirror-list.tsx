import { formatBytes } from '../shared/format';
import type { JobView, MirrorView, ViewStatus } from '../shared/types';
import { useMessages } from './i18n/context';
import { hostOf } from './row-text';
import './mirror-list.css';

/** What a server's line says: why it was dropped, how much it gave, or that it was not needed. */
export type MirrorShare = { kind: 'dropped'; why: string } | { kind: 'gave'; bytes: number } | { kind: 'not-needed' };

/**
 * "gave 0 B" on a finished file reads as a failure; a small file is often done by the first
 * server before another is given a piece, so that is said instead.
 */
export function mirrorShare(mirror: MirrorView, status: ViewStatus): MirrorShare {
  if (mirror.dropped !== null) return { kind: 'dropped', why: mirror.dropped };
  if (mirror.given === 0 && status === 'completed') return { kind: 'not-needed' };
  return { kind: 'gave', bytes: mirror.given };
}

/** A job with mirrors: each server, the link's first, with what it gave or why it was dropped. */
export function MirrorList({ job }: { job: JobView }) {
  const m = useMessages();
  if (job.mirrors === undefined) return null;
  const say = (share: MirrorShare): string => {
    switch (share.kind) {
      case 'dropped':
        return m.mirrors.dropped(m.sentence(share.why));
      case 'not-needed':
        return m.mirrors.notNeeded;
      case 'gave':
        return m.mirrors.gave(formatBytes(share.bytes, m.locale));
    }
  };
  return (
    <ul class="mirror-list" aria-label={m.mirrors.label}>
      {job.mirrors.map((mirror) => (
        <li key={mirror.url} data-dropped={mirror.dropped !== null ? 'true' : undefined} title={mirror.url}>
          <span class="mirror-host">{hostOf(mirror.url)}</span> <span class="mirror-share">{say(mirrorShare(mirror, job.status))}</span>
        </li>
      ))}
    </ul>
  );
}
