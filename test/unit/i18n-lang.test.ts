import { describe, expect, it } from 'vitest';
import { chooseLang } from '../../src/ui/i18n/lang';

describe('chooseLang', () => {
  it.each([
    [['zh'], 'zh-CN'],
    [['zh-CN'], 'zh-CN'],
    [['zh-Hans'], 'zh-CN'],
    [['zh-Hans-HK'], 'zh-CN'],
    [['zh-SG'], 'zh-CN'],
    [['zh-cn', 'en'], 'zh-CN'],
    [['en-US', 'zh-CN'], 'en'],
    [['en-GB'], 'en'],
    [['fr-FR', 'de'], 'en'],
    [[], 'en'],
  ] as const)('reads %j as %s', (languages, lang) => {
    expect(chooseLang(languages)).toBe(lang);
  });

  it('takes the first language it speaks, after ones it does not', () => {
    expect(chooseLang(['fr', 'zh-CN', 'en'])).toBe('zh-CN');
    expect(chooseLang(['ja', 'en', 'zh'])).toBe('en');
  });

  it('does not read Traditional Chinese as Simplified', () => {
    expect(chooseLang(['zh-TW'])).toBe('en');
    expect(chooseLang(['zh-HK'])).toBe('en');
    expect(chooseLang(['zh-Hant'])).toBe('en');
    expect(chooseLang(['zh-TW', 'zh-CN'])).toBe('zh-CN');
  });

  it('skips tags that are not tags', () => {
    expect(chooseLang(['', 'not a tag!', 'zh-CN'])).toBe('zh-CN');
  });
});
