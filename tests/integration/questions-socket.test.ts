import { describe, expect, it } from 'vitest';
import type { Question } from '../../shared/model.js';
import type { TestClient } from '../support/client.js';
import { type CreatedMeeting, serverForFile } from '../support/server.js';

const suite = serverForFile({});
const connect = (auth: Record<string, unknown>) => suite.connect(auth);

async function participant(meeting: CreatedMeeting, name: string): Promise<{ client: TestClient; id: string; token: string }> {
  const { token, participant: p } = await suite.server.register(meeting.meetingId, { name });
  const client = connect({ meetingId: meeting.meetingId, token });
  await client.welcomed();
  return { client, id: p.id, token };
}

async function chair(meeting: CreatedMeeting): Promise<TestClient> {
  const client = connect({ meetingId: meeting.meetingId, moderatorKey: meeting.moderatorKey });
  await client.welcomed();
  return client;
}

/** A new meeting with its chair, Amina and Bruno taking part, and an attendee, all welcomed. */
async function chairTwoParticipantsAndAnAttendee() {
  const meeting = await suite.server.createMeeting();
  const moderator = await chair(meeting);
  const amina = await participant(meeting, 'Amina');
  const bruno = await participant(meeting, 'Bruno');
  const attendee = connect({ meetingId: meeting.meetingId });
  await attendee.welcomed();
  return { meeting, moderator, amina, bruno, attendee };
}

const atVersion = (c: TestClient, version: number) => c.waitFor(`version ${version}`, () => c.version() >= version);
const questionsOf = (c: TestClient): Question[] => c.state().questions.items;

describe('remote questions with real clients', () => {
  it('under pre-moderation a question is seen by moderators and its author only, until approved', async () => {
    const { meeting, moderator, amina, bruno, attendee } = await chairTwoParticipantsAndAnAttendee();
    expect(await moderator.command('questions.configure', { preModeration: true })).toMatchObject({ ok: true, version: 1 });
    expect(await amina.client.command('question.ask', { text: '  Will there be interpretation into Arabic?  ' })).toMatchObject({
      ok: true,
      version: 2,
    });
    const everyone = [moderator, amina.client, bruno.client, attendee];
    await Promise.all(everyone.map((c) => atVersion(c, 2)));
    expect(questionsOf(moderator)).toEqual([
      expect.objectContaining({ text: 'Will there be interpretation into Arabic?', status: 'pending' }),
    ]);
    expect(questionsOf(amina.client)).toEqual([
      expect.objectContaining({ status: 'pending', author: expect.objectContaining({ name: 'Amina' }) }),
    ]);
    expect(questionsOf(bruno.client)).toEqual([]);
    expect(questionsOf(attendee)).toEqual([]);
    // Nothing of the text reached those who may not see it.
    expect(JSON.stringify(attendee.changes)).not.toContain('interpretation');
    expect(JSON.stringify(bruno.client.changes)).not.toContain('interpretation');
    const publicSnapshot = await (await fetch(`${suite.server.url}/api/meetings/${meeting.meetingId}`)).json();
    expect(publicSnapshot.meeting.questions.items).toEqual([]);
    // A late joiner as another participant does not get it in the snapshot either.
    const late = await participant(meeting, 'Chen');
    expect(late.client.welcome?.snapshot.meeting.questions.items).toEqual([]);

    const questionId = questionsOf(moderator)[0]?.id;
    expect(await moderator.command('question.approve', { questionId })).toMatchObject({ ok: true, version: 3 });
    await Promise.all(everyone.map((c) => atVersion(c, 3)));
    for (const c of everyone) expect(questionsOf(c).map((q) => [q.id, q.status])).toEqual([[questionId, 'approved']]);
  });

  it('anonymous questions hide the author from other participants and attendees, not from moderators or the author', async () => {
    const { meeting, moderator, amina, bruno, attendee } = await chairTwoParticipantsAndAnAttendee();
    await amina.client.command('question.ask', { text: 'Who funds the remote hubs?', anonymous: true });
    for (const c of [moderator, amina.client, bruno.client, attendee]) await atVersion(c, 1);
    expect(questionsOf(attendee)[0]).toMatchObject({ text: 'Who funds the remote hubs?', anonymous: true, author: null });
    expect(questionsOf(bruno.client)[0]?.author).toBeNull();
    expect(JSON.stringify(attendee.changes)).not.toContain('Amina');
    expect(JSON.stringify(bruno.client.changes)).not.toContain(amina.id);
    expect(questionsOf(moderator)[0]?.author?.name).toBe('Amina');
    expect(questionsOf(amina.client)[0]?.author?.name).toBe('Amina');
    const rejoin = connect({ meetingId: meeting.meetingId });
    expect((await rejoin.welcomed()).snapshot.meeting.questions.items[0]?.author).toBeNull();
  });

  it('a dismissal reason reaches the author; the question leaves everybody else’s view', async () => {
    const meeting = await suite.server.createMeeting();
    const moderator = await chair(meeting);
    const amina = await participant(meeting, 'Amina');
    const attendee = connect({ meetingId: meeting.meetingId });
    await attendee.welcomed();
    await amina.client.command('question.ask', { text: 'Off-topic question' });
    await atVersion(moderator, 1);
    const questionId = questionsOf(moderator)[0]?.id;
    await moderator.command('question.dismiss', { questionId, reason: 'Please raise it under item 5' });
    await Promise.all([atVersion(amina.client, 2), atVersion(attendee, 2)]);
    expect(questionsOf(amina.client)[0]).toMatchObject({ status: 'dismissed', dismissReason: 'Please raise it under item 5' });
    expect(questionsOf(attendee)).toEqual([]);
    expect(JSON.stringify(attendee.changes.at(-1))).not.toContain('item 5');
    expect(questionsOf(moderator)[0]?.status).toBe('dismissed');
  });

  it('two hundred participants voting in one burst end with the exact counts on every screen, in few messages', async () => {
    const meeting = await suite.server.createMeeting();
    const moderator = await chair(meeting);
    const asker = await participant(meeting, 'Asker');
    await asker.client.command('question.ask', { text: 'First question' });
    await asker.client.command('question.ask', { text: 'Second question' });
    await atVersion(moderator, 2);
    const [first, second] = questionsOf(moderator).map((q) => q.id);
    const voters = await Promise.all(Array.from({ length: 200 }, (_, i) => participant(meeting, `Voter ${i}`)));
    const attendee = connect({ meetingId: meeting.meetingId });
    await attendee.welcomed();

    const started = Date.now();
    const acks = await Promise.all(
      voters.flatMap((voter, i) => {
        const votes = [voter.client.command('question.vote', { questionId: first, up: true })];
        if (i % 2 === 0) votes.push(voter.client.command('question.vote', { questionId: second, up: true }));
        return votes;
      }),
    );
    expect(acks.every((ack) => ack.ok)).toBe(true);
    // Every fourth voter takes the vote on the first question back; a repeat changes nothing.
    const takeBacks = voters.filter((_, i) => i % 4 === 0);
    await Promise.all(takeBacks.map((voter) => voter.client.command('question.vote', { questionId: first, up: false })));
    await Promise.all(
      takeBacks.slice(0, 10).map((voter) => voter.client.command('question.vote', { questionId: first, up: false })),
    );
    const expected = { [first as string]: 150, [second as string]: 100 };

    const screens = [moderator, attendee, asker.client, ...voters.slice(0, 20).map((v) => v.client)];
    await Promise.all(
      screens.map((c) =>
        c.waitFor('final counts', () => c.votes()[first as string] === 150 && c.votes()[second as string] === 100),
      ),
    );
    const elapsedSeconds = (Date.now() - started) / 1000;
    for (const c of screens) {
      expect(c.votes()).toEqual(expected);
      // Coalesced: at most one message per 250 ms, plus the first and the settling one.
      expect(c.voteMessages.length).toBeLessThanOrEqual(Math.ceil(elapsedSeconds * 4) + 2);
    }
    expect(await suite.server.store.voteCounts(meeting.meetingId)).toEqual(expected);

    // A voter who comes back sees their own votes and the exact counts.
    const back = connect({ meetingId: meeting.meetingId, token: voters[2]?.token });
    const welcome = await back.welcomed();
    expect(welcome.myVotes.sort()).toEqual([first, second].sort());
    expect(welcome.votes).toEqual(expected);
  });

  it('votes need an open approved question and a participant', async () => {
    const meeting = await suite.server.createMeeting();
    const moderator = await chair(meeting);
    const amina = await participant(meeting, 'Amina');
    await amina.client.command('question.ask', { text: 'Q' });
    await atVersion(moderator, 1);
    const questionId = questionsOf(moderator)[0]?.id;
    expect(await moderator.command('question.vote', { questionId, up: true })).toMatchObject({
      ok: false,
      error: { code: 'forbidden' },
    });
    expect(await amina.client.command('question.vote', { questionId: 'nope', up: true })).toMatchObject({
      ok: false,
      error: { code: 'not_found' },
    });
    expect(await amina.client.command('question.vote', { questionId, up: 'yes' })).toMatchObject({
      ok: false,
      error: { code: 'invalid' },
    });
    await moderator.command('question.answer', { questionId });
    expect(await amina.client.command('question.vote', { questionId, up: true })).toMatchObject({
      ok: false,
      error: { code: 'invalid_state' },
    });
  });

  it('a moderator takes a remote question from arrival to the floor to answered', async () => {
    const meeting = await suite.server.createMeeting();
    const moderator = await chair(meeting);
    const amina = await participant(meeting, 'Amina');
    await moderator.command('questions.configure', { preModeration: true });
    await amina.client.command('question.ask', { text: 'How will remote speakers be given the floor?' });
    await atVersion(moderator, 2);
    const questionId = questionsOf(moderator)[0]?.id;
    expect(await moderator.command('question.approve', { questionId })).toMatchObject({ ok: true });
    expect(await moderator.command('question.highlight', { questionId })).toMatchObject({ ok: true });
    expect(await moderator.command('question.toFloor', { questionId })).toMatchObject({ ok: true });
    await atVersion(amina.client, moderator.version());
    const entry = amina.client.state().floor.queue[0];
    expect(entry).toMatchObject({
      participantId: amina.id,
      type: 'new_topic',
      attendance: 'remote',
      topic: 'How will remote speakers be given the floor?',
    });
    expect(await moderator.command('floor.grant', { expectedCurrentEntryId: null })).toMatchObject({ ok: true });
    expect(await moderator.command('question.answer', { questionId })).toMatchObject({ ok: true });
    await atVersion(amina.client, moderator.version());
    expect(questionsOf(amina.client)[0]).toMatchObject({ status: 'answered', floorEntryId: entry?.id });
    expect(amina.client.state().questions.highlightedId).toBe(questionId);
    expect(amina.client.state().floor.current?.entry.participantId).toBe(amina.id);
  });

  it('keeps markup in question text as plain text', async () => {
    const meeting = await suite.server.createMeeting();
    const amina = await participant(meeting, 'Amina');
    const text = '<img src=x onerror=alert(1)> & <b>bold</b>';
    await amina.client.command('question.ask', { text });
    await atVersion(amina.client, 1);
    expect(questionsOf(amina.client)[0]?.text).toBe(text);
    expect(await amina.client.command('question.ask', { text: 'x'.repeat(501) })).toMatchObject({
      ok: false,
      error: { code: 'invalid' },
    });
    expect(await amina.client.command('question.ask', { text: '   ' })).toMatchObject({ ok: false, error: { code: 'invalid' } });
  });
});
