import { parse } from 'csv-parse/sync';
import { describe, expect, it } from 'vitest';
import type { Snapshot } from '../../shared/model.js';
import type { CommandAck } from '../../shared/protocol.js';
import type { MeetingRecord } from '../../shared/record.js';
import type { TestClient } from '../support/client.js';
import { type CreatedMeeting, serverForFile } from '../support/server.js';

const suite = serverForFile({ commandsPerSecond: 1000 });

function record(meeting: CreatedMeeting, query = '', key?: string): Promise<Response> {
  return fetch(`${suite.server.url}/api/meetings/${meeting.meetingId}/record${query}`, {
    headers: key === undefined ? {} : { authorization: `Bearer ${key}` },
  });
}

function publish(meeting: CreatedMeeting, key?: string): Promise<Response> {
  return fetch(`${suite.server.url}/api/meetings/${meeting.meetingId}/record/publish`, {
    method: 'POST',
    headers: key === undefined ? {} : { authorization: `Bearer ${key}` },
  });
}

const ok = (ack: CommandAck) => {
  expect(ack).toMatchObject({ ok: true });
  return ack;
};

async function welcomed(auth: Record<string, unknown>): Promise<TestClient> {
  const client = suite.connect(auth);
  await client.welcomed();
  return client;
}

/**
 * A short live meeting through real clients: Amina (remote) speaks and asks
 * in her name, Bruno (in the room) asks anonymously and has a question
 * dismissed, and Chen's question waits for moderation.
 */
async function liveMeeting() {
  const meeting = await suite.server.createMeeting();
  const chair = await welcomed({ meetingId: meeting.meetingId, moderatorKey: meeting.moderatorKey });
  const people = await Promise.all(
    [
      { name: 'Amina', attendance: 'remote' },
      { name: 'Bruno', attendance: 'in_room', stakeholderGroup: 'civil_society', affiliation: 'Hidden NGO' },
      { name: 'Chen', attendance: 'remote', stakeholderGroup: 'academia' },
    ].map(async (profile) => {
      const { token } = await suite.server.register(meeting.meetingId, profile);
      return welcomed({ meetingId: meeting.meetingId, token });
    }),
  );
  const [amina, bruno, chen] = people as [TestClient, TestClient, TestClient];
  ok(await chair.command('agenda.next', {}));
  ok(await amina.command('floor.request', { type: 'new_topic', topic: 'Hubs' }));
  ok(await chair.command('floor.grant', { expectedCurrentEntryId: null }));
  ok(await amina.command('question.ask', { text: 'Who funds the hubs?' }));
  ok(await bruno.command('question.ask', { text: 'Anonymous worry', anonymous: true }));
  ok(await bruno.command('question.ask', { text: 'Spam question' }));
  const snapshot = (await (await fetch(`${suite.server.url}/api/meetings/${meeting.meetingId}`)).json()) as Snapshot;
  const spam = snapshot.meeting.questions.items.find((question) => question.text === 'Spam question');
  ok(await chair.command('question.dismiss', { questionId: spam?.id, reason: 'Advertising' }));
  ok(await chair.command('questions.configure', { preModeration: true }));
  ok(await chen.command('question.ask', { text: 'Pending question' }));
  const current = (await (await fetch(`${suite.server.url}/api/meetings/${meeting.meetingId}`)).json()) as Snapshot;
  ok(await amina.command('floor.finish', { entryId: current.meeting.floor.current?.entry.id }));
  return { meeting, chair };
}

describe('GET /api/meetings/:id/record', () => {
  it('answers 404 for an unknown meeting, 400 for an unknown format or language, 401 for a wrong key', async () => {
    const meeting = await suite.server.createMeeting();
    const unknown = await fetch(`${suite.server.url}/api/meetings/nope/record`);
    expect(unknown.status).toBe(404);
    expect(await unknown.json()).toMatchObject({ error: { code: 'not_found' } });
    for (const query of ['?format=pdf', '?lang=de', '?table=people', '?format=json&extra=1']) {
      const bad = await record(meeting, query, meeting.moderatorKey);
      expect(bad.status).toBe(400);
      expect(await bad.json()).toMatchObject({ error: { code: 'invalid' } });
    }
    const wrong = await record(meeting, '', 'not-the-key');
    expect(wrong.status).toBe(401);
    expect(await wrong.json()).toMatchObject({ error: { code: 'unauthorized' } });
    const malformed = await fetch(`${suite.server.url}/api/meetings/${meeting.meetingId}/record`, {
      headers: { authorization: `Basic ${meeting.moderatorKey}` },
    });
    expect(malformed.status).toBe(401);
  });

  it('gives moderators their record at any time, and the public nothing before the end unless the chair publishes it', async () => {
    const { meeting, chair } = await liveMeeting();
    const live = await record(meeting, '', meeting.moderatorKey);
    expect(live.status).toBe(200);
    expect(live.headers.get('cache-control')).toContain('no-store');
    const moderators = (await live.json()) as MeetingRecord;
    expect(moderators.audience).toBe('moderators');
    expect(moderators.meeting.status).toBe('live');
    expect(moderators.turns).toHaveLength(1);
    expect(moderators.questions.map((question) => question.status)).toEqual(['open', 'open', 'dismissed', 'pending']);
    expect(moderators.questions[2]?.dismissReason).toBe('Advertising');

    const early = await record(meeting);
    expect(early.status).toBe(403);
    expect(await early.json()).toMatchObject({ error: { code: 'forbidden' } });

    const link = await fetch(`${suite.server.url}/api/meetings/${meeting.meetingId}/moderator-links`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'x-moderator-key': meeting.moderatorKey },
      body: JSON.stringify({ label: 'Secretariat', role: 'co_chair' }),
    });
    const { moderatorKey: coKey } = (await link.json()) as { moderatorKey: string };
    expect((await record(meeting, '?format=md', coKey)).status).toBe(200);
    expect((await publish(meeting, coKey)).status).toBe(403);
    expect((await publish(meeting)).status).toBe(401);
    expect((await publish(meeting, 'wrong')).status).toBe(401);
    expect(await (await publish(meeting, meeting.moderatorKey)).json()).toEqual({ published: true });
    const published = await record(meeting);
    expect(published.status).toBe(200);
    expect(((await published.json()) as MeetingRecord).audience).toBe('public');

    ok(await chair.command('meeting.end', {}));
    expect((await record(meeting, '?format=html&lang=ar')).status).toBe(200);
  });

  it('opens the public record when the meeting ends, and it shows nothing the public view does not', async () => {
    const { meeting, chair } = await liveMeeting();
    ok(await chair.command('meeting.end', {}));
    const response = await record(meeting);
    expect(response.status).toBe(200);
    const pub = (await response.json()) as MeetingRecord;
    const snapshot = (await (await fetch(`${suite.server.url}/api/meetings/${meeting.meetingId}`)).json()) as Snapshot;
    const shown = snapshot.meeting.questions.items;
    expect(pub.questions.map((question) => [question.id, question.text, question.author?.name ?? null])).toEqual(
      shown.map((question) => [question.id, question.text, question.author?.name ?? null]),
    );
    expect(pub.questions.every((question) => !('dismissReason' in question))).toBe(true);
    expect(pub.turns.map((turn) => [turn.name, turn.spokenMs, turn.grantedAt])).toEqual(
      snapshot.meeting.floor.spoken.map((turn) => [turn.entry.name, turn.spokenMs, turn.grantedAt]),
    );
    expect(pub.turns.every((turn) => !('endedBy' in turn))).toBe(true);
    const everything = await Promise.all(
      ['?format=json', '?format=md', '?format=html', '?format=csv&table=questions', '?format=csv&table=turns'].map(
        async (query) => (await record(meeting, query)).text(),
      ),
    );
    for (const body of everything) {
      for (const secret of ['Spam question', 'Advertising', 'Pending question', 'Hidden NGO']) expect(body).not.toContain(secret);
    }
  });

  it('serves each format with its type; CSV parses back', async () => {
    const { meeting, chair } = await liveMeeting();
    ok(await chair.command('meeting.end', {}));
    const csv = await record(meeting, '?format=csv&table=turns&lang=ru', meeting.moderatorKey);
    expect(csv.headers.get('content-type')).toContain('text/csv');
    expect(csv.headers.get('content-disposition')).toContain(`record-${meeting.meetingId}-moderators-ru-turns.csv`);
    const rows: string[][] = parse(await csv.text(), { bom: true });
    expect(rows).toHaveLength(2);
    expect(rows[1]?.[2]).toBe('Amina');
    expect(rows[1]?.[5]).toBe('Дистанционно');
    const md = await record(meeting, '?format=md', meeting.moderatorKey);
    expect(md.headers.get('content-type')).toContain('text/markdown');
    expect(await md.text()).toContain('| 1 | Amina (Hubs) |');
    const html = await record(meeting, '?format=html&lang=zh');
    expect(html.headers.get('content-type')).toContain('text/html');
    expect(await html.text()).toContain('<html lang="zh" dir="ltr">');
  });
});
