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
import { CREATE_FIELD_LABELS, fieldLabelKey, JOIN_FIELD_LABELS } from '../../client/src/lib/problems.js';
import { scheduleStatus } from '../../client/src/lib/schedule.js';
import { formatClock, formatTimeUntil, formatViewerTime, localeFor, zonesDiffer } from '../../client/src/lib/time.js';
import type { Issue } from '../../shared/errors.js';
import { ISSUE_CODES, toIssues } from '../../shared/issues.js';
import { CreateMeetingInput, ParticipantProfile } from '../../shared/model.js';
import { act } from '../support/floor.js';
import { sampleBody, sampleMeeting } from '../support/meetings.js';

const MIN = 60_000;
const nbsp = (text: string) => text.replace(/[\u202f\u00a0]/g, ' ');

describe('times for a viewer anywhere', () => {
  it('takes the region from the browser within the chosen language', () => {
    expect(localeFor('en', ['en-GB', 'fr-CH'])).toBe('en-GB');
    expect(localeFor('fr', ['en-GB', 'fr-CH'])).toBe('fr-CH');
    expect(localeFor('ar', ['en-US'])).toBe('ar');
    expect(formatClock(Date.parse('2020-02-28T04:14:00Z'), 'Europe/Zurich', localeFor('en', ['en-GB']))).toBe('05:14');
    expect(nbsp(formatClock(Date.parse('2020-02-28T04:14:00Z'), 'Europe/Zurich', localeFor('en', ['en-US'])))).toBe('05:14 AM');
  });

  it('writes a time that cannot break across lines, in every locale (Arabic puts a plain space before م)', () => {
    const at = Date.parse('2020-02-28T13:00:00Z');
    for (const locale of ['ar', 'ar-EG', 'en-US', 'zh', 'fr', 'ru', 'es']) {
      const time = formatClock(at, 'Asia/Riyadh', locale);
      expect(time, locale).not.toMatch(/[ \t\n]/);
      expect(time.length, locale).toBeGreaterThan(3);
    }
    expect(formatClock(at, 'Asia/Riyadh', 'ar')).toContain('\u00a0');
    // Inside a longer date the time stays whole too, while the date's own spaces may still break.
    const viewer = formatViewerTime(Date.parse('2020-02-28T22:00:00Z'), 'America/Los_Angeles', 'Asia/Riyadh', 'ar');
    expect(viewer).not.toMatch(/[0-9\u0660-\u0669] [^\s0-9\u0660-\u0669]{1,4}$/);
    expect(viewer).toMatch(/\u00a0[^\s]{1,4}$/);
    expect(viewer).toContain(' ');
  });

  it('shows the viewer’s date when it differs from the venue’s: across midnight', () => {
    // 05:20 in Geneva is 23:20 the evening before in New York.
    const at = Date.parse('2020-02-28T04:20:00Z');
    expect(nbsp(formatViewerTime(at, 'Europe/Zurich', 'America/New_York', 'en-US'))).toBe('Thu, Feb 27, 11:20 PM');
    expect(formatViewerTime(at, 'Europe/Zurich', 'America/New_York', 'en-GB')).toBe('Thu 27 Feb, 23:20');
    // Same day: the time alone.
    expect(formatViewerTime(Date.parse('2020-02-28T13:00:00Z'), 'Europe/Zurich', 'Europe/London', 'en-GB')).toBe('13:00');
  });

  it('shows the date across the date line, both ways', () => {
    // 14:00 in Geneva on 28 February is 02:00 on 29 February in Auckland (summer time, UTC+13).
    const afternoon = Date.parse('2020-02-28T13:00:00Z');
    expect(formatViewerTime(afternoon, 'Europe/Zurich', 'Pacific/Auckland', 'en-GB')).toBe('Sat 29 Feb, 02:00');
    // 09:00 in Apia (UTC+13) on 1 March is 10:00 on 28 February in Honolulu (UTC-10): a day earlier.
    const apia = Date.parse('2020-02-29T20:00:00Z');
    expect(formatViewerTime(apia, 'Pacific/Apia', 'Pacific/Honolulu', 'en-GB')).toBe('Sat 29 Feb, 10:00');
    expect(zonesDiffer('Pacific/Apia', 'Pacific/Honolulu', apia)).toBe(true);
    // Same wall-clock time, different days: still different.
    expect(zonesDiffer('Pacific/Kiritimati', 'Pacific/Honolulu', apia)).toBe(true);
  });

  it('follows daylight saving changes that venue and viewer make on different dates', () => {
    // 15 March 2020: New York is on summer time (UTC-4), Geneva not yet (UTC+1): five hours apart, not six.
    const march = Date.parse('2020-03-16T13:00:00Z');
    expect(formatClock(march, 'Europe/Zurich', 'en-GB')).toBe('14:00');
    expect(formatViewerTime(march, 'Europe/Zurich', 'America/New_York', 'en-GB')).toBe('09:00');
    // 1 April: both on summer time: six hours again.
    const april = Date.parse('2020-04-01T12:00:00Z');
    expect(formatClock(april, 'Europe/Zurich', 'en-GB')).toBe('14:00');
    expect(formatViewerTime(april, 'Europe/Zurich', 'America/New_York', 'en-GB')).toBe('08:00');
  });

  it('counts down to the start in the locale’s words', () => {
    expect(formatTimeUntil(5 * MIN, 'en')).toBe('in 5 minutes');
    expect(formatTimeUntil(30_000, 'en')).toBe('in 1 minute');
    expect(formatTimeUntil(3 * 60 * MIN, 'en')).toBe('in 3 hours');
    expect(formatTimeUntil(3 * 24 * 60 * MIN, 'fr')).toBe('dans 3 jours');
    expect(formatTimeUntil(5 * MIN, 'ru')).toBe('через 5 минут');
  });
});

describe('the schedule against the plan', () => {
  const meeting = sampleMeeting(); // 14:00–15:30 Geneva, agenda of 5 + 15 + 30 minutes
  const start = meeting.scheduledStart;
  const chair = 'chair' as const;
  const next = { type: 'agenda.next', payload: {} } as const;

  it('counts down before the start, then says how late the start is', () => {
    expect(scheduleStatus(meeting, start - 90 * MIN)).toEqual({ kind: 'countdown', msToStart: 90 * MIN });
    expect(scheduleStatus(meeting, start + 7 * MIN + 30_000)).toEqual({ kind: 'delayed', minutes: 7 });
    expect(scheduleStatus(meeting, start + 12 * 60 * MIN)).toEqual({ kind: 'delayed', minutes: 720 });
    // Days after its booked start (the demo, a meeting moved to another day) a meeting is not "late by 3,552,263 min".
    expect(scheduleStatus(meeting, start + 12 * 60 * MIN + 1)).toBeNull();
    expect(scheduleStatus(meeting, start + 6 * 365 * 24 * 60 * MIN)).toBeNull();
  });

  it('measures the current item against its planned start, and never calls a short agenda "ahead"', () => {
    // Started 14 minutes late: the first item is 14 minutes late; the agenda (50 min) ends before 15:30: on time.
    let state = act(meeting, chair, next, start + 14 * MIN);
    expect(scheduleStatus(state, start + 15 * MIN)).toEqual({ kind: 'running', itemMinutes: 14, endLateMinutes: 0 });
    // The second item was planned for 14:05; started at 14:16 it is 11 minutes late.
    state = act(state, chair, next, start + 16 * MIN);
    expect(scheduleStatus(state, start + 17 * MIN)).toMatchObject({ itemMinutes: 11 });
    // Planned at 14:20, the third item starting at 14:18 is 2 minutes early.
    state = act(state, chair, next, start + 18 * MIN);
    expect(scheduleStatus(state, start + 19 * MIN)).toMatchObject({ itemMinutes: -2 });
    // Running 80 minutes over its 30: the meeting now ends 30 minutes after 15:30.
    expect(scheduleStatus(state, start + 18 * MIN + 110 * MIN)).toMatchObject({ endLateMinutes: 38 });
  });
});

/** Every problem the create and the join form can send, made by the real schemas from bodies those forms could post. */
function formProblems(): { form: 'create' | 'join'; issue: Issue }[] {
  const long = (n: number) => 'x'.repeat(n + 1);
  const item = { title: 'Opening', minutes: 5, presenters: [] as string[] };
  const createBodies: unknown[] = [
    { ...sampleBody, title: '   ' },
    { ...sampleBody, title: long(200) },
    { ...sampleBody, venue: { name: '', room: long(80), city: long(80) } },
    { ...sampleBody, venue: { name: long(120), room: '', city: '' } },
    { ...sampleBody, timeZone: 'Mars/Olympus' },
    { ...sampleBody, startsAt: '2020-02-28T14:00', endsAt: '' },
    { ...sampleBody, endsAt: '2020-02-28T10:00:00+01:00' },
    { ...sampleBody, remoteUrl: 'ftp://example.org' },
    { ...sampleBody, remoteUrl: `https://example.org/${long(500)}` },
    { ...sampleBody, agenda: Array.from({ length: 101 }, () => item) },
    { ...sampleBody, agenda: [{ title: 'x', minutes: 0, presenters: [''] }] },
    { ...sampleBody, agenda: [{ title: long(200), minutes: 1441, presenters: Array.from({ length: 21 }, () => long(120)) }] },
    { ...sampleBody, agenda: [{ title: 'x', minutes: 2.5, presenters: [] }] },
    { ...sampleBody, agenda: [{ title: 'x', minutes: Number.NaN, presenters: [] }] },
  ];
  const joinBodies: unknown[] = [
    { name: '  ', affiliation: long(120), stakeholderGroup: 'aliens', attendance: 'moon' },
    { name: long(80), affiliation: '', stakeholderGroup: 'government', attendance: 'remote' },
  ];
  const problems = (form: 'create' | 'join', bodies: unknown[], schema: typeof CreateMeetingInput | typeof ParticipantProfile) =>
    bodies.flatMap((body) => {
      const result = schema.safeParse(JSON.parse(JSON.stringify(body)));
      if (result.success) throw new Error(`${form}: expected a refusal of ${JSON.stringify(body).slice(0, 80)}`);
      return toIssues(result.error.issues).map((issue) => ({ form, issue }));
    });
  return [...problems('create', createBodies, CreateMeetingInput), ...problems('join', joinBodies, ParticipantProfile)];
}

describe('validation problems in the page’s language', () => {
  const languages = {
    en: [en, enExtra],
    ar: [ar, arExtra],
    zh: [zh, zhExtra],
    fr: [fr, frExtra],
    ru: [ru, ruExtra],
    es: [es, esExtra],
  };
  const has = (bundles: readonly object[], key: string) =>
    bundles.some((bundle) => {
      const value = key.split('.').reduce<unknown>((node, part) => (node as Record<string, unknown> | undefined)?.[part], bundle);
      return typeof value === 'string' && value.trim().length > 0;
    });

  it('comes back as stable codes with field paths, never a free-text message alone', () => {
    const codes = new Set(formProblems().map(({ issue }) => issue.code));
    for (const code of codes) expect(ISSUE_CODES).toContain(code);
    expect([...codes].sort()).toEqual(
      expect.arrayContaining([
        'empty',
        'ends_before_start',
        'not_allowed',
        'not_datetime',
        'not_integer',
        'not_time_zone',
        'not_url',
        'too_big',
        'too_long',
        'too_many',
        'too_small',
      ]),
    );
  });

  it('has a translation for every problem the create and join forms can produce, and a label for its field, in all six languages', () => {
    const problems = formProblems();
    expect(problems.length).toBeGreaterThan(20);
    for (const { form, issue } of problems) {
      const label = fieldLabelKey(form === 'create' ? CREATE_FIELD_LABELS : JOIN_FIELD_LABELS, issue.path);
      expect(label, `${form}: no field for ${issue.path}`).toBeDefined();
      for (const [code, bundles] of Object.entries(languages)) {
        expect(has(bundles, label ?? ''), `${code}: label ${label}`).toBe(true);
        const keys =
          issue.limit === undefined
            ? [`problems.${issue.code}`]
            : new Intl.PluralRules(code)
                .resolvedOptions()
                .pluralCategories.map((category) => `problems.${issue.code}_${category}`);
        for (const key of keys) expect(has(bundles, key), `${code}: ${key} (${issue.path})`).toBe(true);
      }
    }
  });
});
