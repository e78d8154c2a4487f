import { describe, expect, it } from 'vitest';
import { en } from '../../src/ui/i18n/en';
import { zhCN } from '../../src/ui/i18n/zh-CN';

/** Keys whose Chinese is the English on purpose: names of things, not words. */
const SAME_ON_PURPOSE = new Set(['app.name']);
/** Keys that are not words, so hold no Chinese: a locale tag, "12.0 MiB / 64.0 MiB", the gap in "2分05秒", "name：text". */
const NOT_WORDS = new Set(['locale', 'numbers.locale', 'numbers.progress', 'numbers.duration.gap', 'row.about']);
/** The translation of the engine's sentences, tested on its own (engine-text-zh.test.ts). */
const TESTED_APART = new Set(['sentence']);

/** Arguments that exercise a string function: numbers 2 or 1 and words, whatever it takes. */
const SAMPLES: readonly unknown[][] = [[2, 2, 2, 2], [1, 1, 1, 1], ['x', 'y', 'z', 'w']];

type Leaf = { path: string; value: unknown };

function leaves(node: unknown, path = ''): Leaf[] {
  if (node !== null && typeof node === 'object') {
    return Object.entries(node).flatMap(([key, value]) => leaves(value, path === '' ? key : `${path}.${key}`));
  }
  return [{ path, value: node }];
}

/** What a leaf says: a string as it is, a function for each sample that it accepts. */
function said(value: unknown): string[] {
  if (typeof value === 'string') return [value];
  if (typeof value !== 'function') return [String(value)];
  const fn = value as (...args: unknown[]) => unknown;
  return SAMPLES.flatMap((args) => {
    try {
      const out = fn(...args);
      return typeof out === 'string' ? [out] : [];
    } catch {
      return []; // a sample of the wrong kind for this function (a word where it counts)
    }
  });
}

const HAN = /\p{Script=Han}/u;

describe('catalogs', () => {
  const english = leaves(en);
  const chinese = new Map(leaves(zhCN).map((leaf) => [leaf.path, leaf.value]));

  it('have the same keys (the type checks this too; this also catches extra keys)', () => {
    expect([...chinese.keys()].sort()).toEqual(english.map((leaf) => leaf.path).sort());
  });

  it('say every string in Chinese, except names kept on purpose', () => {
    for (const { path, value } of english) {
      if (SAME_ON_PURPOSE.has(path) || TESTED_APART.has(path)) continue;
      const zh = said(chinese.get(path));
      const enSaid = said(value);
      expect(zh.length, `${path} could not be called`).toBeGreaterThan(0);
      zh.forEach((text, i) => {
        expect(text, `${path} is the English`).not.toBe(enSaid[i]);
        if (!NOT_WORDS.has(path)) expect(text, `${path} has no Chinese in it`).toMatch(HAN);
      });
    }
  });

  it('name the locale of their numbers and dates', () => {
    expect(en.locale).toBe('en');
    expect(zhCN.locale).toBe('zh-CN');
  });
});
