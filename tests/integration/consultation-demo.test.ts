import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { demoShiftWeeks, ensureDemoConsultation } from '../../server/consultations/demo.js';
import { ensureDemoMeeting } from '../../server/demo.js';
import { SqliteStore } from '../../server/store/sqlite.js';
import type { PublicConsultation } from '../../shared/consultation.js';
import { instantToWallTime } from '../../shared/consultation-time.js';
import { type ConsultationTestServer, startConsultationServer } from '../support/consultations.js';

const store = new SqliteStore(null);
let server: ConsultationTestServer;
beforeAll(async () => {
  server = await startConsultationServer(store);
});
afterAll(async () => {
  await server.stop();
});

describe('the demo consultation', () => {
  it('is the WSIS Forum 2020 consultation, shifted by whole weeks so the deadline and the briefing lie ahead', async () => {
    const consultations = server.consultations;
    if (!consultations) throw new Error('no consultations');
    const secret = 'a-test-secret-of-at-least-32-characters';
    const meeting = await ensureDemoMeeting(server.service, secret);
    const now = Date.now();
    const demo = await ensureDemoConsultation(consultations, server.service, secret, meeting.meetingId, now);
    // A second start finds it and changes nothing.
    expect(await ensureDemoConsultation(consultations, server.service, secret, meeting.meetingId, now)).toEqual(demo);

    const view: PublicConsultation = await (await fetch(`${server.url}/api/consultations/${demo.consultationId}`)).json();
    expect(view.datesShiftedByWeeks).toBe(demoShiftWeeks(now));
    expect(view.calls.map((c) => c.kind)).toEqual([
      'views',
      'speaker_proposal',
      'workshop',
      'exhibition',
      'hltf_nomination',
      'photo',
    ]);
    for (const call of view.calls) {
      expect(call.state).toBe('open');
      expect(call.closesAt).toBeGreaterThan(now);
      expect(instantToWallTime(call.closesAt, 'Europe/Zurich').slice(11)).toBe('23:59:59');
      expect(new Date(call.original?.closesAt ?? 0).toISOString()).toBe('2020-02-03T22:59:59.000Z');
    }
    // The timeline's deadline is the calls' deadline, to the second.
    const deadline = view.phases.find((p) => p.kind === 'deadline');
    expect(deadline?.startsAt).toBeDefined();
    for (const call of view.calls) expect(call.closesAt).toBe(deadline?.startsAt);
    const briefing = view.phases.find((p) => p.title.startsWith('Phase VI'));
    expect(briefing?.meetingId).toBe(meeting.meetingId);
    expect(briefing?.state).toBe('upcoming');
    expect(instantToWallTime(briefing?.startsAt ?? 0, 'Europe/Zurich').slice(11, 16)).toBe('14:00');
    expect(new Date(briefing?.startsAt ?? 0).getUTCDay()).toBe(5);
    const berlin = view.phases.find((p) => p.venue?.city === 'Berlin');
    expect(instantToWallTime(berlin?.startsAt ?? 0, 'Europe/Zurich').slice(11, 16)).toBe('15:00');
    expect(view.phases.map((p) => p.venue?.room).filter(Boolean)).toEqual(['Room A', 'Room H', 'Room A']);
    expect(view.accepted.length).toBeGreaterThanOrEqual(2);
    expect(view.accepted.some((a) => /[\u0600-\u06FF]/.test(a.name))).toBe(true);
    expect(JSON.stringify(view)).not.toContain('@example.org');
  });

  it('keeps the deadline three to four weeks ahead, whatever the day', () => {
    const deadline = Date.parse('2020-02-03T22:59:59Z');
    for (const now of [
      Date.parse('2024-03-31T12:00:00Z'),
      Date.parse('2026-11-30T06:00:00Z'),
      Date.parse('2030-07-01T00:00:00Z'),
    ]) {
      const shifted = deadline + demoShiftWeeks(now) * 7 * 86_400_000;
      expect(shifted - now).toBeGreaterThan(20 * 86_400_000);
      expect(shifted - now).toBeLessThan(29 * 86_400_000);
    }
  });
});
