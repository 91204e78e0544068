import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadConfig } from '../../server/config.js';
import { RedisStore } from '../../server/store/redis.js';
import { SqliteStore } from '../../server/store/sqlite.js';
import type { MeetingStore } from '../../server/store/types.js';
import type { Change } from '../../shared/events.js';
import { applyEvents } from '../../shared/reducer.js';
import { TestClient } from '../support/client.js';
import { sampleMeeting } from '../support/meetings.js';
import { TestRedis } from '../support/redis.js';
import { startTestServer, type TestServer } from '../support/server.js';

const DAY_MS = 24 * 60 * 60 * 1000;

/** A meeting written straight into the store, ended `daysAgo` days ago (null: never ended). */
async function seed(store: MeetingStore, id: string, daysAgo: number | null): Promise<void> {
  const state = { ...sampleMeeting(), id };
  await store.createMeeting({ state, moderatorKeyHash: 'h' });
  if (daysAgo === null) return;
  const at = Date.now() - daysAgo * DAY_MS;
  const ending: Change = { meetingId: id, version: 1, at, events: [{ type: 'meeting.ended' }] };
  await store.commit(ending, applyEvents(state, ending.events, at), { sender: 'm:chair', id: `end-${id}` });
  await store.setVote(id, 'q1', 'alice', true);
}

const redis = new TestRedis();
beforeAll(async () => {
  await redis.start();
});
afterAll(async () => {
  await redis.destroy();
});

const stores: [string, () => Promise<MeetingStore>][] = [
  ['SQLite', async () => new SqliteStore(null)],
  [
    'Redis',
    async () => {
      const store = new RedisStore(redis.url, () => undefined);
      await store.redis.flushdb();
      return store;
    },
  ],
];

describe.each(stores)('deletion and retention on %s', (_name, open) => {
  let server: TestServer;
  const clients: TestClient[] = [];
  const connect = (auth: Record<string, unknown>) => {
    const client = new TestClient(server.url, auth);
    clients.push(client);
    return client;
  };

  beforeAll(async () => {
    const store = await open();
    await seed(store, 'ended-long-ago', 91);
    await seed(store, 'ended-lately', 89);
    await seed(store, 'never-ended', null);
    server = await startTestServer({ store, idleGraceMs: 200 });
  });
  afterAll(async () => {
    for (const client of clients) client.close();
    await server.stop();
  });

  it('deletes at start the meetings ended more than RETENTION_DAYS ago, with their votes, and keeps the others', async () => {
    expect(await server.store.loadMeeting('ended-long-ago')).toBeNull();
    expect(await server.store.voteCounts('ended-long-ago')).toEqual({});
    expect((await server.store.loadMeeting('ended-lately'))?.meeting.status).toBe('ended');
    expect(await server.store.voteCounts('ended-lately')).toEqual({ q1: 1 });
    expect(await server.store.loadMeeting('never-ended')).not.toBeNull();
  });

  it('the periodic sweep deletes a meeting once it is past retention, and tells its clients', async () => {
    await seed(server.store, 'ended-just-past', 90.01);
    const attendee = connect({ meetingId: 'ended-just-past' });
    await attendee.welcomed();
    const notices: unknown[] = [];
    attendee.socket.on('meetingDeleted', (notice) => notices.push(notice));
    expect(await server.sweepRetention()).toEqual(['ended-just-past']);
    await attendee.waitFor('disconnect', () => !attendee.socket.connected);
    expect(notices).toEqual([{ meetingId: 'ended-just-past' }]);
    expect(await server.store.loadMeeting('ended-just-past')).toBeNull();
    expect(await server.sweepRetention()).toEqual([]);
  });

  it('DELETE /api/meetings/:id with the moderator key deletes the meeting now and disconnects its clients', async () => {
    const meeting = await server.createMeeting();
    const { token } = await server.register(meeting.meetingId);
    const chair = connect({ meetingId: meeting.meetingId, moderatorKey: meeting.moderatorKey });
    const delegate = connect({ meetingId: meeting.meetingId, token });
    const display = connect({ meetingId: meeting.meetingId, display: true });
    await Promise.all([chair.welcomed(), delegate.welcomed(), display.welcomed()]);
    const asked = await delegate.command('question.ask', { text: 'Who keeps the record of this meeting?' });
    expect(asked).toMatchObject({ ok: true });
    const notices: unknown[] = [];
    const reasons: string[] = [];
    for (const client of [chair, delegate, display]) {
      client.socket.on('meetingDeleted', (notice) => notices.push(notice));
      client.socket.on('disconnect', (reason) => reasons.push(reason));
    }
    const url = `${server.url}/api/meetings/${meeting.meetingId}`;
    const del = (authorization?: string) => fetch(url, { method: 'DELETE', headers: authorization ? { authorization } : {} });

    const missing = await del();
    expect(missing.status).toBe(401);
    expect(missing.headers.get('www-authenticate')).toBe('Bearer');
    expect(await missing.json()).toMatchObject({ error: { code: 'unauthorized' } });
    const wrong = await del('Bearer not-the-key');
    expect(wrong.status).toBe(401);
    expect(await wrong.json()).toMatchObject({ error: { code: 'unauthorized' } });
    const unknown = await fetch(`${server.url}/api/meetings/no-such-meeting`, {
      method: 'DELETE',
      headers: { authorization: `Bearer ${meeting.moderatorKey}` },
    });
    expect(unknown.status).toBe(404);
    expect(await unknown.json()).toMatchObject({ error: { code: 'not_found' } });
    expect((await fetch(url)).status).toBe(200);

    const deleted = await del(`Bearer ${meeting.moderatorKey}`);
    expect(deleted.status).toBe(204);
    for (const client of [chair, delegate, display]) await client.waitFor('disconnect', () => !client.socket.connected);
    expect(notices).toEqual(Array(3).fill({ meetingId: meeting.meetingId }));
    expect(reasons).toEqual(Array(3).fill('io server disconnect'));

    expect((await fetch(url)).status).toBe(404);
    expect((await del(`Bearer ${meeting.moderatorKey}`)).status).toBe(404);
    expect(await server.store.loadMeeting(meeting.meetingId)).toBeNull();
    expect(await server.store.changesSince(meeting.meetingId, 0, 10)).toBeNull();
    const again = connect({ meetingId: meeting.meetingId, moderatorKey: meeting.moderatorKey });
    expect(await again.refused()).toMatchObject({ code: 'not_found' });
  });
});

describe('RETENTION_DAYS', () => {
  it('defaults to 90 days, takes a whole number of days (0 keeps meetings), and refuses anything else', () => {
    expect(loadConfig({}).RETENTION_DAYS).toBe(90);
    expect(loadConfig({ RETENTION_DAYS: '30' }).RETENTION_DAYS).toBe(30);
    expect(loadConfig({ RETENTION_DAYS: '0' }).RETENTION_DAYS).toBe(0);
    expect(() => loadConfig({ RETENTION_DAYS: 'ninety' })).toThrow(/RETENTION_DAYS/);
    expect(() => loadConfig({ RETENTION_DAYS: '-1' })).toThrow(/RETENTION_DAYS/);
    expect(loadConfig({ MEETING_IDLE_SECONDS: '60' }).MEETING_IDLE_SECONDS).toBe(60);
    expect(() => loadConfig({ MEETING_IDLE_SECONDS: '0' })).toThrow(/MEETING_IDLE_SECONDS/);
  });
});
