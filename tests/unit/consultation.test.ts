import { describe, expect, it } from 'vitest';
import { mailDeadline } from '../../server/consultations/mail.js';
import { parseConsultation, parseSubmission } from '../../server/consultations/validation.js';
import { callState, FORMS, isAcceptedSpeaker, phaseState, statistics } from '../../shared/consultation.js';
import {
  endOfVenueDay,
  instantToWallTime,
  resolveZonedInstant,
  shiftByWeeks,
  wallTimeToInstant,
} from '../../shared/consultation-time.js';
import { forms, submitter } from '../support/consultations.js';

describe('venue time to instants', () => {
  it.each([
    ['Europe/Zurich', '2020-02-03T23:59:59', '2020-02-03T22:59:59.000Z'],
    ['Europe/Zurich', '2020-06-20T17:00', '2020-06-20T15:00:00.000Z'],
    ['America/New_York', '2020-02-03T23:59:59', '2020-02-04T04:59:59.000Z'],
    ['Asia/Kolkata', '2020-02-03T23:59:59', '2020-02-03T18:29:59.000Z'],
    ['Australia/Sydney', '2020-02-03T23:59:59', '2020-02-03T12:59:59.000Z'],
    ['Pacific/Chatham', '2020-02-03T23:59:59', '2020-02-03T10:14:59.000Z'],
    ['UTC', '2020-02-03T23:59:59', '2020-02-03T23:59:59.000Z'],
  ])('%s %s is %s', (zone, wall, iso) => {
    expect(new Date(wallTimeToInstant(wall, zone)).toISOString()).toBe(iso);
    expect(instantToWallTime(Date.parse(iso), zone)).toBe(wall.length === 16 ? `${wall}:00` : wall);
  });

  it('crosses the spring change: a time the clocks skip moves an hour on, the next second is exact', () => {
    // Geneva, 29 March 2020: 02:00 CET became 03:00 CEST.
    expect(new Date(wallTimeToInstant('2020-03-29T01:59:59', 'Europe/Zurich')).toISOString()).toBe('2020-03-29T00:59:59.000Z');
    expect(new Date(wallTimeToInstant('2020-03-29T03:00:00', 'Europe/Zurich')).toISOString()).toBe('2020-03-29T01:00:00.000Z');
    expect(new Date(wallTimeToInstant('2020-03-29T02:30:00', 'Europe/Zurich')).toISOString()).toBe('2020-03-29T01:30:00.000Z');
  });

  it('crosses the autumn change: a repeated time is its first occurrence', () => {
    // New York, 1 November 2020: 02:00 EDT became 01:00 EST; 01:30 happened twice.
    expect(new Date(wallTimeToInstant('2020-11-01T01:30:00', 'America/New_York')).toISOString()).toBe('2020-11-01T05:30:00.000Z');
    expect(new Date(wallTimeToInstant('2020-11-01T02:30:00', 'America/New_York')).toISOString()).toBe('2020-11-01T07:30:00.000Z');
  });

  it('reads an explicit offset as given and refuses a bare date', () => {
    expect(resolveZonedInstant('2020-02-28T14:00:00+01:00', 'America/New_York')).toBe(Date.parse('2020-02-28T13:00:00Z'));
    expect(resolveZonedInstant('2020-02-28', 'Europe/Zurich')).toBeNaN();
  });

  it('shifts by whole weeks keeping the weekday and the time of day across DST', () => {
    const briefing = wallTimeToInstant('2020-02-28T14:00', 'Europe/Zurich');
    const shifted = shiftByWeeks(briefing, 10, 'Europe/Zurich');
    expect(instantToWallTime(shifted, 'Europe/Zurich')).toBe('2020-05-08T14:00:00');
    expect(shifted - briefing).toBe(10 * 7 * 86_400_000 - 3_600_000);
  });

  it('ends a venue day at its last millisecond, 23 hours long on the spring change', () => {
    const start = wallTimeToInstant('2020-03-29T00:00', 'Europe/Zurich');
    expect(endOfVenueDay(start, 'Europe/Zurich') - start).toBe(23 * 3_600_000 - 1);
  });
});

describe('deadlines to the second', () => {
  it.each(['Europe/Zurich', 'America/New_York', 'Asia/Tokyo', 'Europe/Berlin'])(
    'in %s a call is open until its last second',
    (zone) => {
      const { consultation } = parseConsultation(
        {
          title: 't',
          timeZone: zone,
          calls: [{ kind: 'views', title: 'c', opensAt: '2020-01-01T00:00', closesAt: '2020-02-03T23:59:59' }],
        },
        { consultationId: 'c', newId: () => 'x', now: 0 },
      );
      const call = consultation.calls[0];
      if (!call) throw new Error('no call');
      expect(instantToWallTime(call.closesAt, zone)).toBe('2020-02-03T23:59:59');
      expect(callState(call, call.closesAt - 1000)).toBe('open');
      expect(callState(call, call.closesAt - 1)).toBe('open');
      expect(callState(call, call.closesAt)).toBe('closed');
      expect(callState(call, call.opensAt - 1)).toBe('upcoming');
      expect(callState(call, call.opensAt)).toBe('open');
    },
  );

  it('across the spring change, a deadline at 03:00 venue time closes at the right instant', () => {
    const { consultation } = parseConsultation(
      {
        title: 't',
        timeZone: 'Europe/Zurich',
        calls: [{ kind: 'views', title: 'c', opensAt: '2020-03-28T12:00', closesAt: '2020-03-29T03:00:00' }],
      },
      { consultationId: 'c', newId: () => 'x', now: 0 },
    );
    const call = consultation.calls[0];
    expect(call && call.closesAt - call.opensAt).toBe(14 * 3_600_000);
  });

  it('a phase without an end is in session for its venue day', () => {
    const start = wallTimeToInstant('2020-02-03T00:00', 'Europe/Zurich');
    const until = endOfVenueDay(start, 'Europe/Zurich');
    expect(phaseState({ startsAt: start, endsAt: null }, until, start - 1)).toBe('upcoming');
    expect(phaseState({ startsAt: start, endsAt: null }, until, until)).toBe('now');
    expect(phaseState({ startsAt: start, endsAt: null }, until, until + 1)).toBe('past');
  });
});

describe('every form', () => {
  it.each(Object.entries(forms))('accepts a valid %s form', (kind, form) => {
    expect(FORMS[kind as keyof typeof FORMS].safeParse(form).success).toBe(true);
  });

  it.each([
    ['views', { themes: '', format: '', innovations: '' }],
    ['views', { themes: 'x'.repeat(5001) }],
    ['speaker_proposal', { ...forms.speaker_proposal, speaker: '' }],
    ['speaker_proposal', { ...forms.speaker_proposal, gender: 'unknown' }],
    ['speaker_proposal', { ...forms.speaker_proposal, country: 'Switzerland' }],
    ['speaker_proposal', { ...forms.speaker_proposal, stakeholderGroup: 'press' }],
    ['workshop', { ...forms.workshop, format: 'lecture' }],
    ['workshop', { ...forms.workshop, speakers: Array.from({ length: 13 }, () => 'x') }],
    ['workshop', { ...forms.workshop, description: '' }],
    ['exhibition', { organisation: 'x', boothNeeds: '' }],
    ['hltf_nomination', { ...forms.hltf_nomination, mechanism: '' }],
    ['photo', { ...forms.photo, sdg: 18 }],
    ['photo', { ...forms.photo, sdg: 0 }],
    ['photo', { ...forms.photo, title: '' }],
    ['photo', { ...forms.photo, extra: 'no' }],
  ])('refuses a bad %s form %#', (kind, form) => {
    expect(FORMS[kind as keyof typeof FORMS].safeParse(form).success).toBe(false);
  });

  it('checks the submitter: e-mail, a country that exists, the honeypot', () => {
    expect(parseSubmission('views', { submitter, form: forms.views }).honeypot).toBe(false);
    expect(parseSubmission('views', { submitter, form: forms.views, website: 'x' }).honeypot).toBe(true);
    expect(() => parseSubmission('views', { submitter: { ...submitter, email: 'nope' }, form: forms.views })).toThrow();
    expect(() => parseSubmission('views', { submitter: { ...submitter, country: 'ZZ' }, form: forms.views })).toThrow();
    expect(parseSubmission('views', { submitter: { ...submitter, country: 'ch' }, form: forms.views }).submitter.country).toBe(
      'CH',
    );
  });
});

describe('speakers and statistics', () => {
  it('recognises an accepted speaker by name and affiliation, ignoring case, accents and spaces', () => {
    const speakers = [{ name: 'José  Pérez', affiliation: 'Universidad de Chile' }];
    expect(isAcceptedSpeaker({ name: 'jose perez', affiliation: 'UNIVERSIDAD DE CHILE' }, speakers)).toBe(true);
    expect(isAcceptedSpeaker({ name: 'José Pérez', affiliation: 'Another' }, speakers)).toBe(false);
    expect(isAcceptedSpeaker({ name: 'Joseph', affiliation: 'Universidad de Chile' }, speakers)).toBe(false);
  });

  it('counts by call, group, country, gender and status', () => {
    const review = { status: 'accepted' as const, note: '', winner: false, reviewedAt: null, agenda: null };
    const stats = statistics([
      { callId: 'a', content: { submitter, form: forms.views, language: 'en', photo: null }, review },
      {
        callId: 'b',
        content: { submitter: { ...submitter, country: 'FR' }, form: forms.speaker_proposal, language: 'fr', photo: null },
        review,
      },
    ]);
    expect(stats).toEqual({
      total: 2,
      byCall: { a: 1, b: 1 },
      byStakeholderGroup: { government: 2 },
      byCountry: { EG: 1, FR: 1 },
      byGender: { female: 1 },
      byStatus: { accepted: 2 },
    });
  });
});

describe('consultation routes of the client', () => {
  it('parses the public, organiser and receipt paths', async () => {
    const { parseRoute } = await import('../../client/src/app/routes.js');
    expect(parseRoute('/c/abc')).toEqual({ view: 'consultation', consultationId: 'abc' });
    expect(parseRoute('/c/abc/organize')).toEqual({ view: 'organize', consultationId: 'abc' });
    expect(parseRoute('/c/abc/receipt/s1')).toEqual({ view: 'receipt', consultationId: 'abc', submissionId: 's1' });
    expect(parseRoute('/c/abc/other')).toEqual({ view: 'notFound' });
  });
});

describe('the receipt e-mail', () => {
  it('writes the deadline on a 24-hour clock in English, and in Arabic words and digits in Arabic', () => {
    const deadline = Date.parse('2020-02-03T22:59:59Z');
    expect(mailDeadline(deadline, 'Europe/Zurich', 'en')).toMatch(/3 February 2020.* 23:59/);
    expect(mailDeadline(deadline, 'Europe/Zurich', 'ar')).not.toMatch(/[A-Za-z]/);
  });
});
