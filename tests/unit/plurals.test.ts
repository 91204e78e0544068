import i18next from 'i18next';
import { describe, expect, it } from 'vitest';
import { arExtra } from '../../client/src/i18n/ar.extra.js';
import { ar } from '../../client/src/i18n/ar.js';
import { enExtra } from '../../client/src/i18n/en.extra.js';
import { en } from '../../client/src/i18n/en.js';
import { esExtra } from '../../client/src/i18n/es.extra.js';
import { es } from '../../client/src/i18n/es.js';
import { frExtra } from '../../client/src/i18n/fr.extra.js';
import { fr } from '../../client/src/i18n/fr.js';
import { ruExtra } from '../../client/src/i18n/ru.extra.js';
import { ru } from '../../client/src/i18n/ru.js';
import { zhExtra } from '../../client/src/i18n/zh.extra.js';
import { zh } from '../../client/src/i18n/zh.js';

const BUNDLES = {
  en: [en, enExtra],
  ar: [ar, arExtra],
  zh: [zh, zhExtra],
  fr: [fr, frExtra],
  ru: [ru, ruExtra],
  es: [es, esExtra],
} as const;
type Code = keyof typeof BUNDLES;
const COUNTS = [0, 1, 2, 3, 5, 11, 21, 100];

/** Every counted phrase, as its base key ("meeting.inRoom"), read from the English bundles. */
function pluralBases(tree: object, prefix = ''): string[] {
  return Object.entries(tree).flatMap(([key, value]) =>
    typeof value === 'string'
      ? key.endsWith('_other')
        ? [`${prefix}${key.slice(0, -'_other'.length)}`]
        : []
      : pluralBases(value as object, `${prefix}${key}.`),
  );
}
const bases = [...pluralBases(en), ...pluralBases(enExtra)];

function raw(code: Code, key: string): string {
  for (const bundle of BUNDLES[code]) {
    const value = key.split('.').reduce<unknown>((node, part) => (node as Record<string, unknown> | undefined)?.[part], bundle);
    if (typeof value === 'string') return value;
  }
  throw new Error(`${code} has no ${key}`);
}

async function instance() {
  const i18n = i18next.createInstance();
  await i18n.init({ lng: 'en', fallbackLng: false, interpolation: { escapeValue: false }, resources: {} });
  for (const [code, bundles] of Object.entries(BUNDLES)) {
    for (const bundle of bundles) i18n.addResourceBundle(code, 'translation', bundle, true, true);
  }
  return i18n;
}

describe('plural forms', () => {
  it('renders every counted phrase in the form Intl.PluralRules chooses, for 0, 1, 2, 3, 5, 11, 21 and 100, in each language', async () => {
    const i18n = await instance();
    // The keys are read from the bundles at run time, so the compile-time key check cannot apply.
    const translate = i18n.t as unknown as (key: string, options: { lng: Code; count: number }) => string;
    expect(bases.length).toBeGreaterThanOrEqual(15);
    for (const code of Object.keys(BUNDLES) as Code[]) {
      const rules = new Intl.PluralRules(code);
      const number = new Intl.NumberFormat(code);
      for (const base of bases) {
        for (const count of COUNTS) {
          const expected = raw(code, `${base}_${rules.select(count)}`).replace(/\{\{count, number\}\}/g, number.format(count));
          expect(translate(base, { lng: code, count }), `${code} ${base} ${count}`).toBe(expected);
        }
      }
    }
  });

  it('uses six Arabic forms and three Russian ones where the numbers call for them', async () => {
    const i18n = await instance();
    const minutes = (lng: Code, count: number) => i18n.t('common.minutes', { lng, count });
    // Digits as the locale writes them (Latin or Arabic-Indic, per the runtime's CLDR data).
    const n = (count: number) => new Intl.NumberFormat('ar').format(count);
    expect(COUNTS.map((count) => minutes('ar', count))).toEqual([
      `${n(0)} دقيقة`,
      'دقيقة واحدة',
      'دقيقتان',
      `${n(3)} دقائق`,
      `${n(5)} دقائق`,
      `${n(11)} دقيقة`,
      `${n(21)} دقيقة`,
      `${n(100)} دقيقة`,
    ]);
    expect([1, 2, 5, 21, 22, 25].map((count) => minutes('ru', count))).toEqual([
      '1 минута',
      '2 минуты',
      '5 минут',
      '21 минута',
      '22 минуты',
      '25 минут',
    ]);
    expect([1, 2].map((count) => i18n.t('questions.votes', { lng: 'en', count }))).toEqual(['1 vote', '2 votes']);
  });
});
