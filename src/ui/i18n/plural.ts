/** The forms of a word by plural category; `other` is the one every language has. */
export type PluralForms = Partial<Record<Intl.LDMLPluralRule, string>> & { other: string };

const rules = new Map<string, Intl.PluralRules>();

/** The form of a counted word that `locale` uses for `n` ("1 download", "2 downloads"). */
export function pluralForm(locale: string, n: number, forms: PluralForms): string {
  let rule = rules.get(locale);
  if (rule === undefined) {
    rule = new Intl.PluralRules(locale);
    rules.set(locale, rule);
  }
  return forms[rule.select(n)] ?? forms.other;
}

const numbers = new Map<string, Intl.NumberFormat>();

/** A count as `locale` writes it ("1,000"). */
export function formatCount(locale: string, n: number): string {
  let format = numbers.get(locale);
  if (format === undefined) {
    format = new Intl.NumberFormat(locale);
    numbers.set(locale, format);
  }
  return format.format(n);
}
