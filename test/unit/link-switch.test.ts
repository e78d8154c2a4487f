import { describe, expect, it } from 'vitest';
import { translateEngineText } from '../../src/ui/i18n/engine-text-zh';
import { DownloadError } from '../../src/worker/download-error';
import { mayTryMirror, promoteMirror, switchToMirror } from '../../src/worker/run/link-switch';
import { newJobRecord, setLink, type JobRecord } from '../../src/worker/storage/job-record';

const server = (url: string, dropped: string | null = null) => ({ url, given: 0, dropped });
const notFound = new DownloadError('http', 'The server answered 404 Not Found', false, null, 404);

function mirroredJob(...urls: string[]): JobRecord {
  const job = newJobRecord('j', urls[0] ?? '', 'f.iso', 0);
  job.mirrors = urls.map((url) => server(url));
  return job;
}

describe('a link that fails before a byte came, with mirrors', () => {
  it('hands the lead to the first mirror still in use, and puts the link last, dropped', () => {
    const servers = [server('https://a.example/f'), server('https://b.example/f', 'it serves a different file'), server('https://c.example/f'), server('https://d.example/f')];
    expect(promoteMirror(servers, 'it failed: 404')).toEqual([
      server('https://c.example/f'),
      server('https://b.example/f', 'it serves a different file'),
      server('https://d.example/f'),
      server('https://a.example/f', 'it failed: 404'),
    ]);
    expect(promoteMirror([server('https://a.example/f'), server('https://b.example/f', 'gone')], 'x')).toBeNull();
    expect(promoteMirror([server('https://a.example/f')], 'x')).toBeNull();
  });

  it('makes that mirror the job’s link, forgets the old link’s file and says why', () => {
    const job = mirroredJob('https://a.example/f.iso', 'https://b.example/f.iso');
    job.size = 1000;
    job.etag = '"a"';
    job.segments = [{ start: 0, end: 1000, done: 0 }];
    expect(switchToMirror(job, notFound)).toBe(true);
    expect(job.url).toBe('https://b.example/f.iso');
    expect(job.mirrors?.map((m) => [m.url, m.dropped])).toEqual([
      ['https://b.example/f.iso', null],
      ['https://a.example/f.iso', 'it failed: The server answered 404 Not Found'],
    ]);
    expect([job.size, job.etag, job.segments]).toEqual([null, null, []]);
    expect(job.note).toBe('Server a.example dropped: it failed: The server answered 404 Not Found; b.example took its place');
    expect(translateEngineText(job.note ?? '')).toBe('已停用服务器 a.example：它出错了：服务器返回了 404 Not Found；由 b.example 接替');
  });

  it('goes on from staged bytes at the next server, forgetting only the old server’s validators', () => {
    const job = mirroredJob('https://a.example/f', 'https://b.example/f');
    Object.assign(job, { rangeSupported: true, size: 1000, etag: '"a"', lastModified: 'Mon, 01 Jan 2024 00:00:00 GMT', fingerprint: 'fp' });
    job.segments = [{ start: 0, end: 1000, done: 400 }];
    expect(switchToMirror(job, notFound)).toBe(true);
    expect(job.url).toBe('https://b.example/f');
    // What is staged stays, to be gone on from once the new link shows the same fingerprint.
    expect([job.size, job.fingerprint, job.segments]).toEqual([1000, 'fp', [{ start: 0, end: 1000, done: 400 }]]);
    expect([job.etag, job.lastModified]).toEqual([null, null]);
  });

  it('keeps to the link when staged bytes cannot be shown to be another server’s file, for storage failures, and without a mirror left', () => {
    const staged = mirroredJob('https://a.example/f', 'https://b.example/f');
    staged.size = 1000;
    staged.segments = [{ start: 0, end: 1000, done: 10 }];
    expect(mayTryMirror(staged, notFound)).toBe(false);
    const streamed = mirroredJob('https://a.example/f', 'https://b.example/f');
    streamed.streamed = 5;
    expect(mayTryMirror(streamed, notFound)).toBe(false);
    const fresh = mirroredJob('https://a.example/f', 'https://b.example/f');
    expect(mayTryMirror(fresh, new DownloadError('quota', 'Not enough space', false))).toBe(false);
    expect(mayTryMirror(fresh, new DownloadError('network', 'The connection failed', true))).toBe(true);
    expect(mayTryMirror(mirroredJob('https://a.example/f'), notFound)).toBe(false);
    expect(switchToMirror(mirroredJob('https://a.example/f'), notFound)).toBe(false);
  });
});

describe('a new link given with Change URL to a job with mirrors', () => {
  it('takes the link’s place first among its servers, so a later hand-over moves the right one', () => {
    const job = mirroredJob('https://a.example/f', 'https://b.example/f');
    job.mirrors = [{ url: 'https://a.example/f', given: 7, dropped: 'it failed: gone' }, server('https://b.example/f')];
    setLink(job, 'https://a2.example/f');
    expect(job.url).toBe('https://a2.example/f');
    expect(job.mirrors).toEqual([{ url: 'https://a2.example/f', given: 7, dropped: null }, server('https://b.example/f')]);
    expect(switchToMirror(job, notFound)).toBe(true);
    expect(job.mirrors?.map((m) => m.url)).toEqual(['https://b.example/f', 'https://a2.example/f']);
  });

  it('is all there is to it for a job with one server', () => {
    const job = newJobRecord('j', 'https://a.example/f', 'f', 0);
    setLink(job, 'https://a2.example/f');
    expect([job.url, job.mirrors]).toEqual(['https://a2.example/f', undefined]);
  });
});
