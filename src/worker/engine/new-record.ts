import { chooseFileName, sanitizeFileName } from '../../shared/file-name';
import { serversOf } from '../../shared/mirror-links';
import type { Settings } from '../../shared/settings';
import type { UrlEntry } from '../../shared/types';
import { withoutWindow } from '../../shared/url-window';
import type { Destination } from '../api';
import { newJobRecord, type JobRecord } from '../storage/job-record';
import { checkedZipEntry } from '../zip/list-zip';

/** The record of a job the person added: its link, name, place, checksum, servers and ZIP entry. */
export function recordOfEntry(entry: UrlEntry, destination: Destination | null, settings: Settings, createdAt: number): JobRecord {
  const { url: link, sha256, name: given, mirrors, size, zipEntry } = entry;
  // A window of a ZIP (url-window.ts) comes only with what its entry unpacks to.
  const url = zipEntry ? link : withoutWindow(link);
  // A name given with the link (an imported list's `out=`) is the person's; the page's own
  // check is not relied on, so it is sanitized here too.
  const givenName = given === undefined ? null : sanitizeFileName(given);
  const name = destination?.kind === 'file' ? destination.handle.name : chooseFileName(null, url, givenName);
  const record = newJobRecord(crypto.randomUUID(), url, name, createdAt);
  record.destination = destination;
  record.expectedSha256 = sha256 ?? null;
  if (settings.jobSpeedLimitMBps > 0) record.speedLimit = settings.jobSpeedLimitMBps;
  if (givenName !== null) record.givenName = givenName;
  if (zipEntry) record.zipEntry = { ...checkedZipEntry(zipEntry), unpacked: false };
  const servers = serversOf(url, mirrors);
  if (servers.length > 1) record.mirrors = servers.map((server) => ({ url: server, given: 0, dropped: null }));
  if (size !== undefined && Number.isSafeInteger(size) && size >= 0) record.expectedSize = size;
  return record;
}
