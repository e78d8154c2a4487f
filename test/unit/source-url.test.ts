import { describe, expect, it } from 'vitest';
import { DownloadError } from '../../src/worker/download-error';
import { SourceUrl } from '../../src/worker/run/source-url';

const LINK = 'https://example.org/dl?id=7';
const SIGNED = 'https://cdn.example.net/f.bin?sig=abc';
const status = (code: number): DownloadError => new DownloadError('http', `The server answered ${code}`, code >= 500, null, code);

describe('SourceUrl', () => {
  it('asks the link until an answer was redirected, then the final URL', () => {
    const source = new SourceUrl(() => LINK);
    expect(source.current).toBe(LINK);
    source.answered({ redirected: false, url: LINK });
    expect(source.current).toBe(LINK);
    source.answered({ redirected: true, url: SIGNED });
    expect(source.current).toBe(SIGNED);
  });

  it('goes back to the link when the final URL looks expired, and only then', () => {
    const source = new SourceUrl(() => LINK);
    source.answered({ redirected: true, url: SIGNED });
    expect(source.fallBack(SIGNED, status(503)), 'a busy server is not an expired URL').toBe(false);
    expect(source.fallBack(SIGNED, new Error('x')), 'only download errors are judged').toBe(false);
    expect(source.current).toBe(SIGNED);
    expect(source.fallBack(SIGNED, status(403))).toBe(true);
    expect(source.current).toBe(LINK);
    expect(source.fallBack(LINK, status(403)), 'the link itself failing is the job’s failure').toBe(false);
  });

  it('takes an unreadable error answer from the final URL as expired too', () => {
    const source = new SourceUrl(() => LINK);
    source.answered({ redirected: true, url: SIGNED });
    expect(source.fallBack(SIGNED, new DownloadError('unreadable', 'unreadable', true))).toBe(true);
  });

  it('does not fall back for a request that went elsewhere while another learned a new final URL', () => {
    const source = new SourceUrl(() => LINK);
    source.answered({ redirected: true, url: SIGNED });
    source.answered({ redirected: true, url: `${SIGNED}2` });
    expect(source.fallBack(SIGNED, status(404))).toBe(false);
    expect(source.current).toBe(`${SIGNED}2`);
  });

  it('follows a changed link', () => {
    let link = LINK;
    const source = new SourceUrl(() => link);
    link = 'https://example.org/dl?id=8';
    expect(source.current).toBe(link);
  });
});
