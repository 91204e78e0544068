import { describe, expect, it } from 'vitest';
import { parseRoute } from '../../client/src/app/routes.js';
import { meetingIdFromInput } from '../../client/src/features/landing/Landing.js';
import { ar } from '../../client/src/i18n/ar.js';
import { en } from '../../client/src/i18n/en.js';
import { es } from '../../client/src/i18n/es.js';
import { fr } from '../../client/src/i18n/fr.js';
import { ru } from '../../client/src/i18n/ru.js';
import { zh } from '../../client/src/i18n/zh.js';
import { formatDuration, zonesDiffer } from '../../client/src/lib/time.js';
import { wallTimeToInstant, zoneOffsetMs } from '../../client/src/lib/zoned.js';

function keysOf(tree: object, prefix = ''): string[] {
  return Object.entries(tree).flatMap(([key, value]) =>
    typeof value === 'string' ? [`${prefix}${key}`] : keysOf(value as object, `${prefix}${key}.`),
  );
}

describe('translations', () => {
  it('every language has exactly the English keys, none empty', () => {
    for (const [name, language] of Object.entries({ ar, zh, fr, ru, es })) {
      expect(keysOf(language), name).toEqual(keysOf(en));
      for (const key of keysOf(language)) {
        const value = key.split('.').reduce<unknown>((node, part) => (node as Record<string, unknown>)[part], language);
        expect(typeof value === 'string' && value.trim().length > 0, `${name}: ${key}`).toBe(true);
      }
    }
  });

  it('keeps the same interpolation variables in every language', () => {
    const variables = (text: string) => [...text.matchAll(/\{\{(\w+)\}\}/g)].map((m) => m[1]).sort();
    const lookup = (tree: object, key: string) =>
      key.split('.').reduce<unknown>((node, part) => (node as Record<string, unknown>)[part], tree) as string;
    for (const language of [ar, zh, fr, ru, es]) {
      for (const key of keysOf(en)) expect(variables(lookup(language, key)), key).toEqual(variables(lookup(en, key)));
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
