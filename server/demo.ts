import { createHmac } from 'node:crypto';
import type { z } from 'zod';
import type { CreateMeetingInput } from '../shared/model.js';
import type { MeetingService } from './meetings/service.js';

/**
 * The demo meeting: the final briefing of the WSIS Forum 2020 open
 * consultation, as the public record describes it (Friday 28 February 2020,
 * 14:00–15:30, Room A, ITU headquarters, Geneva, with remote participation).
 */
export const DEMO_MEETING: z.output<typeof CreateMeetingInput> = {
  title: 'WSIS Forum 2020 open consultation: final briefing',
  venue: { name: 'ITU headquarters', room: 'Room A', city: 'Geneva' },
  timeZone: 'Europe/Zurich',
  startsAt: '2020-02-28T14:00:00+01:00',
  endsAt: '2020-02-28T15:30:00+01:00',
  languages: ['en', 'ar', 'zh', 'fr', 'ru', 'es'],
  agenda: [
    {
      title: 'Opening and welcome',
      minutes: 5,
      presenters: ['WSIS Secretariat, ITU'],
      notes: 'Co-organised by ITU, UNESCO, UNCTAD and UNDP; remote participation is open for this meeting.',
    },
    {
      title: 'Report on the open consultation process',
      minutes: 15,
      presenters: ['WSIS Secretariat, ITU'],
      notes:
        'Virtual launch (June 2019); physical meetings in Room A, Geneva (20 June 2019), at the Estrel Congress Center, Berlin, during IGF 2019 (27 November 2019), and in Room H, Geneva (7 February 2020).',
    },
    {
      title: 'Written contributions received by the 3 February 2020 deadline',
      minutes: 15,
      presenters: ['WSIS Secretariat, ITU'],
      notes:
        'Views on thematic aspects and format innovations, proposed speakers, requests for thematic workshops and exhibition booths.',
    },
    {
      title: 'Thematic aspects and format of WSIS Forum 2020 (WSIS+15)',
      minutes: 20,
      presenters: ['ITU', 'UNESCO', 'UNCTAD', 'UNDP'],
      notes: 'Linking the WSIS Action Lines with the 2030 Agenda for Sustainable Development.',
    },
    {
      title: 'High-level track facilitators, thematic workshops and exhibition',
      minutes: 15,
      presenters: ['WSIS Secretariat, ITU'],
      notes:
        'Nominations of high-level track facilitators by the stakeholder coordination mechanisms; the ICT for SDGs photo contest.',
    },
    {
      title: 'Open discussion: stakeholders in the room and remote',
      minutes: 15,
      presenters: [],
      notes: 'Governments, private sector, civil society, academia, technical community and international organisations.',
    },
    { title: 'Closing remarks and next steps', minutes: 5, presenters: ['WSIS Secretariat, ITU'], notes: '' },
  ],
};

/**
 * Creates the demo meeting once per store. Its moderator key is derived from
 * the store's secret, so the moderator link can be printed at every start
 * while only the key's hash is stored, like any other meeting's.
 */
export async function ensureDemoMeeting(
  service: MeetingService,
  secret: string,
): Promise<{ meetingId: string; moderatorKey: string }> {
  const candidateId = createHmac('sha256', secret).update('demo-meeting-id').digest('base64url').slice(0, 12);
  const meetingId = await service.settingOrInit('demo-meeting-id', candidateId);
  const moderatorKey = createHmac('sha256', secret).update(`demo-moderator-key:${meetingId}`).digest('base64url');
  if (!(await service.snapshot(meetingId))) await service.createWithKey(meetingId, DEMO_MEETING, moderatorKey);
  return { meetingId, moderatorKey };
}
