import pino from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type PlenaryServer, startPlenary } from '../../server/app.js';
import { RedisStore } from '../../server/store/redis.js';
import type { CommandAck } from '../../shared/protocol.js';
import { TestClient } from '../support/client.js';
import { sampleBody } from '../support/meetings.js';
import { TestRedis } from '../support/redis.js';
import { serverForFile } from '../support/server.js';

// Windows of an hour: what is counted never depends on how fast this machine runs the test.
const HOUR = 3600;
const profile = { name: 'Amina', stakeholderGroup: 'government', attendance: 'remote' };

function register(url: string, meetingId: string, address?: string): Promise<Response> {
  const headers: Record<string, string> = { 'content-type': 'application/json' };
  // The test talks to the server over loopback, which is trusted to name the client (as a local proxy would).
  if (address) headers['x-forwarded-for'] = address;
  return fetch(`${url}/api/meetings/${meetingId}/participants`, { method: 'POST', headers, body: JSON.stringify(profile) });
}

function createMeeting(url: string, address: string): Promise<Response> {
  return fetch(`${url}/api/meetings`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', 'x-forwarded-for': address },
    body: JSON.stringify(sampleBody),
  });
}

/** A new meeting, created "from" an address of its own so that the per-address meeting limit stays out of the way. */
let meetingSerial = 0;
async function newMeeting(url: string): Promise<string> {
  const response = await createMeeting(url, `198.18.0.${++meetingSerial}`);
  return ((await response.json()) as { meetingId: string }).meetingId;
}

const limited = (acks: CommandAck[]) => acks.filter((ack) => !ack.ok && ack.error.code === 'rate_limited').length;

describe('rate limits on one instance', () => {
  const suite = serverForFile({
    limits: {
      commands: { points: 5, seconds: HOUR },
      meetingsPerAddress: { points: 2, seconds: HOUR },
      registrationsPerAddress: { points: 4, seconds: HOUR },
      registrationsPerMeeting: { points: 6, seconds: HOUR },
    },
  });

  it('ten sockets of one participant share one allowance; another participant has their own', async () => {
    const meetingId = await newMeeting(suite.server.url);
    const { token } = await (await register(suite.server.url, meetingId, '198.51.100.1')).json();
    const { token: other } = await (await register(suite.server.url, meetingId, '198.51.100.2')).json();
    const tabs = Array.from({ length: 10 }, () => suite.connect({ meetingId, token }));
    await Promise.all(tabs.map((tab) => tab.welcomed()));
    // Two commands from each tab: twenty in all, five allowed, whichever tabs they came from.
    const acks = await Promise.all(
      tabs.flatMap((tab) => [0, 1].map(() => tab.command('question.vote', { questionId: 'none', up: true }))),
    );
    expect(limited(acks)).toBe(15);
    for (const ack of acks.filter((a) => !(a.ok === false && a.error.code === 'rate_limited'))) {
      expect(ack).toMatchObject({ ok: false, error: { code: 'not_found' } });
    }
    const refusal = acks.find((ack) => !ack.ok && ack.error.code === 'rate_limited');
    expect(refusal?.ok === false && refusal.error.message).toMatch(/at most 5 commands/);
    // A new connection of the same participant gains nothing.
    const fresh = suite.connect({ meetingId, token });
    await fresh.welcomed();
    expect(limited([await fresh.command('floor.request', { type: 'new_topic' })])).toBe(1);
    // Someone else is not held back by it.
    const bruno = suite.connect({ meetingId, token: other });
    await bruno.welcomed();
    expect(await bruno.command('floor.request', { type: 'new_topic' })).toMatchObject({ ok: true });
  });

  it('a registration flood from one address gets 429 with Retry-After, and so does one into one meeting', async () => {
    const { url } = suite.server;
    const meetingId = await newMeeting(url);
    const flood = [];
    for (let i = 0; i < 6; i++) flood.push(await register(url, meetingId, '203.0.113.7'));
    expect(flood.map((response) => response.status)).toEqual([201, 201, 201, 201, 429, 429]);
    const refused = flood[4];
    const retryAfter = Number(refused?.headers.get('retry-after'));
    expect(retryAfter).toBeGreaterThan(0);
    expect(retryAfter).toBeLessThanOrEqual(HOUR);
    expect(await refused?.json()).toEqual({ error: { code: 'rate_limited', message: expect.stringMatching(/this address/) } });

    // From other addresses the meeting still takes people, up to its own limit (six; four are in).
    const spread = [];
    for (let i = 1; i <= 3; i++) spread.push((await register(url, meetingId, `192.0.2.${i}`)).status);
    expect(spread).toEqual([201, 201, 429]);
    // Made-up meetings are not counted per meeting, and another meeting has its own allowance.
    expect((await register(url, 'no-such-meeting', '192.0.2.50')).status).toBe(404);
    const next = await newMeeting(url);
    expect((await register(url, next, '192.0.2.60')).status).toBe(201);
  });

  it('limits meetings created per address', async () => {
    const statuses = [];
    for (let i = 0; i < 3; i++) statuses.push((await createMeeting(suite.server.url, '203.0.113.99')).status);
    expect(statuses).toEqual([201, 201, 429]);
    expect((await createMeeting(suite.server.url, '203.0.113.100')).status).toBe(201);
  });

  it('does not believe X-Forwarded-For from a client that is not a local proxy', async () => {
    const { clientAddress } = await import('../../server/security/client-address.js');
    const spoofed = { 'x-forwarded-for': '10.0.0.1, 10.0.0.2' };
    expect(clientAddress({ address: '198.51.100.9', headers: spoofed })).toBe('198.51.100.9');
    expect(clientAddress({ address: '127.0.0.1', headers: spoofed })).toBe('10.0.0.2');
    expect(clientAddress({ address: '::1', headers: { 'x-forwarded-for': '10.0.0.3, 127.0.0.1' } })).toBe('10.0.0.3');
    expect(clientAddress({ address: '::ffff:127.0.0.1', headers: {} })).toBe('::ffff:127.0.0.1');
  });
});

describe('rate limits across instances (Redis)', () => {
  const redis = new TestRedis();
  const instances: PlenaryServer[] = [];
  const stores: RedisStore[] = [];
  const clients: TestClient[] = [];

  beforeAll(async () => {
    await redis.start();
    for (let i = 0; i < 2; i++) {
      const store = new RedisStore(redis.url, () => undefined);
      stores.push(store);
      instances.push(
        await startPlenary({
          store,
          sharedStore: true,
          limitsRedis: store.redis,
          logger: pino({ level: 'silent' }),
          port: 0,
          host: '127.0.0.1',
          tokenSecret: 'a-token-secret-of-at-least-32-characters',
          limits: {
            commands: { points: 4, seconds: HOUR },
            registrationsPerAddress: { points: 3, seconds: HOUR },
          },
        }),
      );
    }
  }, 60_000);
  afterAll(async () => {
    for (const client of clients) client.close();
    for (const instance of instances) await instance.close();
    for (const store of stores) await store.close();
    await redis.destroy();
  });

  it('two instances draw from one allowance, for commands and for registrations', async () => {
    const [a, b] = instances;
    if (!a || !b) throw new Error('instances not started');
    const created = await createMeeting(a.url, '198.51.100.20');
    const { meetingId } = (await created.json()) as { meetingId: string };
    const { token } = await (await register(a.url, meetingId, '198.51.100.30')).json();
    const onA = new TestClient(a.url, { meetingId, token });
    const onB = new TestClient(b.url, { meetingId, token });
    clients.push(onA, onB);
    await Promise.all([onA.welcomed(), onB.welcomed()]);

    const vote = (client: TestClient) => client.command('question.vote', { questionId: 'none', up: true });
    const fromA = [await vote(onA), await vote(onA), await vote(onA)];
    expect(limited(fromA)).toBe(0);
    const fromB = [await vote(onB), await vote(onB), await vote(onB)];
    // One left after A's three: B gets it, then nothing; alone, B would have had four.
    expect(limited(fromB)).toBe(2);

    // Registrations from one address: one on A before, one on B, then the third anywhere is the last.
    expect((await register(b.url, meetingId, '198.51.100.30')).status).toBe(201);
    expect((await register(b.url, meetingId, '198.51.100.30')).status).toBe(201);
    const refused = await register(a.url, meetingId, '198.51.100.30');
    expect(refused.status).toBe(429);
    expect(Number(refused.headers.get('retry-after'))).toBeGreaterThan(0);
  });
});
