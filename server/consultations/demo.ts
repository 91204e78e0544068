import { createHmac } from 'node:crypto';
import type { AnyForm, Call, CallKind, Consultation, Phase, Review, Submitter } from '../../shared/consultation.js';
import { NEW_REVIEW } from '../../shared/consultation.js';
import { shiftByWeeks, wallTimeToInstant } from '../../shared/consultation-time.js';
import type { Language } from '../../shared/model.js';
import type { MeetingService } from '../meetings/service.js';
import type { ConsultationService } from './service.js';

const ZONE = 'Europe/Zurich';
const WEEK = 7 * 86_400_000;
const at = (wall: string) => wallTimeToInstant(wall, ZONE);
const GENEVA_A = { name: 'ITU headquarters', room: 'Room A', city: 'Geneva' };

const OPENS = at('2019-06-04T16:00');
/** Every call closes at the end of the deadline day; the timeline's deadline phase is that same instant. */
const DEADLINE = at('2020-02-03T23:59:59');

/** The phases as the public record gives them (times of day in Geneva time). */
const PHASES: Omit<Phase, 'id' | 'original'>[] = [
  {
    title: 'Phase I: virtual launch of the open consultation',
    kind: 'launch',
    description: 'Stakeholders are invited to take part remotely.',
    startsAt: at('2019-06-04T16:00'),
    endsAt: at('2019-06-04T17:00'),
    venue: null,
    remoteUrl: null,
    meetingId: null,
  },
  {
    title: 'Phase II: first physical meeting',
    kind: 'meeting',
    description: 'With remote participation.',
    startsAt: at('2019-06-20T17:00'),
    endsAt: at('2019-06-20T18:00'),
    venue: GENEVA_A,
    remoteUrl: null,
    meetingId: null,
  },
  {
    title: 'Phase III: second physical meeting, during IGF 2019',
    kind: 'meeting',
    description: 'With remote participation.',
    startsAt: at('2019-11-27T15:00'),
    endsAt: at('2019-11-27T16:00'),
    venue: { name: 'Estrel Congress Center', room: '', city: 'Berlin' },
    remoteUrl: null,
    meetingId: null,
  },
  {
    title: 'Phase V: deadline for written contributions',
    kind: 'deadline',
    description: 'Every call for contributions closes at the end of this day.',
    // The deadline itself, not the start of its day: the timeline and the calls must say the same time.
    startsAt: DEADLINE,
    endsAt: null,
    venue: null,
    remoteUrl: null,
    meetingId: null,
  },
  {
    title: 'Phase IV: third physical meeting',
    kind: 'meeting',
    description: 'With remote participation.',
    startsAt: at('2020-02-07T15:30'),
    endsAt: at('2020-02-07T16:30'),
    venue: { name: 'ITU headquarters', room: 'Room H', city: 'Geneva' },
    remoteUrl: null,
    meetingId: null,
  },
  {
    title: 'Phase VI: final briefing',
    kind: 'briefing',
    description: 'With remote participation.',
    startsAt: at('2020-02-28T14:00'),
    endsAt: at('2020-02-28T15:30'),
    venue: GENEVA_A,
    remoteUrl: null,
    meetingId: null,
  },
  {
    title: 'Special briefing on the virtual format and programme',
    kind: 'briefing',
    description: '',
    startsAt: at('2020-05-28T00:00'),
    endsAt: null,
    venue: null,
    remoteUrl: null,
    meetingId: null,
  },
];

const CALLS: { kind: CallKind; title: string; description: string }[] = [
  {
    kind: 'views',
    title: 'Share your views on the thematic aspects and innovations of the format',
    description: 'Official submissions to the WSIS Secretariat.',
  },
  { kind: 'speaker_proposal', title: 'Propose speakers', description: '' },
  { kind: 'workshop', title: 'Request a thematic workshop', description: '' },
  { kind: 'exhibition', title: 'Request an exhibition booth', description: '' },
  {
    kind: 'hltf_nomination',
    title: 'Nominate High-Level Track Facilitators',
    description: 'For the key stakeholder coordination mechanisms of the WSIS process.',
  },
  {
    kind: 'photo',
    title: 'Photo contest: ICTs for the Sustainable Development Goals',
    description: 'Photographs from around the world of ICTs enabling the SDGs. Three winning entries are shown at the Forum.',
  },
];

/** Sample contributions in several languages; some accepted, so the public page has something to show. */
const SAMPLES: { kind: CallKind; submitter: Submitter; form: AnyForm; language: Language; status: Review['status'] }[] = [
  {
    kind: 'views',
    language: 'ar',
    status: 'accepted',
    submitter: {
      name: 'نادية بن علي',
      email: 'nadia@example.org',
      organisation: 'جمعية المجتمع الرقمي',
      stakeholderGroup: 'civil_society',
      country: 'MA',
    },
    form: { themes: 'الشمول الرقمي للنساء والشباب في المناطق الريفية', format: 'جلسات هجينة مع ترجمة فورية', innovations: '' },
  },
  {
    kind: 'speaker_proposal',
    language: 'en',
    status: 'accepted',
    submitter: {
      name: 'Grace Mwangi',
      email: 'grace@example.org',
      organisation: 'University of Nairobi',
      stakeholderGroup: 'academia',
      country: 'KE',
    },
    form: {
      speaker: 'Grace Mwangi',
      affiliation: 'University of Nairobi',
      stakeholderGroup: 'academia',
      gender: 'female',
      country: 'KE',
      topic: 'Community networks for rural schools',
      bio: 'Researcher in community connectivity.',
    },
  },
  {
    kind: 'workshop',
    language: 'fr',
    status: 'shortlisted',
    submitter: {
      name: 'Awa Diop',
      email: 'awa@example.org',
      organisation: 'Réseau numérique Sénégal',
      stakeholderGroup: 'civil_society',
      country: 'SN',
    },
    form: {
      title: 'Inclusion numérique en Afrique de l’Ouest',
      description: 'Une table ronde sur la connexion des non-connectés.',
      organisers: 'Réseau numérique Sénégal',
      speakers: ['Awa Diop', 'Moussa Ba'],
      format: 'roundtable',
    },
  },
  {
    kind: 'exhibition',
    language: 'es',
    status: 'submitted',
    submitter: {
      name: 'Carlos Rojas',
      email: 'carlos@example.org',
      organisation: 'Fundación Conecta',
      stakeholderGroup: 'private_sector',
      country: 'CL',
    },
    form: { organisation: 'Fundación Conecta', boothNeeds: 'Dos mesas, electricidad y una pantalla' },
  },
  {
    kind: 'hltf_nomination',
    language: 'ru',
    status: 'submitted',
    submitter: {
      name: 'Анна Смирнова',
      email: 'anna@example.org',
      organisation: 'Координационный центр',
      stakeholderGroup: 'technical_community',
      country: 'RU',
    },
    form: {
      nominee: 'Анна Смирнова',
      affiliation: 'Координационный центр',
      mechanism: 'Технические круги',
      statement: 'Опыт работы в процессе ВВУИО.',
    },
  },
  {
    kind: 'views',
    language: 'zh',
    status: 'accepted',
    submitter: { name: '王芳', email: 'wang@example.org', organisation: '清华大学', stakeholderGroup: 'academia', country: 'CN' },
    form: { themes: '人工智能促进可持续发展目标', format: '', innovations: '更多远程参与的互动环节' },
  },
];

/**
 * Whole weeks that move the recorded deadline three to four weeks ahead of
 * `now`: weekdays and times of day stay those of the record.
 */
export function demoShiftWeeks(now: number): number {
  return Math.ceil((now + 3 * WEEK - DEADLINE) / WEEK);
}

/**
 * The WSIS Forum 2020 open consultation, created once per store, with the
 * demo meeting as its final briefing. Its organiser key is derived from the
 * store's secret, like the demo meeting's moderator key.
 */
export async function ensureDemoConsultation(
  service: ConsultationService,
  meetings: Pick<MeetingService, 'settingOrInit'>,
  secret: string,
  demoMeetingId: string,
  now: number,
): Promise<{ consultationId: string; organizerKey: string }> {
  const candidateId = createHmac('sha256', secret).update('demo-consultation-id').digest('base64url').slice(0, 12);
  const consultationId = await meetings.settingOrInit('demo-consultation-id', candidateId);
  const organizerKey = createHmac('sha256', secret).update(`demo-organizer-key:${consultationId}`).digest('base64url');
  if (await service.exists(consultationId)) return { consultationId, organizerKey };

  const weeks = demoShiftWeeks(now);
  const shift = (instant: number) => shiftByWeeks(instant, weeks, ZONE);
  const phases: Phase[] = PHASES.map((phase, i) => ({
    ...phase,
    id: `phase-${i + 1}`,
    startsAt: shift(phase.startsAt),
    endsAt: phase.endsAt === null ? null : shift(phase.endsAt),
    meetingId: phase.kind === 'briefing' && phase.title.startsWith('Phase VI') ? demoMeetingId : null,
    original: { startsAt: phase.startsAt, endsAt: phase.endsAt },
  }));
  const calls: Call[] = CALLS.map((call, i) => ({
    ...call,
    id: `call-${i + 1}`,
    opensAt: shift(OPENS),
    closesAt: shift(DEADLINE),
    original: { opensAt: OPENS, closesAt: DEADLINE },
  }));
  const consultation: Consultation = {
    id: consultationId,
    title: 'Shaping the themes and format of the WSIS Forum 2020',
    description:
      'Open consultation process on the thematic aspects and innovations of the format of the WSIS Forum 2020 (WSIS+15), co-organised by ITU, UNESCO, UNCTAD and UNDP, engaging governments, civil society, the private sector, academia, the technical community and intergovernmental organisations. The physical meetings offer remote participation.',
    organisers: 'ITU, UNESCO, UNCTAD, UNDP',
    timeZone: ZONE,
    languages: ['en', 'ar', 'zh', 'fr', 'ru', 'es'],
    phases,
    calls,
    createdAt: now,
    datesShiftedByWeeks: weeks,
  };
  await service.createWithKey(consultation, organizerKey);
  for (const [i, sample] of SAMPLES.entries()) {
    const call = calls.find((c) => c.kind === sample.kind);
    if (!call) continue;
    await service.addSample(consultationId, call, {
      submitter: sample.submitter,
      form: sample.form,
      language: sample.language,
      review: { ...NEW_REVIEW, status: sample.status, reviewedAt: sample.status === 'submitted' ? null : now },
      submittedAt: now - (SAMPLES.length - i) * 3_600_000,
    });
  }
  return { consultationId, organizerKey };
}
