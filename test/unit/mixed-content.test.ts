import { describe, expect, it } from 'vitest';
import { isBlockedMixedContent } from '../../src/shared/mixed-content';

describe('isBlockedMixedContent', () => {
  it('blocks plain http links from an https page', () => {
    expect(isBlockedMixedContent('https://app.example/', 'http://files.example.org/a.iso')).toBe(true);
  });

  it('lets https links, http pages and loopback hosts through', () => {
    expect(isBlockedMixedContent('https://app.example/', 'https://files.example.org/a.iso')).toBe(false);
    expect(isBlockedMixedContent('http://127.0.0.1:5173/', 'http://files.example.org/a.iso')).toBe(false);
    for (const host of ['localhost:8080', 'dev.localhost', '127.0.0.1', '127.1.2.3', '[::1]:8080']) {
      expect(isBlockedMixedContent('https://app.example/', `http://${host}/a.iso`), host).toBe(false);
    }
  });

  it('says nothing of what it cannot parse', () => {
    expect(isBlockedMixedContent('https://app.example/', 'not a url')).toBe(false);
  });
});
