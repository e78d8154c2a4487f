import { describe, expect, it } from 'vitest';
import { isWebPage, judgeProbeAnswer, judgeRangeAnswer, type AnswerHeaders, type KnownFile } from '../../src/shared/answer-check';

const file: KnownFile = { size: 1000, etag: '"v1"', lastModified: 'Thu, 01 Jan 2026 00:00:00 GMT', contentType: 'application/octet-stream' };

function answer(overrides: Partial<AnswerHeaders>): AnswerHeaders {
  return {
    status: 206,
    contentType: 'application/octet-stream',
    contentLength: '100',
    contentRange: 'bytes 100-199/1000',
    etag: '"v1"',
    lastModified: file.lastModified,
    ...overrides,
  };
}

const ask = { start: 100, end: 200 };

describe('judgeRangeAnswer', () => {
  it('accepts the range asked for, of the same file', () => {
    expect(judgeRangeAnswer(answer({}), ask, file)).toEqual({ kind: 'ok' });
  });

  it('accepts a 206 whose Content-Range is not exposed (checked by length while streaming)', () => {
    expect(judgeRangeAnswer(answer({ contentRange: null, etag: null }), ask, file)).toEqual({ kind: 'ok' });
  });

  it('accepts a shorter prefix of the range: the rest is asked for again', () => {
    expect(judgeRangeAnswer(answer({ contentRange: 'bytes 100-149/1000' }), ask, file)).toEqual({ kind: 'ok' });
  });

  it('refuses bytes from another offset, or past the end asked', () => {
    expect(judgeRangeAnswer(answer({ contentRange: 'bytes 4196-4295/1000' }), ask, file).kind).toBe('bad');
    expect(judgeRangeAnswer(answer({ contentRange: 'bytes 104-203/1000' }), ask, file)).toEqual({
      kind: 'bad',
      message: 'The server sent bytes 104–203 when 100–199 were asked for',
    });
    expect(judgeRangeAnswer(answer({ contentRange: 'bytes 100-299/1000' }), ask, file).kind).toBe('bad');
  });

  it('refuses an unreadable Content-Range', () => {
    expect(judgeRangeAnswer(answer({ contentRange: 'bytes 100-199' }), ask, file)).toEqual({
      kind: 'bad',
      message: 'The server sent an unreadable Content-Range header',
    });
  });

  it('calls a different total, ETag or date a changed file', () => {
    expect(judgeRangeAnswer(answer({ contentRange: 'bytes 100-199/2000' }), ask, file)).toEqual({ kind: 'changed', detail: 'its size is different' });
    expect(judgeRangeAnswer(answer({ etag: '"v2"' }), ask, file)).toEqual({ kind: 'changed', detail: 'its ETag is different' });
    expect(judgeRangeAnswer(answer({ lastModified: 'Fri, 02 Jan 2026 00:00:00 GMT' }), ask, file)).toEqual({
      kind: 'changed',
      detail: 'its date is different',
    });
  });

  it('calls 416 for a range inside the known size a changed (shorter) file', () => {
    expect(judgeRangeAnswer(answer({ status: 416 }), ask, file).kind).toBe('changed');
  });

  it('reads a 200 with a matching validator and length as "ranges stopped", never as data at the offset', () => {
    expect(judgeRangeAnswer(answer({ status: 200, contentRange: null, contentLength: '1000' }), ask, file)).toEqual({ kind: 'whole' });
    expect(judgeRangeAnswer(answer({ status: 200, contentRange: null, contentLength: '1000', etag: null }), ask, file)).toEqual({ kind: 'whole' });
  });

  it('reads a 200 without a matching validator, or of another length, as a changed file', () => {
    const noValidators: KnownFile = { ...file, etag: null, lastModified: null };
    expect(judgeRangeAnswer(answer({ status: 200, contentRange: null, contentLength: '1000' }), ask, noValidators).kind).toBe('changed');
    expect(judgeRangeAnswer(answer({ status: 200, contentRange: null, contentLength: '999' }), ask, file)).toEqual({
      kind: 'changed',
      detail: 'its size is different',
    });
  });

  it('never takes a web page for bytes of a file that was not one', () => {
    const page = { contentType: 'text/html; charset=utf-8', etag: null, lastModified: null, contentRange: null };
    expect(judgeRangeAnswer(answer({ ...page, status: 200 }), ask, file).kind).toBe('bad');
    expect(judgeRangeAnswer(answer({ ...page }), ask, file).kind).toBe('bad');
    // A file that is itself a web page stays downloadable.
    expect(judgeRangeAnswer(answer({ contentType: 'text/html' }), ask, { ...file, contentType: 'text/html' })).toEqual({ kind: 'ok' });
  });

  it('leaves error statuses to the caller, who never writes their bodies', () => {
    for (const status of [404, 500, 503, 302]) expect(judgeRangeAnswer(answer({ status }), ask, file)).toEqual({ kind: 'status' });
  });
});

describe('judgeProbeAnswer', () => {
  const probe = (overrides: Partial<AnswerHeaders>): AnswerHeaders => answer({ contentRange: 'bytes 0-999/1000', contentLength: '1000', ...overrides });

  it('takes the size from Content-Range, or from Content-Length when the range is not exposed', () => {
    expect(judgeProbeAnswer(probe({}))).toEqual({ kind: 'ok', rangeSupported: true, size: 1000, bodyEnd: null, totalHidden: false });
    expect(judgeProbeAnswer(probe({ contentRange: null }))).toEqual({ kind: 'ok', rangeSupported: true, size: 1000, bodyEnd: null, totalHidden: false });
  });

  it('falls back to one stream for a 200, and to an unknown size without Content-Length', () => {
    expect(judgeProbeAnswer(probe({ status: 200, contentRange: null }))).toEqual({ kind: 'ok', rangeSupported: false, size: 1000, bodyEnd: null, totalHidden: false });
    expect(judgeProbeAnswer(probe({ status: 200, contentRange: null, contentLength: null }))).toEqual({ kind: 'ok', rangeSupported: false, size: null, bodyEnd: null, totalHidden: false });
    expect(judgeProbeAnswer(probe({ contentRange: null, contentLength: null }))).toEqual({ kind: 'ok', rangeSupported: false, size: null, bodyEnd: null, totalHidden: false });
  });

  it('refuses negative, non-numeric and contradictory lengths with a clear message', () => {
    expect(judgeProbeAnswer(probe({ status: 200, contentRange: null, contentLength: '-5' }))).toEqual({
      kind: 'invalid',
      message: 'The server sent an invalid Content-Length ("-5")',
    });
    expect(judgeProbeAnswer(probe({ status: 200, contentRange: null, contentLength: 'abc' })).kind).toBe('invalid');
    expect(judgeProbeAnswer(probe({ contentLength: '5, 6' })).kind).toBe('invalid');
  });

  it('refuses a total of petabytes, and one too large to be a number', () => {
    const petabytes = judgeProbeAnswer(probe({ contentRange: `bytes 0-999/${2 ** 50}` }));
    expect(petabytes.kind).toBe('invalid');
    expect(petabytes.kind === 'invalid' && petabytes.message).toMatch(/more than the 128 TiB/);
    expect(judgeProbeAnswer(probe({ contentRange: `bytes 0-999/${'9'.repeat(25)}` })).kind).toBe('invalid');
    const hugeLength = judgeProbeAnswer(probe({ status: 200, contentRange: null, contentLength: String(2 ** 60) }));
    expect(hugeLength.kind === 'invalid' && hugeLength.message).toMatch(/size of 1\.00 EiB, more than the 128 TiB/);
  });

  it('refuses a first range that does not start at 0', () => {
    expect(judgeProbeAnswer(probe({ contentRange: 'bytes 4096-5095/100000' })).kind).toBe('bad');
  });

  it('leaves error statuses to the caller', () => {
    expect(judgeProbeAnswer(probe({ status: 403 }))).toEqual({ kind: 'status' });
  });

  describe('a bounded first request, bytes=0-(asked-1)', () => {
    const ok = (size: number | null, bodyEnd: number | null, totalHidden = false) => ({ kind: 'ok', rangeSupported: true, size, bodyEnd, totalHidden });

    it('takes the total from Content-Range, and says where the body ends', () => {
      expect(judgeProbeAnswer(probe({ contentRange: 'bytes 0-99/1000', contentLength: '100' }), 100)).toEqual(ok(1000, 100));
    });

    it('without Content-Range: a body shorter than asked is the whole file, one as long as asked leaves the total unknown', () => {
      expect(judgeProbeAnswer(probe({ contentRange: null, contentLength: '60' }), 100)).toEqual(ok(60, null));
      expect(judgeProbeAnswer(probe({ contentRange: null, contentLength: '100' }), 100)).toEqual(ok(null, 100, true));
      // A server that ignored the end it was asked for sent the rest of the file: its length is the total.
      expect(judgeProbeAnswer(probe({ contentRange: null, contentLength: '5000' }), 100)).toEqual(ok(5000, null));
    });

    it('with an unknown total ("*"): the same rule on the range it shows', () => {
      expect(judgeProbeAnswer(probe({ contentRange: 'bytes 0-59/*', contentLength: '60' }), 100)).toEqual(ok(60, null));
      expect(judgeProbeAnswer(probe({ contentRange: 'bytes 0-99/*', contentLength: '100' }), 100)).toEqual(ok(null, 100, true));
    });

    it('a body that reaches the end of the file is no bounded piece; a 200 is one stream', () => {
      expect(judgeProbeAnswer(probe({ contentRange: 'bytes 0-99/100', contentLength: '100' }), 100)).toEqual(ok(100, null));
      expect(judgeProbeAnswer(probe({ status: 200, contentRange: null, contentLength: '5000' }), 100)).toEqual({
        kind: 'ok',
        rangeSupported: false,
        size: 5000,
        bodyEnd: null,
        totalHidden: false,
      });
    });
  });
});

describe('isWebPage', () => {
  it('recognises HTML media types with parameters, and nothing else', () => {
    expect(isWebPage('text/html; charset=utf-8')).toBe(true);
    expect(isWebPage('application/xhtml+xml')).toBe(true);
    expect(isWebPage('text/htmlx')).toBe(false);
    expect(isWebPage('application/octet-stream')).toBe(false);
    expect(isWebPage(null)).toBe(false);
  });
});
