import { describe, expect, it } from 'vitest';
import { parseAria2List } from '../../src/shared/aria2-list';
import { judgeProbeAnswer, judgeRangeAnswer, sameFile, type AnswerHeaders } from '../../src/shared/answer-check';
import { checkSize } from '../../src/shared/content-range';
import { ALL_PHASES, transition, type Command } from '../../src/shared/job-lifecycle';
import { readLinkInput } from '../../src/shared/link-input';
import { DATA_LOST_NOTE, NO_RANGES_NOTE } from '../../src/shared/resume-plan';
import { validateSegments } from '../../src/shared/segments';
import { translateEngineText } from '../../src/ui/i18n/engine-text-zh';
import { asExpiredLink, DownloadError, FileChangedError, retryReason, toDownloadError } from '../../src/worker/download-error';
import { mismatchMessage } from '../../src/worker/engine/mismatch-message';
import { statusError } from '../../src/worker/net/http-requests';
import { newJobRecord } from '../../src/worker/storage/job-record';
import { checkJobRecord } from '../../src/worker/storage/record-check';

const HAN = /\p{Script=Han}/u;

/** What the job driver and the published check write when a file is not the expected one. */
function checksumMismatches(): string[] {
  const job = newJobRecord('j', 'https://example.org/f.iso', 'f.iso', 0);
  job.expectedSha256 = 'a'.repeat(64);
  const got = 'b'.repeat(64);
  const given = mismatchMessage(job, got, false);
  job.expectedSha256Source = { kind: 'file', name: 'SHA256SUMS', host: 'example.org:8443' };
  const published = [mismatchMessage(job, got, false), mismatchMessage(job, got, true)];
  job.expectedSha256Source = { kind: 'header', name: 'Repr-Digest', host: 'example.org' };
  return [given, ...published, mismatchMessage(job, got, true)];
}

/**
 * English left in a translation: four words in a row, once quoted input ("not a url"), the
 * server's own status text and names (CORS, Content-Range…) are set aside.
 */
function leftoverEnglish(text: string): string | null {
  const bare = text.replace(/"[^"]*"|“[^”]*”/g, '').replace(/\b\d{3} [A-Z][A-Za-z ]+/g, '');
  return /\b[A-Za-z]{2,}(?: [A-Za-z]{2,}){3}\b/.exec(bare)?.[0] ?? null;
}

function expectChinese(english: string): void {
  const zh = translateEngineText(english);
  expect(zh, english).toMatch(HAN);
  expect(leftoverEnglish(zh), `${english} → ${zh}`).toBeNull();
}

const COMMANDS = Object.keys({
  pause: 1,
  resume: 1,
  cancel: 1,
  remove: 1,
  retry: 1,
  restart: 1,
  'change-url': 1,
  'keep-anyway': 1,
  'save-place-granted': 1,
} satisfies Record<Command, 1>) as Command[];

const answer = (over: Partial<AnswerHeaders>): AnswerHeaders => ({
  status: 206,
  contentRange: null,
  contentLength: null,
  etag: null,
  lastModified: null,
  contentType: 'application/octet-stream',
  ...over,
});

describe('translateEngineText', () => {
  it('says every reason the lifecycle gives for a command it refuses, in every phase', () => {
    const reasons = new Set<string>();
    for (const phase of ALL_PHASES) {
      for (const command of COMMANDS) {
        const outcome = transition(phase, { type: 'command', command });
        if (!outcome.applies) reasons.add(outcome.reason);
      }
    }
    expect(reasons.size).toBeGreaterThan(10);
    for (const reason of reasons) expectChinese(reason);
  });

  it('says what is wrong with typed and pasted links', () => {
    const inputs = [
      '',
      'not a url',
      'ftp://x/y',
      'example.com/file.iso',
      'https://user:pw@example.com/a',
      'https://example.com/a https://example.com/b',
      'sha256=abc',
      'https://example.com/a sha256=123',
      'https://example.com/a sha256=' + 'a'.repeat(64) + '\nhttps://example.com/a sha256=' + 'b'.repeat(64),
      `https://example.com/${'x'.repeat(9000)}`,
      'https://example.com/f[1-100000].bin',
      'https://example.com/f[1-3.bin',
      'https://example.com/f[a-Z].bin',
      'https://example.com/f[1-a].bin',
      'https://example.com/f[9-1].bin',
      'https://example.com/f[z-a].bin',
      'https://example.com/f[1-9:0].bin',
      'https://example.com/f[1x-3].bin',
      'https://example.com/f[1-1234567890123].bin',
      'https://example.com/f{a,[1-2]}.bin',
      'https://example.com/f[1-3].bin sha256=' + 'a'.repeat(64),
      Array.from({ length: 12 }, (_, i) => `bad line ${i}`).join('\n'),
    ];
    const messages = inputs.flatMap((input) => readLinkInput(input).errors);
    expect(messages.length).toBeGreaterThan(inputs.length);
    for (const message of messages) expectChinese(message);
    expect(translateEngineText('Line 1: "not a url" is not a valid link.')).toBe('第 1 行："not a url" 不是有效的链接。');
  });

  it('says what is wrong with an imported list', () => {
    const list = [
      ' out=a.bin',
      'https://example.com/a',
      '  checksum=sha-256=abc',
      'https://example.com/b',
      `  checksum=sha-256=${'a'.repeat(64)}`,
      `  checksum=sha-256=${'b'.repeat(64)}`,
      'https://example.com/c',
      `  checksum=sha-256=${'c'.repeat(64)}`,
      'https://example.com/c',
      `  checksum=sha-256=${'d'.repeat(64)}`,
    ].join('\n');
    const { errors } = parseAria2List(list);
    expect(errors.length).toBeGreaterThanOrEqual(3);
    for (const message of errors) expectChinese(message);
    expectChinese(parseAria2List(Array.from({ length: 1001 }, (_, i) => `https://example.com/${i}`).join('\n')).errors[0] ?? '');
  });

  it('says what the answer checks find wrong with a server', () => {
    const known = { size: 100, etag: null, lastModified: null, contentType: 'application/octet-stream' };
    const verdicts = [
      judgeRangeAnswer(answer({ contentRange: 'bytes x' }), { start: 0, end: 10 }, known),
      judgeRangeAnswer(answer({ contentRange: 'bytes 5-9/100', contentLength: '5' }), { start: 0, end: 10 }, known),
      judgeProbeAnswer(answer({ contentLength: 'lots' })),
      judgeProbeAnswer(answer({ contentRange: 'bytes 0-9/x' })),
      judgeProbeAnswer(answer({ contentLength: String(2 ** 50), status: 200 })),
    ];
    const messages = verdicts.flatMap((v) => ('message' in v ? [v.message] : []));
    expect(messages.length).toBeGreaterThanOrEqual(3);
    for (const message of messages) expectChinese(message);
    for (const detail of [
      sameFile({ size: 1, etag: null, lastModified: null }, { size: 2, etag: null, lastModified: null }),
      sameFile({ size: 1, etag: '"a"', lastModified: null }, { size: 1, etag: '"b"', lastModified: null }),
    ]) {
      expectChinese(new FileChangedError(detail ?? '').message);
    }
    expectChinese(checkSize(-1) ?? '');
    expectChinese(checkSize(2 ** 50) ?? '');
    expectChinese(validateSegments([], -1) ?? '');
  });

  it('says why a download failed, waits to retry or started again', () => {
    const failures = [
      statusError(new Response(null, { status: 503, statusText: 'Service Unavailable' })),
      statusError(new Response(null, { status: 404, statusText: 'Not Found' })),
      toDownloadError(new DOMException('full', 'QuotaExceededError')),
      toDownloadError(new DOMException('no', 'NotAllowedError')),
      toDownloadError(new TypeError('Failed to fetch')),
      toDownloadError(new Error('boom')),
      new FileChangedError('it answered with the whole file'),
      new DownloadError('network', 'Could not reach the server', true),
      new DownloadError('network', 'No data for 20 s; the connection was dropped', true),
      new DownloadError('network', 'The connection closed before the range was complete', true),
      new DownloadError('cors', 'This server does not allow downloads from other sites (CORS)', false),
      new DownloadError(
        'unreadable',
        'The server sent an error the browser would not let this page read (it sends no CORS headers with its errors). If the link has expired, paste a fresh one with Change URL.',
        true,
      ),
      new DownloadError(
        'mixed-content',
        'This page is served over https and the link is plain http, which the browser does not let the page read (mixed content). Use an https link if the server has one.',
        false,
      ),
    ];
    const expired = asExpiredLink(failures[1] as DownloadError);
    expect(expired).not.toBeNull();
    for (const failure of [...failures, expired as DownloadError]) {
      expectChinese(failure.message);
      expectChinese(retryReason(failure));
    }
    // As the retry loop gives up: the tries it took, after the first sentence.
    expect(translateEngineText('The server answered 503 Service Unavailable (gave up after 9 tries)')).toBe(
      '服务器返回了 503 Service Unavailable（尝试 9 次后放弃）',
    );
    expect(translateEngineText('This server does not allow downloads from other sites (CORS)')).toContain('CORS');
    for (const note of [NO_RANGES_NOTE, DATA_LOST_NOTE]) expectChinese(note);
  });

  it('says why a stored entry is damaged', () => {
    const check = checkJobRecord({ name: 'x.bin' });
    expect(check.ok).toBe(false);
    if (!check.ok) expectChinese(`This entry is damaged (${check.damaged.reason}). Remove it; its downloaded bytes are kept until then.`);
  });

  it('says the sentences written in the worker itself', () => {
    // Kept here as the worker writes them (engine, job driver, runs, copies, storage).
    const sentences = [
      'The empty file made at the place you picked was removed.',
      'Could not run the download: Unexpected error: boom',
      'This download is no longer in the list.',
      'Carrying on from the new link',
      'The server stopped accepting ranges; continuing with one connection',
      'The server sent the wrong bytes for a range; continuing with one connection',
      'The file changed on the server; started again',
      'The server sent a web page, not a file (often a sign-in or error page).',
      'The server did not show which bytes it sent',
      'The server sent no body',
      'The server sent fewer bytes than asked for',
      'Not enough space: this download needs 1.00 GiB more and the browser has 10.0 MiB free for this site',
      'Not enough space: this download of unknown size has 12.0 MiB so far and would need more space than the browser has free for this site (3.00 MiB). Free some space, then Resume.',
      'Saving to the picked file stopped (the copy worker failed: it stopped). Retry copies it again from the downloaded data.',
      'Saving to the picked file stopped (no answer to a write within 30 s). Retry copies it again from the downloaded data.',
      'Could not write the picked file (NotReadableError)',
      'Saved as file (1).iso: the browser refused the name "file.iso" in this folder',
      '“big.iso” already saves to that file. Pick another file, or remove that download first.',
      'The speed limit must be a number from 0 to 100000 MiB/s.',
      'Could not load your saved downloads: VersionError',
      'Close other Rangefetch tabs to finish updating: an older version there holds the downloads database.',
      'A newer version of Rangefetch opened in another tab. Reload this tab to go on.',
      'This browser does not let the page keep downloads in its own storage, so Rangefetch cannot download here. A private window does this; open the page in a normal window of a current Chrome, Edge, Firefox or Safari.',
      'This browser cannot write downloads in place in its own storage (it lacks sync access handles), so Rangefetch cannot download here. A current Chrome, Edge, Firefox or Safari can.',
      'The new link did not work: The server answered 404 Not Found.',
      'The new link is a different file: its size is different. Nothing was changed.',
      'The new link cannot resume downloads (its server ignores ranges). Nothing was changed.',
      'Neither link shows a version of the file, so it cannot be checked to be the same. Nothing was changed.',
      'Paste a link.',
      ...checksumMismatches(),
    ];
    for (const sentence of sentences) expectChinese(sentence);
  });

  it('leaves a sentence it does not know as it is, and Chinese as it is', () => {
    expect(translateEngineText('Something new happened.')).toBe('Something new happened.');
    expect(translateEngineText('服务器返回了 503')).toBe('服务器返回了 503');
    // Known and unknown sentences side by side: each keeps its own words.
    expect(translateEngineText('Nothing was changed. Something new happened.')).toBe('未做任何更改。Something new happened.');
  });
});
