/** Before staged bytes go on from another server, it must show their file (Node's fetch against the test origin). */
import { describe, expect, it } from 'vitest';
import { fetchMirrorFingerprint } from '../../src/worker/net/mirror-fingerprint';
import { confirmNextMirror, switchToMirror } from '../../src/worker/run/link-switch';
import { DownloadError } from '../../src/worker/download-error';
import { newJobRecord } from '../../src/worker/storage/job-record';
import { startTestOrigin } from '../origin/test-client';

const { origin, fresh } = await startTestOrigin();
const SIZE = 300 * 1024;
const dead = new DownloadError('http', 'The server answered 503 Service Unavailable', false, null, 503);

async function stagedJob(name: string, urls: string[]) {
  const job = newJobRecord('j', urls[0] ?? '', name, 0);
  job.mirrors = urls.map((url) => ({ url, given: 0, dropped: null }));
  const genuine = await fetchMirrorFingerprint(`${origin.url}/files/${name}?size=${SIZE}`, { size: SIZE, contentType: null }, AbortSignal.timeout(5000));
  Object.assign(job, { rangeSupported: true, size: SIZE, fingerprint: genuine.fingerprint, segments: [{ start: 0, end: SIZE, done: 1000 }] });
  return job;
}

describe('a hand-over with bytes staged', () => {
  it('passes over a mirror serving another file, dropping it, and hands the link to one serving the staged file', async () => {
    const name = fresh();
    const impostor = `${origin.url}/files/${name}?size=${SIZE}&seed=4242`;
    const good = `${origin.url}/files/${name}?size=${SIZE}`;
    const job = await stagedJob(name, [`${origin.url}/files/${name}?size=${SIZE}&fail=503&fails=100`, impostor, good]);
    expect(await confirmNextMirror(job, AbortSignal.timeout(5000))).toBe(true);
    expect(job.mirrors?.[1]?.dropped).toBe('it serves a different file (its first and last bytes are different)');
    expect(switchToMirror(job, dead)).toBe(true);
    expect(job.url).toBe(good);
    expect(job.segments).toEqual([{ start: 0, end: SIZE, done: 1000 }]);
  });

  it('says no when no mirror serves the staged file, and the staged bytes stay the link’s', async () => {
    const name = fresh();
    const job = await stagedJob(name, [`${origin.url}/files/${name}?size=${SIZE}`, `${origin.url}/files/${name}?size=${SIZE}&seed=7`, `${origin.url}/files/${name}?size=${SIZE}&fail=404&fails=100`]);
    expect(await confirmNextMirror(job, AbortSignal.timeout(5000))).toBe(false);
    expect(job.mirrors?.map((m) => m.dropped)).toEqual([null, 'it serves a different file (its first and last bytes are different)', 'it failed: The server answered 404 Not Found']);
    expect(switchToMirror(job, dead)).toBe(false);
  });
});
