import { describe, expect, it } from 'vitest';
import type { Attendance, StakeholderGroup } from '../../shared/model.js';
import type { TestClient } from '../support/client.js';
import { type CreatedMeeting, serverForFile } from '../support/server.js';

// The race test has a chair pressing faster than any person would: lift the per-connection rate limit.
const suite = serverForFile({ presenceIntervalMs: 50, commandsPerSecond: 1000 });
const connect = (auth: Record<string, unknown>) => suite.connect(auth);

interface Joined {
  client: TestClient;
  token: string;
  id: string;
  name: string;
}

async function join(
  meeting: CreatedMeeting,
  name: string,
  attendance: Attendance,
  stakeholderGroup: StakeholderGroup = 'government',
): Promise<Joined> {
  const { token, participant } = await suite.server.register(meeting.meetingId, { name, attendance, stakeholderGroup });
  const client = connect({ meetingId: meeting.meetingId, token });
  await client.welcomed();
  return { client, token, id: participant.id, name };
}

async function chair(meeting: CreatedMeeting): Promise<TestClient> {
  const client = connect({ meetingId: meeting.meetingId, moderatorKey: meeting.moderatorKey });
  await client.welcomed();
  return client;
}

/** Waits until every client has applied `version`. */
async function converge(version: number, ...everyone: TestClient[]): Promise<void> {
  await Promise.all(everyone.map((c) => c.waitFor(`version ${version}`, () => c.version() >= version)));
}

describe('the floor with real clients', () => {
  it('command ids belong to their sender: a reused id is applied, and no change hands out ids', async () => {
    const meeting = await suite.server.createMeeting();
    const moderator = await chair(meeting);
    const amina = await join(meeting, 'Amina', 'remote');
    const bruno = await join(meeting, 'Bruno', 'in_room');
    // Two tabs of one participant are one sender.
    const aminaTab = connect({ meetingId: meeting.meetingId, token: amina.token });
    await aminaTab.welcomed();

    expect(await amina.client.command('floor.request', { type: 'new_topic' }, 'shared-id')).toEqual({ ok: true, version: 1 });
    // Bruno and the chair happen to use the same id: their commands are their own, not Amina's duplicate.
    expect(await bruno.client.command('floor.request', { type: 'new_topic' }, 'shared-id')).toEqual({ ok: true, version: 2 });
    expect(await moderator.command('floor.close', {}, 'shared-id')).toEqual({ ok: true, version: 3 });
    // Amina's retry from her other tab is recognised as hers.
    expect(await aminaTab.command('floor.request', { type: 'new_topic' }, 'shared-id')).toEqual({
      ok: true,
      version: 1,
      duplicate: true,
    });
    await converge(3, moderator, amina.client, bruno.client, aminaTab);
    expect(moderator.state().floor.queue.map((entry) => entry.name)).toEqual(['Amina', 'Bruno']);
    for (const client of [moderator, amina.client, bruno.client]) {
      for (const change of client.changes) expect(change).not.toHaveProperty('commandId');
    }
    const replay = await bruno.client.sync(0);
    expect(replay.ok && replay.kind === 'changes' && replay.changes.map((change) => Object.keys(change).sort())).toEqual([
      ['at', 'events', 'meetingId', 'version'],
      ['at', 'events', 'meetingId', 'version'],
      ['at', 'events', 'meetingId', 'version'],
    ]);
  });

  it('three in the room and three remote: requests, grants and statistics agree on every screen', async () => {
    const meeting = await suite.server.createMeeting();
    const moderator = await chair(meeting);
    const attendee = connect({ meetingId: meeting.meetingId });
    await attendee.welcomed();
    const people = await Promise.all([
      join(meeting, 'Bruno', 'in_room', 'civil_society'),
      join(meeting, 'Chen', 'in_room', 'academia'),
      join(meeting, 'Elif', 'in_room', 'government'),
      join(meeting, 'Amina', 'remote', 'government'),
      join(meeting, 'Dara', 'remote', 'private_sector'),
      join(meeting, 'Farid', 'remote', 'technical_community'),
    ]);
    expect(await moderator.command('floor.configure', { policy: 'alternate' })).toMatchObject({ ok: true });
    for (const person of people) {
      const ack = await person.client.command('floor.request', { type: 'new_topic', topic: `${person.name}'s point` });
      expect(ack).toMatchObject({ ok: true });
    }
    const everyone = [moderator, attendee, ...people.map((p) => p.client)];
    await converge(7, ...everyone);
    // Alternating room and remote, first come first served on each side.
    expect(attendee.state().floor.queue.map((e) => e.name)).toEqual(['Bruno', 'Amina', 'Chen', 'Dara', 'Elif', 'Farid']);

    let expected: string | null = null;
    for (let turn = 0; turn < 3; turn++) {
      const ack = await moderator.command('floor.grant', { expectedCurrentEntryId: expected });
      expect(ack).toMatchObject({ ok: true });
      expected = moderator.state().floor.current?.entry.id ?? null;
      await converge(moderator.version(), ...everyone);
    }
    const [bruno] = people;
    // Bruno's own "done" is not his to send any more: the floor moved on.
    const late = await bruno?.client.command('floor.finish', {
      entryId: bruno.client.state().floor.current?.entry.id === expected ? expected : 'stale',
    });
    expect(late).toMatchObject({ ok: false });

    const serverView = await (await fetch(`${suite.server.url}/api/meetings/${meeting.meetingId}`)).json();
    for (const c of everyone) {
      const state = c.state();
      expect(state.floor.queue).toEqual(serverView.meeting.floor.queue);
      expect(state.floor.current?.entry.name).toBe('Chen');
      expect(state.floor.stats).toEqual(serverView.meeting.floor.stats);
    }
    expect(serverView.meeting.floor.stats.byAttendance).toMatchObject({
      in_room: { interventions: 2 },
      remote: { interventions: 1 },
    });
    expect(serverView.meeting.floor.stats.byGroup.civil_society.speakingMs).toBeGreaterThanOrEqual(0);
  });

  it('a participant cannot touch another’s entry, nor act as a moderator', async () => {
    const meeting = await suite.server.createMeeting();
    const amina = await join(meeting, 'Amina', 'remote');
    const bruno = await join(meeting, 'Bruno', 'in_room');
    await amina.client.command('floor.request', { type: 'new_topic' });
    await amina.client.waitFor('own entry', () => amina.client.state().floor.queue.length === 1);
    const entryId = amina.client.state().floor.queue[0]?.id;
    expect(await bruno.client.command('floor.withdraw', { entryId })).toMatchObject({ ok: false, error: { code: 'forbidden' } });
    expect(await bruno.client.command('floor.edit', { entryId, topic: 'hijacked' })).toMatchObject({
      ok: false,
      error: { code: 'forbidden' },
    });
    expect(await bruno.client.command('floor.remove', { entryId })).toMatchObject({ ok: false, error: { code: 'forbidden' } });
    expect(await bruno.client.command('floor.grant', { entryId, expectedCurrentEntryId: null })).toMatchObject({
      ok: false,
      error: { code: 'forbidden' },
    });
    const attendee = connect({ meetingId: meeting.meetingId });
    await attendee.welcomed();
    expect(await attendee.command('floor.request', { type: 'new_topic' })).toMatchObject({
      ok: false,
      error: { code: 'forbidden' },
    });
    const snapshot = await (await fetch(`${suite.server.url}/api/meetings/${meeting.meetingId}`)).json();
    expect(snapshot.meeting.floor.queue).toEqual([expect.objectContaining({ id: entryId, topic: '', name: 'Amina' })]);
  });

  it('the speaker’s "done" racing the chair’s "next", many times over, never skips or repeats anybody', async () => {
    const meeting = await suite.server.createMeeting();
    const moderator = await chair(meeting);
    const people: Joined[] = [];
    for (let i = 0; i < 16; i++) people.push(await join(meeting, `Speaker ${i}`, i % 2 ? 'remote' : 'in_room'));
    for (const person of people)
      expect(await person.client.command('floor.request', { type: 'new_topic' })).toMatchObject({ ok: true });
    await converge(16, moderator);
    const order = moderator.state().floor.queue.map((entry) => entry.participantId);
    expect(await moderator.command('floor.grant', { expectedCurrentEntryId: null })).toMatchObject({ ok: true });

    const granted: string[] = [];
    for (let round = 0; round < people.length - 1; round++) {
      await converge(moderator.version(), moderator);
      const current = moderator.state().floor.current;
      if (!current) throw new Error('nobody has the floor');
      granted.push(current.entry.participantId);
      const speaker = people.find((person) => person.id === current.entry.participantId);
      if (!speaker) throw new Error('speaker not found');
      const [done, next] = await Promise.all([
        speaker.client.command('floor.finish', { entryId: current.entry.id }),
        moderator.command('floor.grant', { expectedCurrentEntryId: current.entry.id }),
      ]);
      // Exactly one of the two wins; the other is told the floor changed.
      expect([done.ok, next.ok].filter(Boolean)).toHaveLength(1);
      const loser = done.ok ? next : done;
      expect(loser).toMatchObject({ ok: false, error: { code: 'conflict' } });
      if (done.ok)
        expect(await moderator.command('floor.grant', { expectedCurrentEntryId: null })).toEqual({
          ok: true,
          version: expect.any(Number),
        });
    }
    await converge(moderator.version(), moderator);
    granted.push(moderator.state().floor.current?.entry.participantId ?? 'nobody');
    expect(granted).toEqual(order);
    expect(
      moderator.state().floor.stats.byAttendance.in_room.interventions +
        moderator.state().floor.stats.byAttendance.remote.interventions,
    ).toBe(16);
  });

  it('a participant whose connection drops keeps their place, is shown as disconnected, and comes back to it', async () => {
    const meeting = await suite.server.createMeeting();
    const moderator = await chair(meeting);
    const bruno = await join(meeting, 'Bruno', 'in_room');
    const amina = await join(meeting, 'Amina', 'remote');
    const chen = await join(meeting, 'Chen', 'in_room');
    for (const person of [bruno, amina, chen]) await person.client.command('floor.request', { type: 'new_topic' });
    await converge(3, moderator);
    const before = moderator.state().floor.queue.map((entry) => entry.name);

    amina.client.close();
    const offline = await moderator.waitFor('Amina offline', () =>
      moderator.presence.find((p) => p.offline[amina.id] !== undefined),
    );
    expect(offline.offline[amina.id]).toBeLessThanOrEqual(Date.now());
    expect(offline.remote).toBe(0);
    expect(Object.keys(offline.offline)).toEqual([amina.id]);
    expect(moderator.state().floor.queue.map((entry) => entry.name)).toEqual(before);

    // Back with the same token: same person, same place, no longer offline.
    const back = connect({ meetingId: meeting.meetingId, token: amina.token });
    const welcome = await back.welcomed();
    expect(welcome.self?.id).toBe(amina.id);
    expect(welcome.snapshot.meeting.floor.queue.map((entry) => entry.name)).toEqual(before);
    await moderator.waitFor('Amina online', () => {
      const last = moderator.presence.at(-1);
      return last && last.offline[amina.id] === undefined && last.remote === 1;
    });
    const mine = welcome.snapshot.meeting.floor.queue.find((entry) => entry.participantId === amina.id);
    expect(await back.command('floor.withdraw', { entryId: mine?.id })).toMatchObject({ ok: true });
  });
});

describe('leaving', () => {
  it('withdraws the leaver’s requests and ends their turn on every screen; the same token takes part again as the same person', async () => {
    const meeting = await suite.server.createMeeting();
    const moderator = await chair(meeting);
    const amina = await join(meeting, 'Amina', 'remote');
    const bruno = await join(meeting, 'Bruno', 'in_room');
    await amina.client.command('floor.request', { type: 'new_topic' });
    await bruno.client.command('floor.request', { type: 'new_topic' });
    await moderator.command('floor.grant', { expectedCurrentEntryId: null });
    await amina.client.command('floor.request', { type: 'clarifying_question' });
    await converge(4, moderator, bruno.client);
    expect(moderator.state().floor.current?.entry.participantId).toBe(amina.id);

    const attendee = connect({ meetingId: meeting.meetingId });
    await attendee.welcomed();
    expect(await attendee.command('participant.leave', {})).toMatchObject({ ok: false, error: { code: 'forbidden' } });
    expect(await amina.client.command('participant.leave', {})).toMatchObject({ ok: true, version: 5 });
    await converge(5, moderator, bruno.client, attendee);
    for (const screen of [moderator, bruno.client, attendee]) {
      expect(screen.state().floor.current).toBeNull();
      expect(screen.state().floor.queue.map((entry) => entry.participantId)).toEqual([bruno.id]);
    }
    // Nothing left to withdraw: acknowledged, nothing broadcast.
    expect(await amina.client.command('participant.leave', {})).toMatchObject({ ok: true, version: 5 });

    amina.client.close();
    const back = connect({ meetingId: meeting.meetingId, token: amina.token });
    expect((await back.welcomed()).self?.id).toBe(amina.id);
    expect(await back.command('floor.request', { type: 'new_topic' })).toMatchObject({ ok: true });
    await converge(6, moderator);
    expect(moderator.state().floor.queue.map((entry) => entry.participantId)).toEqual([bruno.id, amina.id]);
  });
});
