import { runInNewContext } from 'node:vm';
import { describe, expect, it } from 'vitest';
import { readIncomingLinks } from '../../src/shared/incoming-links';
import {
  bookmarkletHref,
  collectLinks,
  matchesPattern,
  selectLinks,
  type CollectorOptions,
  type CollectorWindow,
} from '../../src/shared/link-collector';

const PAGE = 'https://mirror.example/pub/';
const APP = 'https://app.example/rangefetch/';
const OPTIONS: CollectorOptions = {
  app: APP,
  max: 1000,
  maxChars: 1_500_000,
  texts: { noLinks: 'none here', ask: 'found {count}', askMany: 'found {count}, sending {max}', noMatch: 'nothing matches {pattern}' },
};

/** A page as the bookmarklet sees it: its elements' href/src, and the dialogs answered from a script. */
class FakePage implements CollectorWindow {
  readonly prompts: string[] = [];
  readonly alerts: string[] = [];
  readonly tabs: Array<{ opener: unknown; location: { href: string } }> = [];
  readonly location = { href: PAGE };
  readonly document: CollectorWindow['document'];
  selectorsAsked: string | null = null;

  constructor(
    elements: Array<{ href?: unknown; src?: unknown }>,
    private readonly answer: string | null = '',
    private readonly popupsBlocked = false,
  ) {
    this.document = {
      URL: PAGE,
      querySelectorAll: (selectors: string) => {
        this.selectorsAsked = selectors;
        return elements;
      },
    };
  }

  prompt(message: string): string | null {
    this.prompts.push(message);
    return this.answer;
  }

  alert(message: string): void {
    this.alerts.push(message);
  }

  open(): { opener: unknown; location: { href: string } } | null {
    if (this.popupsBlocked) return null;
    const tab = { opener: this as unknown, location: { href: 'about:blank' } };
    this.tabs.push(tab);
    return tab;
  }
}

/** The links an address the bookmarklet opened hands to the app, read as the app reads them. */
function linksSent(address: string | null | undefined): string[] {
  const text = address === null || address === undefined ? undefined : readIncomingLinks(address)?.text;
  return text === undefined || text === '' ? [] : text.split('\n');
}

describe('matchesPattern', () => {
  it('matches every link when the pattern is empty', () => {
    expect(matchesPattern('https://h.example/a.iso', '')).toBe(true);
    expect(matchesPattern('https://h.example/a.iso', ' , ')).toBe(true);
  });

  it('matches the file name, case-insensitively, even with a query after it', () => {
    expect(matchesPattern('https://h.example/dl/a.ISO', '*.iso')).toBe(true);
    expect(matchesPattern('https://h.example/dl/a.iso?token=1', '*.iso')).toBe(true);
    expect(matchesPattern('https://h.example/dl/a.isox', '*.iso')).toBe(false);
    expect(matchesPattern('https://h.example/iso/readme.txt', '*.iso')).toBe(false);
  });

  it('reads ? as one character and * as any run', () => {
    expect(matchesPattern('https://h.example/file1.zip', 'file?.zip')).toBe(true);
    expect(matchesPattern('https://h.example/file10.zip', 'file?.zip')).toBe(false);
    expect(matchesPattern('https://h.example/file.zip', 'file*.zip')).toBe(true);
  });

  it('takes any of several words, separated by spaces or commas', () => {
    expect(matchesPattern('https://h.example/a.7z', '*.iso *.zip,*.7z')).toBe(true);
    expect(matchesPattern('https://h.example/a.rar', '*.iso *.zip,*.7z')).toBe(false);
  });

  it('matches the whole link, for patterns about hosts and folders', () => {
    expect(matchesPattern('https://mirror.example/pub/a.bin', '*mirror.example/pub/*')).toBe(true);
    expect(matchesPattern('https://other.example/pub/a.bin', '*mirror.example/pub/*')).toBe(false);
  });

  it('matches the decoded name, and takes regular-expression characters literally', () => {
    expect(matchesPattern('https://h.example/%E4%B8%AD%E6%96%87.zip', '中文.*')).toBe(true);
    expect(matchesPattern('https://h.example/a+b(1).zip', 'a+b(1).zip')).toBe(true);
    expect(matchesPattern('https://h.example/aab1.zip', 'a+b(1).zip')).toBe(false);
    expect(matchesPattern('https://h.example/%E4%ZZ.zip', '*.zip')).toBe(true);
  });
});

describe('selectLinks', () => {
  it('keeps http(s) links once each, in page order, without fragments or links to the page itself', () => {
    const hrefs = [
      'https://h.example/b.iso',
      `${PAGE}#downloads`,
      PAGE,
      'mailto:someone@h.example',
      'javascript:void(0)',
      'ftp://h.example/c.iso',
      'data:text/plain,x',
      'https://h.example/a.iso#part',
      'HTTP://h.example/b.iso',
      'https://h.example/a.iso',
      'https://h.example/b.iso',
      'https:///nohost',
      { baseVal: 'https://h.example/svg' },
      undefined,
    ];
    expect(selectLinks(hrefs, `${PAGE}#top`, '')).toEqual(['https://h.example/b.iso', 'https://h.example/a.iso', 'HTTP://h.example/b.iso']);
    expect(selectLinks(hrefs, PAGE, '*.iso')).toEqual(['https://h.example/b.iso', 'https://h.example/a.iso', 'HTTP://h.example/b.iso']);
    expect(selectLinks(hrefs, PAGE, 'a.*')).toEqual(['https://h.example/a.iso']);
  });
});

describe('collectLinks', () => {
  const files = [
    { href: 'https://h.example/a.iso' },
    { href: 'https://h.example/readme.txt' },
    { src: 'https://h.example/clip.mp4' },
    { href: 'https://h.example/b.ISO?sig=x%2By' },
  ];

  it('asks for a pattern, then opens the app with the matching links in its fragment', () => {
    const page = new FakePage(files, '*.iso');
    const address = collectLinks(page, OPTIONS);
    expect(page.selectorsAsked).toBe('a[href],area[href],video[src],audio[src],source[src]');
    expect(page.prompts).toEqual(['found 4']);
    expect(address?.startsWith(`${APP}#add=`)).toBe(true);
    expect(linksSent(address)).toEqual(['https://h.example/a.iso', 'https://h.example/b.ISO?sig=x%2By']);
    expect(page.tabs).toHaveLength(1);
    expect(page.tabs[0]).toEqual({ opener: null, location: { href: address } });
  });

  it('an empty answer sends every link, media sources too', () => {
    const page = new FakePage(files, '');
    expect(linksSent(collectLinks(page, OPTIONS))).toEqual([
      'https://h.example/a.iso',
      'https://h.example/readme.txt',
      'https://h.example/clip.mp4',
      'https://h.example/b.ISO?sig=x%2By',
    ]);
  });

  it('cancelling the question opens nothing', () => {
    const page = new FakePage(files, null);
    expect(collectLinks(page, OPTIONS)).toBeNull();
    expect(page.tabs).toHaveLength(0);
    expect(page.alerts).toEqual([]);
  });

  it('says so when nothing matches, or the page has no links', () => {
    const page = new FakePage(files, ' *.dmg ');
    expect(collectLinks(page, OPTIONS)).toBeNull();
    expect(page.alerts).toEqual(['nothing matches *.dmg']);
    expect(page.tabs).toHaveLength(0);

    const empty = new FakePage([{ href: 'mailto:x@h.example' }, { href: `${PAGE}#top` }]);
    expect(collectLinks(empty, OPTIONS)).toBeNull();
    expect(empty.alerts).toEqual(['none here']);
    expect(empty.prompts).toEqual([]);
  });

  it('sends at most `max` links and says so when it asks', () => {
    const many = Array.from({ length: 1234 }, (_, i) => ({ href: `https://h.example/f${i}.bin` }));
    const page = new FakePage(many, '');
    const address = collectLinks(page, OPTIONS);
    expect(page.prompts).toEqual([`found ${(1234).toLocaleString()}, sending ${(1000).toLocaleString()}`]);
    const sent = linksSent(address);
    expect(sent).toHaveLength(1000);
    expect(sent[999]).toBe('https://h.example/f999.bin');
  });

  it('stops before the fragment outgrows what browsers accept', () => {
    const many = Array.from({ length: 50 }, (_, i) => ({ href: `https://h.example/${'x'.repeat(90)}${i}.bin` }));
    const page = new FakePage(many, '');
    const address = collectLinks(page, { ...OPTIONS, maxChars: 1000 }) ?? '';
    expect(address.length - `${APP}#add=`.length).toBeLessThanOrEqual(1000);
    // Each link encodes to 121 characters, 124 with the line break before it: 121 + 7 × 124 = 989.
    expect(encodeURIComponent(many[0]?.href ?? '')).toHaveLength(121);
    expect(linksSent(address)).toEqual(many.slice(0, 8).map((element) => element.href));
  });

  it('opens the app in the same tab when pop-ups are blocked', () => {
    const page = new FakePage(files, '*.txt', true);
    const address = collectLinks(page, OPTIONS);
    expect(page.location.href).toBe(address);
    expect(linksSent(address)).toEqual(['https://h.example/readme.txt']);
  });
});

describe('bookmarkletHref', () => {
  it('is a javascript: address that runs on its own, with no module around it', () => {
    const href = bookmarkletHref(OPTIONS);
    expect(href.startsWith('javascript:')).toBe(true);
    // Nothing in it that would end the address early or be read as a fragment.
    expect(href.slice('javascript:'.length)).toMatch(/^[A-Za-z0-9%\-_.!~*'()]+$/);
    const page = new FakePage(files(), '*.iso');
    const result: unknown = runInNewContext(decodeURIComponent(href.slice('javascript:'.length)), { window: page });
    // The browser replaces the page with a javascript: address's value, unless it is undefined.
    expect(result).toBeUndefined();
    expect(page.tabs).toHaveLength(1);
    expect(linksSent(page.tabs[0]?.location.href)).toEqual(['https://h.example/a.iso']);
  });

  function files(): Array<{ href: string }> {
    return [{ href: 'https://h.example/a.iso' }, { href: 'https://h.example/b.zip' }];
  }
});
