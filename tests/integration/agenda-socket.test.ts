import { describe, expect, it } from 'vitest';
import { TestClient } from '../support/client.js';
import { type CreatedMeeting, serverForFile } from '../support/server.js';

const suite = serverForFile({});
const client = (auth: Record<string, unknown>) => suite.connect(auth);

async function meetingWithEveryRole(): Promise<{
  meeting: CreatedMeeting;
  moderator: TestClient;
  participant: TestClient;
  attendee: TestClient;
}> {
  const meeting = await suite.server.createMeeting();
  const { token } = await suite.server.register(meeting.meetingId, { attendance: 'in_room' });
  const moderator = client({ meetingId: meeting.meetingId, moderatorKey: meeting.moderatorKey });
  const participant = client({ meetingId: meeting.meetingId, token });
  const attendee = client({ meetingId: meeting.meetingId });
  await Promise.all([moderator.welcomed(), participant.welcomed(), attendee.welcomed()]);
  return { meeting, moderator, participant, attendee };
}

const itemIds = (c: TestClient) => c.welcome?.snapshot.meeting.agenda.items.map((item) => item.id) ?? [];

describe('joining', () => {
  it('welcomes each role with the snapshot, its version and who it is', async () => {
    const { moderator, participant, attendee } = await meetingWithEveryRole();
    expect(moderator.welcome).toMatchObject({ role: 'moderator', self: null, snapshot: { version: 0 } });
    expect(participant.welcome).toMatchObject({ role: 'participant', self: { name: 'Amina', attendance: 'in_room' } });
    expect(attendee.welcome).toMatchObject({ role: 'attendee', self: null });
    expect(attendee.welcome?.snapshot.meeting.agenda.items).toHaveLength(3);
    expect(Math.abs((attendee.welcome?.serverTime ?? 0) - Date.now())).toBeLessThan(5_000);
  });

  it('keeps presence counts live for everyone, counting a participant with two tabs once', async () => {
    const { meeting, attendee } = await meetingWithEveryRole();
    await attendee.waitFor('presence of three', () =>
      attendee.presence.find((p) => p.inRoom === 1 && p.attendees === 1 && p.moderators === 1),
    );
    const { token } = await suite.server.register(meeting.meetingId, { attendance: 'remote' });
    const tabA = client({ meetingId: meeting.meetingId, token });
    const tabB = client({ meetingId: meeting.meetingId, token });
    await Promise.all([tabA.welcomed(), tabB.welcomed()]);
    await attendee.waitFor('one remote', () => attendee.presence.find((p) => p.remote === 1 && p.inRoom === 1));
    tabA.close();
    tabB.close();
    await attendee.waitFor('remote gone', () => attendee.presence.at(-1)?.remote === 0);
  });

  it('refuses an unknown meeting, a wrong moderator key, a forged token and a malformed auth', async () => {
    const meeting = await suite.server.createMeeting();
    const other = await suite.server.createMeeting();
    const { token: otherToken } = await suite.server.register(other.meetingId);
    const cases: [Record<string, unknown>, string][] = [
      [{ meetingId: 'nope' }, 'not_found'],
      [{ meetingId: meeting.meetingId, moderatorKey: other.moderatorKey }, 'unauthorized'],
      [{ meetingId: meeting.meetingId, token: otherToken }, 'unauthorized'],
      [{ meetingId: meeting.meetingId, token: 'forged.token' }, 'unauthorized'],
      [{}, 'invalid'],
      [{ meetingId: meeting.meetingId, role: 'moderator' }, 'invalid'],
    ];
    for (const [auth, code] of cases) {
      const c = new TestClient(suite.server.url, auth, { autoConnect: false });
      suite.track(c);
      const refused = c.refused();
      c.socket.connect();
      expect((await refused).code, JSON.stringify(auth)).toBe(code);
    }
  });
});

describe('agenda commands', () => {
  it('a moderator changes the agenda and the participant and attendee receive the events in order', async () => {
    const { moderator, participant, attendee } = await meetingWithEveryRole();
    const [first, second] = itemIds(moderator);
    expect(await moderator.command('agenda.start', { itemId: first })).toEqual({ ok: true, version: 1 });
    expect(await moderator.command('agenda.edit', { itemId: second, title: 'Report of the secretariat' })).toEqual({
      ok: true,
      version: 2,
    });
    expect(await moderator.command('agenda.add', { title: 'Any other business', minutes: 5 })).toEqual({ ok: true, version: 3 });
    expect(await moderator.command('agenda.next', { expectedCurrentItemId: first })).toEqual({ ok: true, version: 4 });
    expect(await moderator.command('meeting.pause')).toEqual({ ok: true, version: 5 });
    for (const c of [participant, attendee, moderator]) {
      await c.changeWithVersion(5);
      expect(c.changes.map((change) => change.version)).toEqual([1, 2, 3, 4, 5]);
      expect(c.changes[0]?.events.map((e) => e.type)).toEqual(['meeting.started', 'agenda.itemStarted']);
      expect(c.changes[3]?.events).toEqual([
        { type: 'agenda.itemCompleted', itemId: first },
        { type: 'agenda.itemStarted', itemId: second },
        { type: 'meeting.undoOffered', offer: expect.objectContaining({ kind: 'agenda.next' }) },
      ]);
    }
    const snapshot = await (await fetch(`${suite.server.url}/api/meetings/${moderator.welcome?.snapshot.meeting.id}`)).json();
    expect(snapshot.version).toBe(5);
    expect(snapshot.meeting.agenda.currentItemId).toBe(second);
    expect(snapshot.meeting.pausedAt).toBe(attendee.changes[4]?.at);
  });

  it('a participant or attendee sending a moderator command gets forbidden and nothing changes', async () => {
    const { moderator, participant, attendee } = await meetingWithEveryRole();
    const [first] = itemIds(moderator);
    for (const c of [participant, attendee]) {
      const ack = await c.command('agenda.start', { itemId: first });
      expect(ack).toMatchObject({ ok: false, error: { code: 'forbidden' } });
    }
    // The next change anyone sees is the moderator's, at version 1: the refused ones left no trace.
    await moderator.command('meeting.end');
    const change = await attendee.changeWithVersion(1);
    expect(change.events.map((e) => e.type)).toEqual(['meeting.ended']);
  });

  it('malformed and unknown commands get invalid with a readable message, and the server stays up', async () => {
    const { moderator } = await meetingWithEveryRole();
    const bad: [unknown, RegExp][] = [
      [{ type: 'agenda.start', payload: { itemId: 'x' } }, /id/],
      [{ id: 'c1', type: 'agenda.explode', payload: {} }, /unknown command type 'agenda.explode'/],
      [{ id: 'c2', type: 'agenda.add', payload: { title: '', minutes: -1 } }, /invalid agenda.add payload/],
      [{ id: 'c3', type: 'agenda.add', payload: { title: 'x', minutes: 5, sneaky: true } }, /invalid/],
      ['just a string', /id, type, payload/],
      [null, /id, type, payload/],
      [{ id: 'c4', type: 'agenda.edit', payload: { itemId: 'x' } }, /invalid agenda.edit payload/],
      // `null` is not an empty payload, whether the command has fields or not.
      [{ id: 'c5', type: 'floor.close', payload: null }, /invalid floor.close payload/],
      [{ id: 'c6', type: 'meeting.pause', payload: null }, /invalid meeting.pause payload/],
      [{ id: 'c7', type: 'agenda.next', payload: null }, /invalid agenda.next payload/],
      [{ id: 'c8', type: 'meeting.end', payload: [] }, /invalid meeting.end payload/],
    ];
    for (const [envelope, message] of bad) {
      const ack = await moderator.socket.timeout(5000).emitWithAck('command', envelope as never);
      expect(ack.ok).toBe(false);
      if (!ack.ok) {
        expect(ack.error.code).toBe('invalid');
        expect(ack.error.message).toMatch(message);
      }
    }
    // Nothing above changed the meeting.
    expect(moderator.changes).toEqual([]);
    const withIssues = await moderator.command('agenda.add', { title: '', minutes: 0 });
    expect(withIssues.ok === false && withIssues.error.issues?.map((i) => i.path)).toEqual(['title', 'minutes']);
    // A command without an ack callback, and junk events, do not take the process down.
    const untyped = moderator.socket as unknown as { emit: (event: string, ...args: unknown[]) => void };
    untyped.emit('command', { id: 'x', type: 'meeting.end' });
    untyped.emit('sync', 'nonsense');
    untyped.emit('no-such-event', { a: 1 });
    expect((await fetch(`${suite.server.url}/healthz`)).status).toBe(200);
    expect(await moderator.command('agenda.edit', { itemId: 'missing', title: 'x' })).toMatchObject({
      ok: false,
      error: { code: 'not_found' },
    });
  });

  it('a command without fields may leave its payload out', async () => {
    const { moderator, attendee } = await meetingWithEveryRole();
    const ack = await moderator.socket.timeout(5000).emitWithAck('command', { id: 'no-payload', type: 'floor.close' } as never);
    expect(ack).toEqual({ ok: true, version: 1 });
    const change = await attendee.changeWithVersion(1);
    expect(change.events.map((e) => e.type)).toEqual(['floor.closed']);
    // A command with required fields still needs them.
    const missing = await moderator.socket.timeout(5000).emitWithAck('command', { id: 'no-item', type: 'agenda.start' } as never);
    expect(missing).toMatchObject({ ok: false, error: { code: 'invalid' } });
  });

  it('applies the same command id once and answers the retry with the original version', async () => {
    const { moderator, attendee } = await meetingWithEveryRole();
    const [first] = itemIds(moderator);
    const first1 = await moderator.command('agenda.next', { expectedCurrentItemId: null }, 'retry-me');
    const again = await moderator.command('agenda.next', { expectedCurrentItemId: null }, 'retry-me');
    expect(first1).toEqual({ ok: true, version: 1 });
    expect(again).toEqual({ ok: true, version: 1, duplicate: true });
    // A retried add does not add twice either.
    await moderator.command('agenda.add', { title: 'Once', minutes: 3 }, 'add-once');
    expect(await moderator.command('agenda.add', { title: 'Once', minutes: 3 }, 'add-once')).toMatchObject({
      ok: true,
      duplicate: true,
    });
    await moderator.command('meeting.pause');
    await attendee.changeWithVersion(3);
    expect(attendee.changes).toHaveLength(3);
    const snapshot = await (await fetch(`${suite.server.url}/api/meetings/${attendee.welcome?.snapshot.meeting.id}`)).json();
    expect(snapshot.meeting.agenda.items.filter((item: { title: string }) => item.title === 'Once')).toHaveLength(1);
    expect(snapshot.meeting.agenda.currentItemId).toBe(first);
  });

  it('two moderators pressing next at once advance the agenda once; the other gets conflict', async () => {
    const { meeting, moderator } = await meetingWithEveryRole();
    const second = client({ meetingId: meeting.meetingId, moderatorKey: meeting.moderatorKey });
    await second.welcomed();
    await moderator.command('agenda.next', { expectedCurrentItemId: null });
    const current = itemIds(moderator)[0];
    const acks = await Promise.all([
      moderator.command('agenda.next', { expectedCurrentItemId: current }),
      second.command('agenda.next', { expectedCurrentItemId: current }),
    ]);
    expect(acks.filter((ack) => ack.ok)).toHaveLength(1);
    expect(acks.find((ack) => !ack.ok)).toMatchObject({ error: { code: 'conflict' } });
  });

  it('a client that missed changes resyncs from the log, or gets a snapshot when asked for too much', async () => {
    const { meeting, moderator } = await meetingWithEveryRole();
    const late = client({ meetingId: meeting.meetingId });
    const welcome = await late.welcomed();
    late.close();
    await moderator.command('agenda.next', {});
    await moderator.command('agenda.next', {});
    await moderator.command('meeting.pause');
    // Back again: the welcome brings the fresh snapshot, and the log fills in what happened meanwhile.
    const back = client({ meetingId: meeting.meetingId });
    const answer = await back.sync(welcome.snapshot.version);
    expect(answer.ok && answer.kind === 'changes' && answer.changes.map((c) => c.version)).toEqual([1, 2, 3]);
    expect((await back.welcomed()).snapshot.version).toBe(3);
    const future = await back.sync(99);
    expect(future.ok && future.kind === 'snapshot' && future.snapshot.version).toBe(3);
    const negative = await back.sync(-1);
    expect(negative).toMatchObject({ ok: false, error: { code: 'invalid' } });
  });

  it('answers clock requests with the server time', async () => {
    const { attendee } = await meetingWithEveryRole();
    const before = Date.now();
    const serverTime = await attendee.socket.timeout(5000).emitWithAck('clock');
    expect(serverTime).toBeGreaterThanOrEqual(before - 1000);
    expect(serverTime).toBeLessThanOrEqual(Date.now() + 1000);
  });
});
