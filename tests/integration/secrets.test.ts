import pino from 'pino';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { type PlenaryServer, startPlenary } from '../../server/app.js';
import { DEFAULT_TOKEN_TTL_MS, ParticipantTokens } from '../../server/auth/secrets.js';
import { SqliteStore } from '../../server/store/sqlite.js';
import { PROTOCOL_VERSION } from '../../shared/protocol.js';
import { TestClient } from '../support/client.js';
import { sampleBody } from '../support/meetings.js';
import type { CreatedMeeting } from '../support/server.js';

const SECRET = 'current-secret-current-secret-0123456789';
const PREVIOUS_SECRET = 'previous-secret-previous-secret-012345';
const METRICS_TOKEN = 'metrics-token-0123456789';

const alice = {
  name: 'Alice',
  affiliation: 'Kenya',
  stakeholderGroup: 'government',
  attendance: 'remote',
} as const;

let server: PlenaryServer;
let store: SqliteStore;
const clients: TestClient[] = [];
const connect = (auth: Record<string, unknown>) => {
  const client = new TestClient(server.url, auth);
  clients.push(client);
  return client;
};

beforeAll(async () => {
  store = new SqliteStore(null);
  server = await startPlenary({
    store,
    logger: pino({ level: 'silent' }),
    port: 0,
    host: '127.0.0.1',
    tokenSecret: SECRET,
    previousTokenSecret: PREVIOUS_SECRET,
    metricsToken: METRICS_TOKEN,
    presenceIntervalMs: 100,
  });
});
afterEach(() => {
  for (const client of clients.splice(0)) client.close();
});
afterAll(async () => {
  await server.close();
  await store.close();
});

async function createMeeting(): Promise<CreatedMeeting> {
  const response = await fetch(`${server.url}/api/meetings`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(sampleBody),
  });
  expect(response.status).toBe(201);
  return (await response.json()) as CreatedMeeting;
}

const replaceKey = (meetingId: string, authorization?: string) =>
  fetch(`${server.url}/api/meetings/${meetingId}/moderator-key`, {
    method: 'POST',
    headers: authorization === undefined ? {} : { authorization },
  });

describe('protocol versions', () => {
  it('refuses a client of another version with incompatible, and accepts this one and one that declares none', async () => {
    const { meetingId } = await createMeeting();
    for (const protocolVersion of [PROTOCOL_VERSION + 1, 0, '1', null]) {
      // Another version may carry other fields too: it is still told it is incompatible, not invalid.
      const refused = await connect({ meetingId, protocolVersion, somethingNew: true }).refused();
      expect(refused.code).toBe('incompatible');
      expect(refused.message).toMatch(/protocol version 1/);
    }
    expect((await connect({ meetingId, protocolVersion: PROTOCOL_VERSION }).welcomed()).role).toBe('attendee');
    // No version: a client from before versions existed, which spoke version 1.
    expect((await connect({ meetingId }).welcomed()).role).toBe('attendee');
  });

  it('answers a sync that asks for a snapshot with one, even when the log holds the changes', async () => {
    const { meetingId, moderatorKey } = await createMeeting();
    const chair = connect({ meetingId, moderatorKey });
    await chair.welcomed();
    expect(await chair.command('agenda.next', {})).toMatchObject({ ok: true, version: 1 });
    expect(await chair.sync(0)).toMatchObject({ ok: true, kind: 'changes' });
    const answer = await chair.socket.timeout(10_000).emitWithAck('sync', { sinceVersion: 0, snapshot: true });
    expect(answer).toMatchObject({ ok: true, kind: 'snapshot', snapshot: { version: 1 } });
    // A malformed request is still a coded error, not a crash.
    const bad = await chair.socket.timeout(10_000).emitWithAck('sync', null as never);
    expect(bad).toMatchObject({ ok: false, error: { code: 'invalid' } });
  });
});

describe('participant tokens', () => {
  const register = async (meetingId: string) => {
    const response = await fetch(`${server.url}/api/meetings/${meetingId}/participants`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify(alice),
    });
    expect(response.status).toBe(201);
    return (await response.json()) as { token: string; participant: { id: string } };
  };

  it('are refused once expired, with a reason the page can act on', async () => {
    const { meetingId } = await createMeeting();
    const { participant } = await register(meetingId);
    const issuedLongAgo = new ParticipantTokens(
      { current: SECRET },
      DEFAULT_TOKEN_TTL_MS,
      () => Date.now() - DEFAULT_TOKEN_TTL_MS - 1,
    );
    const expired = issuedLongAgo.issue(meetingId, { id: participant.id, ...alice });
    const refused = await connect({ meetingId, token: expired }).refused();
    expect(refused).toMatchObject({ code: 'unauthorized', reason: 'expired' });
    expect(refused.message).toMatch(/expired/);
  });

  it('signed by the previous secret are accepted after a rotation; new ones are signed by the current secret', async () => {
    const { meetingId } = await createMeeting();
    const { participant, token } = await register(meetingId);
    const beforeRotation = new ParticipantTokens({ current: PREVIOUS_SECRET }).issue(meetingId, { id: participant.id, ...alice });
    const welcome = await connect({ meetingId, token: beforeRotation }).welcomed();
    expect(welcome).toMatchObject({ role: 'participant', self: { id: participant.id } });
    expect(new ParticipantTokens({ current: SECRET }).verify(meetingId, token)).toMatchObject({ id: participant.id });
    const unknownSecret = new ParticipantTokens({ current: 'x'.repeat(40) }).issue(meetingId, { id: participant.id, ...alice });
    const refused = await connect({ meetingId, token: unknownSecret }).refused();
    expect(refused.code).toBe('unauthorized');
    expect(refused).not.toHaveProperty('reason');
  });
});

describe('moderator key replacement', () => {
  it('hands out a new key and link; the old key stops working and its connections are closed at once', async () => {
    const { meetingId, moderatorKey } = await createMeeting();
    const chair = connect({ meetingId, moderatorKey });
    const secondScreen = connect({ meetingId, moderatorKey });
    const attendee = connect({ meetingId });
    await Promise.all([chair.welcomed(), secondScreen.welcomed(), attendee.welcomed()]);

    const response = await replaceKey(meetingId, `Bearer ${moderatorKey}`);
    expect(response.status).toBe(200);
    const replaced = (await response.json()) as { moderatorKey: string; links: { moderate: string } };
    expect(replaced.moderatorKey).not.toBe(moderatorKey);
    expect(replaced.links.moderate).toBe(`http://127.0.0.1:${server.port}/m/${meetingId}/moderate#key=${replaced.moderatorKey}`);

    await chair.waitFor('the old key disconnected', () => !chair.socket.connected);
    await secondScreen.waitFor('the old key disconnected', () => !secondScreen.socket.connected);
    expect(attendee.socket.connected).toBe(true);

    expect((await connect({ meetingId, moderatorKey }).refused()).code).toBe('unauthorized');
    expect((await connect({ meetingId, moderatorKey: replaced.moderatorKey }).welcomed()).role).toBe('moderator');
    expect((await replaceKey(meetingId, `Bearer ${moderatorKey}`)).status).toBe(401);
  });

  it('needs the current key, answers 404 for an unknown meeting, and lets one of two simultaneous replacements win', async () => {
    const { meetingId, moderatorKey } = await createMeeting();
    const missing = await replaceKey(meetingId);
    expect(missing.status).toBe(401);
    expect(await missing.json()).toMatchObject({ error: { code: 'unauthorized' } });
    expect((await replaceKey(meetingId, 'Bearer wrong-key')).status).toBe(401);
    expect((await replaceKey('no-such-meeting', `Bearer ${moderatorKey}`)).status).toBe(404);

    const statuses = (await Promise.all([1, 2, 3].map(() => replaceKey(meetingId, `Bearer ${moderatorKey}`)))).map(
      (r) => r.status,
    );
    expect(statuses.filter((status) => status === 200)).toHaveLength(1);
    expect(statuses.filter((status) => status === 401)).toHaveLength(2);
  });
});

describe('HTTP doors', () => {
  it('serves /metrics only with the bearer token', async () => {
    const without = await fetch(`${server.url}/metrics`);
    expect(without.status).toBe(401);
    expect(without.headers.get('www-authenticate')).toMatch(/^Bearer/);
    expect(await without.json()).toMatchObject({ error: { code: 'unauthorized' } });
    expect((await fetch(`${server.url}/metrics`, { headers: { authorization: 'Bearer wrong' } })).status).toBe(401);
    const withToken = await fetch(`${server.url}/metrics`, { headers: { authorization: `Bearer ${METRICS_TOKEN}` } });
    expect(withToken.status).toBe(200);
    expect(await withToken.text()).toMatch(/plenary_connected_clients/);
  });

  it('turns /metrics off when no token is configured', async () => {
    const bareStore = new SqliteStore(null);
    const bare = await startPlenary({ store: bareStore, logger: pino({ level: 'silent' }), port: 0, host: '127.0.0.1' });
    try {
      const response = await fetch(`${bare.url}/metrics`);
      expect(response.status).toBe(404);
      expect(await response.json()).toMatchObject({ error: { code: 'not_found' } });
    } finally {
      await bare.close();
      await bareStore.close();
    }
  });

  it("lets pages connect to this origin only: connect-src is 'self', no ws: wildcard", async () => {
    const csp = (await fetch(`${server.url}/healthz`)).headers.get('content-security-policy') ?? '';
    const connectSrc = csp.split(';').find((directive) => directive.trim().startsWith('connect-src'));
    expect(connectSrc?.trim()).toBe("connect-src 'self'");

    const proxiedStore = new SqliteStore(null);
    const behindProxy = await startPlenary({
      store: proxiedStore,
      logger: pino({ level: 'silent' }),
      port: 0,
      host: '127.0.0.1',
      publicUrl: 'https://plenary.example.org',
    });
    try {
      const header = (await fetch(`${behindProxy.url}/healthz`)).headers.get('content-security-policy') ?? '';
      expect(header).toMatch(/connect-src 'self' wss:\/\/plenary\.example\.org(;|$)/);
    } finally {
      await behindProxy.close();
      await proxiedStore.close();
    }
  });
});
