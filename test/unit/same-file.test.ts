import { describe, expect, it } from 'vitest';
import { isUnwantedWebPage, looksLikeWebPageName, sameFile, type FileIdentity } from '../../src/shared/answer-check';

const known: FileIdentity = { size: 1000, etag: '"v1"', lastModified: 'Thu, 01 Jan 2026 00:00:00 GMT' };

describe('sameFile', () => {
  it('finds nothing different in the same size and validators', () => {
    expect(sameFile(known, { ...known })).toBeNull();
  });

  it('names the size, the ETag or the date that differs, in that order', () => {
    expect(sameFile(known, { ...known, size: 999 })).toBe('its size is different');
    expect(sameFile(known, { ...known, etag: '"v2"' })).toBe('its ETag is different');
    expect(sameFile(known, { ...known, lastModified: 'Fri, 02 Jan 2026 00:00:00 GMT' })).toBe('its date is different');
    expect(sameFile(known, { size: 5, etag: '"v2"', lastModified: 'x' })).toBe('its size is different');
  });

  it('takes what only one side shows as no evidence either way', () => {
    const hidden: FileIdentity = { size: null, etag: null, lastModified: null };
    expect(sameFile(known, hidden)).toBeNull();
    expect(sameFile(hidden, known)).toBeNull();
    // Cross-origin without exposed headers: the ETag is hidden, the date still readable.
    expect(sameFile(known, { ...known, etag: null, lastModified: 'Fri, 02 Jan 2026 00:00:00 GMT' })).toBe('its date is different');
  });

  it('compares validators as exact strings (a weak ETag is another ETag)', () => {
    expect(sameFile(known, { ...known, etag: 'W/"v1"' })).toBe('its ETag is different');
  });
});

describe('looksLikeWebPageName', () => {
  it('knows names that are web pages by nature, whatever their case', () => {
    for (const name of ['index.html', 'a.HTM', 'page.xhtml', 'ssi.shtml', 'report.php', 'old.php5', 'Default.aspx', 'x.asp', 'view.jsp', 'q.cfm', 'run.cgi']) {
      expect(looksLikeWebPageName(name), name).toBe(true);
    }
  });

  it('does not take files, or names that only contain a page extension, for pages', () => {
    for (const name of ['portal.iso', 'archive.tar.gz', 'html', 'notes.html.zip', 'photo.jpg', 'download', 'php.exe', 'page.htmlx']) {
      expect(looksLikeWebPageName(name), name).toBe(false);
    }
  });
});

describe('isUnwantedWebPage', () => {
  it('refuses an HTML answer for a name that is no web page', () => {
    expect(isUnwantedWebPage('text/html; charset=utf-8', 'portal.iso', false)).toBe(true);
    expect(isUnwantedWebPage('application/xhtml+xml', 'download', false)).toBe(true);
  });

  it('takes it when the person said to keep it, or when the name is a page', () => {
    expect(isUnwantedWebPage('text/html', 'portal.iso', true)).toBe(false);
    expect(isUnwantedWebPage('text/html', 'index.html', false)).toBe(false);
  });

  it('never refuses an answer that is not a web page', () => {
    expect(isUnwantedWebPage('application/octet-stream', 'portal.iso', false)).toBe(false);
    expect(isUnwantedWebPage(null, 'portal.iso', false)).toBe(false);
    expect(isUnwantedWebPage('text/plain', 'readme', false)).toBe(false);
  });
});
