import { describe, expect, it } from 'vitest';
import { parseRoute } from '../../client/src/app/routes.js';
import { meetingIdFromInput } from '../../client/src/features/landing/Landing.js';
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
import { errorKey } from '../../client/src/lib/problems.js';
import { formatDuration, zonesDiffer } from '../../client/src/lib/time.js';
import { wallTimeToInstant, zoneOffsetMs } from '../../client/src/lib/zoned.js';

function keysOf(tree: object, prefix = ''): string[] {
  return Object.entries(tree).flatMap(([key, value]) =>
    typeof value === 'string' ? [`${prefix}${key}`] : keysOf(value as object, `${prefix}${key}.`),
  );
}

/** Each language's two bundles (first screen, extra) as one tree of keys, as i18next merges them. */
const LANGUAGES = {
  en: [en, enExtra],
  ar: [ar, arExtra],
  zh: [zh, zhExtra],
  fr: [fr, frExtra],
  ru: [ru, ruExtra],
  es: [es, esExtra],
} as const;
const allKeys = (code: keyof typeof LANGUAGES) => LANGUAGES[code].flatMap((bundle) => keysOf(bundle)).sort();
const PLURAL_SUFFIX = /_(zero|one|two|few|many|other)$/;
/** "meeting.inRoom_few" → "meeting.inRoom"; other keys unchanged. */
const baseKey = (key: string) => key.replace(PLURAL_SUFFIX, '');
const lookup = (code: keyof typeof LANGUAGES, key: string): string | undefined => {
  for (const bundle of LANGUAGES[code]) {
    const value = key.split('.').reduce<unknown>((node, part) => (node as Record<string, unknown> | undefined)?.[part], bundle);
    if (typeof value === 'string') return value;
  }
  return undefined;
};

describe('translations', () => {
  it('names a refusal by its code, and one the page has no words for (or none) as internal', () => {
    expect(errorKey('conflict')).toBe('errors.conflict');
    expect(errorKey('forbidden_origin')).toBe('errors.internal');
    expect(errorKey(undefined)).toBe('errors.internal');
    for (const code of ['invalid', 'forbidden', 'not_found', 'rate_limited', 'unavailable', 'undo_expired'])
      expect(enExtra.errors).toHaveProperty(errorKey(code).slice('errors.'.length));
  });

  it('every language has the English keys, each counted phrase in exactly its own plural categories, none empty', () => {
    const englishBases = [...new Set(allKeys('en').map(baseKey))].sort();
    const pluralBases = new Set(
      allKeys('en')
        .filter((key) => PLURAL_SUFFIX.test(key))
        .map(baseKey),
    );
    for (const code of Object.keys(LANGUAGES) as (keyof typeof LANGUAGES)[]) {
      const keys = allKeys(code);
      expect([...new Set(keys.map(baseKey))].sort(), code).toEqual(englishBases);
      const categories = new Intl.PluralRules(code).resolvedOptions().pluralCategories;
      for (const base of pluralBases) {
        expect(keys.filter((key) => baseKey(key) === base && key !== base).sort(), `${code}: ${base}`).toEqual(
          categories.map((category) => `${base}_${category}`).sort(),
        );
      }
      for (const key of keys) expect(lookup(code, key)?.trim(), `${code}: ${key}`).toBeTruthy();
    }
  });

  it('keeps the same interpolation variables in every language (a plural form may leave out the count: "one minute")', () => {
    const variables = (text: string | undefined) =>
      [...(text ?? '').matchAll(/\{\{(\w+)(?:,[^}]*)?\}\}/g)].map((m) => m[1] as string).sort();
    for (const code of Object.keys(LANGUAGES) as (keyof typeof LANGUAGES)[]) {
      for (const key of allKeys(code)) {
        const english = variables(lookup('en', PLURAL_SUFFIX.test(key) ? `${baseKey(key)}_other` : key));
        const own = variables(lookup(code, key));
        if (PLURAL_SUFFIX.test(key))
          expect(
            own.filter((name) => name !== 'count'),
            `${code}: ${key}`,
          ).toEqual(english.filter((name) => name !== 'count'));
        else expect(own, `${code}: ${key}`).toEqual(english);
      }
    }
  });

  it('passes counts only through plural keys: no phrase outside them interpolates {{count}}', () => {
    for (const code of Object.keys(LANGUAGES) as (keyof typeof LANGUAGES)[]) {
      for (const key of allKeys(code).filter((candidate) => !PLURAL_SUFFIX.test(candidate))) {
        expect(lookup(code, key), `${code}: ${key}`).not.toMatch(/\{\{count/);
      }
    }
  });
});

describe('venue time', () => {
  it('turns a wall time in the venue zone into the right instant, across daylight saving', () => {
    expect(new Date(wallTimeToInstant('2020-02-28T14:00', 'Europe/Zurich')).toISOString()).toBe('2020-02-28T13:00:00.000Z');
    expect(new Date(wallTimeToInstant('2020-06-20T17:00', 'Europe/Zurich')).toISOString()).toBe('2020-06-20T15:00:00.000Z');
    expect(new Date(wallTimeToInstant('2020-02-28T14:00', 'America/Bogota')).toISOString()).toBe('2020-02-28T19:00:00.000Z');
    expect(Number.isNaN(wallTimeToInstant('tomorrow', 'Europe/Zurich'))).toBe(true);
    expect(zoneOffsetMs(Date.parse('2020-02-28T13:00:00Z'), 'Asia/Shanghai')).toBe(8 * 3600_000);
  });

  it('knows when two zones read the same time', () => {
    const at = Date.parse('2020-02-28T13:00:00Z');
    expect(zonesDiffer('Europe/Zurich', 'Europe/Paris', at)).toBe(false);
    expect(zonesDiffer('Europe/Zurich', 'Africa/Cairo', at)).toBe(true);
  });

  it('formats durations in the locale', () => {
    expect(formatDuration(65_000, 'en')).toBe('1:05');
    expect(formatDuration(3_725_000, 'en')).toBe('1:02:05');
    expect(formatDuration(-5, 'en')).toBe('0:00');
    expect(formatDuration(65_000, 'ar-EG')).toBe('١:٠٥');
  });
});

describe('routes and links', () => {
  it('maps each path to its view', () => {
    expect(parseRoute('/')).toEqual({ view: 'landing' });
    expect(parseRoute('/m/abc123')).toEqual({ view: 'meeting', meetingId: 'abc123' });
    expect(parseRoute('/m/abc123/moderate')).toEqual({ view: 'moderate', meetingId: 'abc123' });
    expect(parseRoute('/m/abc123/display/')).toEqual({ view: 'display', meetingId: 'abc123' });
    expect(parseRoute('/m/abc123/other')).toEqual({ view: 'notFound' });
  });

  it('reads a meeting id from a pasted link or a bare code', () => {
    expect(meetingIdFromInput(' https://plenary.example/m/Ab_-12cd/display ')).toBe('Ab_-12cd');
    expect(meetingIdFromInput('Ab_-12cd')).toBe('Ab_-12cd');
    expect(meetingIdFromInput('not a link')).toBeNull();
  });
});
