import { describe, expect, it } from 'vitest';
import type { TestClient } from '../support/client.js';
import { type CreatedMeeting, serverForFile } from '../support/server.js';

const suite = serverForFile({ commandsPerSecond: 1000 });

async function connected(auth: Record<string, unknown>): Promise<TestClient> {
  const client = suite.connect(auth);
  await client.welcomed();
  return client;
}

async function converge(version: number, ...everyone: TestClient[]): Promise<void> {
  await Promise.all(everyone.map((c) => c.waitFor(`version ${version}`, () => c.version() >= version)));
}

function links(meeting: CreatedMeeting, key = meeting.moderatorKey, init: RequestInit = {}, linkId = '') {
  return fetch(`${suite.server.url}/api/meetings/${meeting.meetingId}/moderator-links${linkId ? `/${linkId}` : ''}`, {
    ...init,
    headers: { 'content-type': 'application/json', authorization: `Bearer ${key}` },
  });
}

interface NewLink {
  link: { id: string; label: string; role: string; revokedAt: number | null };
  moderatorKey: string;
  url: string;
}

async function createLink(meeting: CreatedMeeting, label: string, role: string): Promise<NewLink> {
  const response = await links(meeting, meeting.moderatorKey, { method: 'POST', body: JSON.stringify({ label, role }) });
  expect(response.status).toBe(201);
  return (await response.json()) as NewLink;
}

describe('co-moderator links', () => {
  it('a co-chair acts under its label; moderators see who, others do not; the remote desk may not touch the agenda', async () => {
    const meeting = await suite.server.createMeeting();
    const secretariat = await createLink(meeting, 'Secretariat', 'co_chair');
    const desk = await createLink(meeting, 'Remote desk', 'remote_moderator');
    expect(secretariat.url).toContain(`#key=${secretariat.moderatorKey}`);
    expect(JSON.stringify(secretariat.link)).not.toContain('keyHash');

    const chair = await connected({ meetingId: meeting.meetingId, moderatorKey: meeting.moderatorKey });
    const coChair = await connected({ meetingId: meeting.meetingId, moderatorKey: secretariat.moderatorKey });
    const remoteDesk = await connected({ meetingId: meeting.meetingId, moderatorKey: desk.moderatorKey });
    const attendee = await connected({ meetingId: meeting.meetingId });
    expect(await coChair.welcomed()).toMatchObject({
      role: 'moderator',
      moderator: { linkId: secretariat.link.id, label: 'Secretariat', role: 'co_chair' },
    });

    const inscribed = await coChair.command('floor.inscribe', {
      person: { name: 'Delegate of Chile', stakeholderGroup: 'government', attendance: 'in_room' },
      type: 'new_topic',
    });
    expect(inscribed).toMatchObject({ ok: true, version: 1 });
    const seenByChair = await chair.changeWithVersion(1);
    expect(seenByChair.by).toEqual({ linkId: secretariat.link.id, label: 'Secretariat', role: 'co_chair' });
    const seenByAttendee = await attendee.changeWithVersion(1);
    expect(seenByAttendee.by).toBeUndefined();
    expect(chair.state().floor.queue[0]).toMatchObject({ name: 'Delegate of Chile', addedBy: 'Secretariat' });
    // Everybody else sees an inscribed entry as the chair's, without the helper's label.
    expect(attendee.state().floor.queue[0]).toMatchObject({ name: 'Delegate of Chile', addedBy: 'chair' });

    expect(await remoteDesk.command('agenda.next', {})).toMatchObject({ ok: false, error: { code: 'forbidden' } });
    expect(await coChair.command('meeting.end', {})).toMatchObject({ ok: false, error: { code: 'forbidden' } });
    expect(await remoteDesk.command('floor.grant', { expectedCurrentEntryId: null })).toMatchObject({ ok: true });

    // The record keeps who made each change.
    const replay = await chair.sync(0);
    expect(replay.ok && replay.kind === 'changes' && replay.changes.map((c) => c.by?.label)).toEqual([
      'Secretariat',
      'Remote desk',
    ]);
    for (const c of [chair, coChair, remoteDesk, attendee]) c.close();
  });

  it('only the chair manages links; a revoked link is disconnected at once and refused afterwards; revoking twice is a conflict', async () => {
    const meeting = await suite.server.createMeeting();
    const desk = await createLink(meeting, 'Remote desk', 'remote_moderator');
    expect((await links(meeting, desk.moderatorKey)).status).toBe(403);
    expect((await links(meeting, 'wrong-key')).status).toBe(401);
    expect((await links(meeting, meeting.moderatorKey, { method: 'POST', body: '{"label":"","role":"chair"}' })).status).toBe(
      400,
    );
    // "chair" names the chair in the log: a link so named would pass for the chair in records and undo offers.
    const chairNamed = await links(meeting, meeting.moderatorKey, {
      method: 'POST',
      body: JSON.stringify({ label: ' Chair ', role: 'co_chair' }),
    });
    expect(chairNamed.status).toBe(400);
    expect((await chairNamed.json()).error.issues).toMatchObject([{ path: 'label' }]);

    const remoteDesk = await connected({ meetingId: meeting.meetingId, moderatorKey: desk.moderatorKey });
    const dropped = new Promise<string>((resolve) => remoteDesk.socket.once('disconnect', (reason) => resolve(reason)));
    const revoked = await links(meeting, meeting.moderatorKey, { method: 'DELETE' }, desk.link.id);
    expect(revoked.status).toBe(200);
    expect(await dropped).toBe('io server disconnect');

    const again = suite.connect({ meetingId: meeting.meetingId, moderatorKey: desk.moderatorKey });
    expect(await again.refused()).toMatchObject({ code: 'unauthorized' });
    again.close();

    const twice = await links(meeting, meeting.moderatorKey, { method: 'DELETE' }, desk.link.id);
    expect(twice.status).toBe(409);
    expect(await twice.json()).toMatchObject({ error: { code: 'invalid_state' } });
    expect((await links(meeting, meeting.moderatorKey, { method: 'DELETE' }, 'nope')).status).toBe(404);

    const listed = (await (await links(meeting)).json()) as { links: NewLink['link'][] };
    expect(listed.links).toHaveLength(1);
    expect(listed.links[0]?.revokedAt).toEqual(expect.any(Number));
    // The header these routes took first still works; a revoked link's key in it is still refused.
    const legacy = (key: string) =>
      fetch(`${suite.server.url}/api/meetings/${meeting.meetingId}/moderator-links`, { headers: { 'x-moderator-key': key } });
    expect((await legacy(meeting.moderatorKey)).status).toBe(200);
    expect((await legacy(desk.moderatorKey)).status).toBe(401);
    remoteDesk.close();
  });
});

describe('a one-time link for a person inscribed without a device', () => {
  it('any moderator makes it; it yields that participant once; forged or reused links are refused', async () => {
    const meeting = await suite.server.createMeeting();
    const chair = await connected({ meetingId: meeting.meetingId, moderatorKey: meeting.moderatorKey });
    await chair.command('floor.inscribe', {
      person: { name: 'Delegate of Chile', stakeholderGroup: 'government', attendance: 'in_room' },
      type: 'new_topic',
    });
    await converge(1, chair);
    const participantId = chair.state().floor.queue[0]?.participantId ?? '';
    const api = `${suite.server.url}/api/meetings/${meeting.meetingId}`;
    const post = (path: string, body: unknown, key?: string) =>
      fetch(`${api}${path}`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', ...(key ? { authorization: `Bearer ${key}` } : {}) },
        body: JSON.stringify(body),
      });
    expect((await post(`/participants/${participantId}/claim-link`, {})).status).toBe(401);
    expect((await post('/participants/nobody/claim-link', {}, meeting.moderatorKey)).status).toBe(404);
    const made = await post(`/participants/${participantId}/claim-link`, {}, meeting.moderatorKey);
    expect(made.status).toBe(201);
    const { url } = (await made.json()) as { url: string };
    const code = url.split('#claim=')[1] ?? '';

    expect((await post('/claims', { code: `${code}x` })).status).toBe(400);
    const claimed = await post('/claims', { code });
    expect(claimed.status).toBe(201);
    const { token } = (await claimed.json()) as { token: string };
    expect((await post('/claims', { code })).status).toBe(409);

    const phone = await connected({ meetingId: meeting.meetingId, token });
    expect(phone.welcome?.self).toMatchObject({ id: participantId, name: 'Delegate of Chile', attendance: 'in_room' });
    // The phone is that person: it may withdraw the request the chair made for them.
    const entryId = phone.state().floor.queue[0]?.id;
    expect(await phone.command('floor.withdraw', { entryId })).toMatchObject({ ok: true });
    chair.close();
    phone.close();
  });
});

describe('undo with real clients', () => {
  it('a removed speaker comes back at the same place on every screen; a second undo is refused', async () => {
    const meeting = await suite.server.createMeeting();
    const chair = await connected({ meetingId: meeting.meetingId, moderatorKey: meeting.moderatorKey });
    const attendee = await connected({ meetingId: meeting.meetingId });
    for (const name of ['Amina', 'Bruno', 'Chen']) {
      const ack = await chair.command('floor.inscribe', {
        person: { name, stakeholderGroup: 'government', attendance: 'remote' },
        type: 'new_topic',
      });
      expect(ack).toMatchObject({ ok: true });
    }
    await converge(3, chair, attendee);
    const before = attendee.state().floor.queue.map((entry) => entry.name);
    const bruno = chair.state().floor.queue[1]?.id;
    expect(await chair.command('floor.remove', { entryId: bruno })).toMatchObject({ ok: true, version: 4 });
    await converge(4, chair, attendee);
    expect(attendee.state().floor.queue.map((entry) => entry.name)).toEqual(['Amina', 'Chen']);
    const offer = chair.state().undo.at(-1);
    expect(offer).toMatchObject({ kind: 'floor.remove', index: 1 });

    expect(await chair.command('meeting.undo', { undoId: offer?.id })).toMatchObject({ ok: true, version: 5 });
    await converge(5, chair, attendee);
    expect(attendee.state().floor.queue.map((entry) => entry.name)).toEqual(before);
    expect(chair.state().floor.queue.map((entry) => entry.name)).toEqual(before);
    expect(await chair.command('meeting.undo', { undoId: offer?.id })).toMatchObject({
      ok: false,
      error: { code: 'not_found' },
    });
    chair.close();
    attendee.close();
  });
});
