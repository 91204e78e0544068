import { Redis } from 'ioredis';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { redisKeys } from '../../server/store/redis.js';
import { TestClient } from '../support/client.js';
import { sampleBody } from '../support/meetings.js';
import { counterValues, metricsHeaders, type ServerProcess, spawnServer } from '../support/process.js';
import { TestRedis } from '../support/redis.js';

const redis = new TestRedis();
const processes: ServerProcess[] = [];
const clients: TestClient[] = [];

async function instances(count: number, adapter = 'sharded'): Promise<ServerProcess[]> {
  const started = await Promise.all(
    Array.from({ length: count }, (_, i) =>
      spawnServer({ REDIS_URL: redis.url, SOCKET_ADAPTER: adapter, INSTANCE_ID: `test-${i}`, COMMANDS_PER_SECOND: '1000' }),
    ),
  );
  processes.push(...started);
  return started;
}

function connect(server: ServerProcess, auth: Record<string, unknown>): TestClient {
  const client = new TestClient(server.url, auth);
  clients.push(client);
  return client;
}

async function createMeeting(server: ServerProcess) {
  const response = await fetch(`${server.url}/api/meetings`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(sampleBody),
  });
  expect(response.status).toBe(201);
  return (await response.json()) as { meetingId: string; moderatorKey: string };
}

async function register(server: ServerProcess, meetingId: string, name: string, attendance: 'in_room' | 'remote') {
  const response = await fetch(`${server.url}/api/meetings/${meetingId}/participants`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ name, stakeholderGroup: 'civil_society', attendance }),
  });
  return ((await response.json()) as { token: string }).token;
}

/** Polls /readyz (every 100 ms, at most 15 s) until the instance reaches its store again. */
async function untilReady(url: string): Promise<void> {
  const deadline = Date.now() + 15_000;
  while (Date.now() < deadline) {
    if ((await fetch(`${url}/readyz`)).status === 200) return;
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  throw new Error(`${url} did not become ready`);
}

/** A counter of an instance's /metrics, summed over the given label values (all when none). */
async function counter(url: string, name: string, labels: string[] = []): Promise<number> {
  const values = Object.entries(await counterValues(url, name));
  return values.reduce(
    (sum, [key, value]) => (labels.length === 0 || labels.some((label) => key.includes(label)) ? sum + value : sum),
    0,
  );
}

const atVersion = (c: TestClient, version: number, timeoutMs = 10_000) =>
  c.waitFor(`version ${version}`, () => c.version() >= version, timeoutMs);

beforeAll(async () => {
  await redis.start();
});
afterEach(async () => {
  for (const c of clients.splice(0)) c.close();
  for (const p of processes.splice(0)) await p.kill('SIGKILL');
  if (!redis.running) await redis.start(redis.port);
});
afterAll(async () => {
  await redis.destroy();
});

describe('several instances sharing one Redis', () => {
  it('clients on different instances follow the same meeting, with presence counted across instances', async () => {
    const [a, b, c] = await instances(3);
    if (!a || !b || !c) throw new Error('instances missing');
    const meeting = await createMeeting(a);
    const moderator = connect(a, { meetingId: meeting.meetingId, moderatorKey: meeting.moderatorKey });
    const attendee = connect(b, { meetingId: meeting.meetingId });
    const remote = connect(c, { meetingId: meeting.meetingId, token: await register(c, meeting.meetingId, 'Amina', 'remote') });
    await Promise.all([moderator.welcomed(), attendee.welcomed(), remote.welcomed()]);
    for (let i = 0; i < 5; i++)
      expect(await moderator.command('agenda.add', { title: `Item ${i}`, minutes: 5 })).toMatchObject({
        ok: true,
        version: i + 1,
      });
    await Promise.all([atVersion(attendee, 5), atVersion(remote, 5), atVersion(moderator, 5)]);
    expect(attendee.changes.map((change) => change.version)).toEqual([1, 2, 3, 4, 5]);
    expect(remote.state()).toEqual(moderator.state());
    await moderator.waitFor('presence from all instances', () =>
      moderator.presence.find((p) => p.attendees === 1 && p.remote === 1 && p.moderators === 1),
    );
    // A snapshot read on any instance is the current one.
    const fromC = await (await fetch(`${c.url}/api/meetings/${meeting.meetingId}`)).json();
    expect(fromC.version).toBe(5);
    const metrics = await (await fetch(`${a.url}/metrics`, { headers: metricsHeaders })).text();
    expect(metrics).toMatch(/plenary_commands_total\{type="agenda.add",result="ok",instance="test-0"\} 5/);
  });

  it('two moderators on two instances acting at the same moment lose nothing and never share a version', async () => {
    const [a, b] = await instances(2);
    if (!a || !b) throw new Error('instances missing');
    const meeting = await createMeeting(a);
    const first = connect(a, { meetingId: meeting.meetingId, moderatorKey: meeting.moderatorKey });
    const second = connect(b, { meetingId: meeting.meetingId, moderatorKey: meeting.moderatorKey });
    await Promise.all([first.welcomed(), second.welcomed()]);
    const acks = await Promise.all(
      Array.from({ length: 25 }, (_, i) => [
        first.command('agenda.add', { title: `A${i}`, minutes: 1 }),
        second.command('agenda.add', { title: `B${i}`, minutes: 1 }),
      ]).flat(),
    );
    expect(acks.every((ack) => ack.ok)).toBe(true);
    const versions = acks.map((ack) => (ack.ok ? ack.version : -1));
    expect(new Set(versions).size).toBe(50);
    expect([...versions].sort((x, y) => x - y)).toEqual(Array.from({ length: 50 }, (_, i) => i + 1));
    await Promise.all([atVersion(first, 50), atVersion(second, 50)]);
    expect(first.state().agenda.items).toHaveLength(3 + 50);
    expect(first.state()).toEqual(second.state());
    // Pressing "next" on both at once advances once.
    const race = await Promise.all([
      first.command('agenda.next', { expectedCurrentItemId: null }),
      second.command('agenda.next', { expectedCurrentItemId: null }),
    ]);
    expect(race.filter((ack) => ack.ok)).toHaveLength(1);
    expect(race.find((ack) => !ack.ok)).toMatchObject({ error: { code: 'conflict' } });
  });

  it('when an instance is killed, its clients reconnect to another and converge; nothing acknowledged is lost', async () => {
    const [a, b] = await instances(2);
    if (!a || !b) throw new Error('instances missing');
    const meeting = await createMeeting(b);
    const onB = connect(b, { meetingId: meeting.meetingId });
    const moderator = connect(a, { meetingId: meeting.meetingId, moderatorKey: meeting.moderatorKey });
    await Promise.all([onB.welcomed(), moderator.welcomed()]);
    const acked: number[] = [];
    for (let i = 0; i < 10; i++) {
      const ack = await moderator.command('agenda.add', { title: `Before the crash ${i}`, minutes: 2 });
      if (ack.ok) acked.push(ack.version);
    }
    expect(acked).toHaveLength(10);
    await a.kill('SIGKILL');
    // The moderator comes back through the other instance.
    const back = connect(b, { meetingId: meeting.meetingId, moderatorKey: meeting.moderatorKey });
    const welcome = await back.welcomed();
    expect(welcome.snapshot.version).toBe(10);
    expect(await back.command('agenda.add', { title: 'After the crash', minutes: 2 })).toMatchObject({ ok: true, version: 11 });
    await Promise.all([atVersion(onB, 11), atVersion(back, 11)]);
    expect(onB.state()).toEqual(back.state());
    expect(onB.state().agenda.items.map((item) => item.title)).toContain('Before the crash 9');
  });

  it("three instances: one writer decides the meeting's commands; killed mid-stream, the others take over and nothing acknowledged is lost", async () => {
    const servers = await instances(3);
    const meeting = await createMeeting(servers[0] as ServerProcess);
    const moderators = servers.map((server) =>
      connect(server, { meetingId: meeting.meetingId, moderatorKey: meeting.moderatorKey }),
    );
    await Promise.all(moderators.map((moderator) => moderator.welcomed()));
    const burst = (senders: TestClient[], label: string) =>
      Promise.all(
        senders.flatMap((moderator, j) =>
          Array.from({ length: 15 }, (_, i) => moderator.command('agenda.add', { title: `${label} ${j}-${i}`, minutes: 1 })),
        ),
      );
    const first = await burst(moderators, 'First');
    expect(first.every((ack) => ack.ok)).toBe(true);
    expect(new Set(first.map((ack) => (ack.ok ? ack.version : -1))).size).toBe(45);

    // One instance holds the meeting's writer lease; the other two sent their 30 commands to it.
    const probe = new Redis(redis.url);
    const writerId = await probe.get(redisKeys(meeting.meetingId).writer);
    probe.disconnect();
    const writerIndex = servers.findIndex((_, i) => writerId?.startsWith(`test-${i}-`));
    expect(writerIndex).toBeGreaterThanOrEqual(0);
    const forwarded = await Promise.all(servers.map((server) => counter(server.url, 'plenary_forwarded_commands_total')));
    const fallbacks = await Promise.all(
      servers.map((server) => counter(server.url, 'plenary_forwarded_commands_total', ['no_writer', 'timeout', 'failed'])),
    );
    expect(forwarded[writerIndex]).toBe(0);
    expect(forwarded.reduce((sum, n) => sum + n, 0)).toBe(30);
    const lostRaces = await Promise.all(servers.map((server) => counter(server.url, 'plenary_commit_conflicts_total')));
    // Only a command decided outside the writer (its answer late on a loaded machine) can lose a race.
    if (fallbacks.every((n) => n === 0)) expect(lostRaces).toEqual([0, 0, 0]);

    // The writer dies while the others' commands stream in: theirs are decided there or, unanswered, here.
    const survivors = moderators.filter((_, i) => i !== writerIndex);
    const second = burst(survivors, 'Second');
    await (servers[writerIndex] as ServerProcess).kill('SIGKILL');
    const acks = await second;
    expect(acks.filter((ack) => !ack.ok)).toEqual([]);
    const versions = acks.map((ack) => (ack.ok ? ack.version : -1)).sort((x, y) => x - y);
    expect(versions).toEqual(Array.from({ length: 30 }, (_, i) => 46 + i));
    // A change the writer committed but had not broadcast when it was killed reaches them as it reaches
    // a browser: by asking for the gap (a browser also learns the version from presence reports).
    await Promise.all(
      survivors.map((moderator) =>
        moderator.waitFor('version 75', () => moderator.changes.some((change) => change.version === 75)),
      ),
    );
    await Promise.all(survivors.map((moderator) => moderator.fillGaps()));
    expect(survivors.map((moderator) => moderator.version())).toEqual([75, 75]);
    const titles = (survivors[0] as TestClient).state().agenda.items.map((item) => item.title);
    for (const label of ['First', 'Second'])
      for (let j = 0; j < (label === 'First' ? 3 : 2); j++)
        for (let i = 0; i < 15; i++) expect(titles).toContain(`${label} ${j}-${i}`);
    expect((survivors[0] as TestClient).state()).toEqual((survivors[1] as TestClient).state());
  });

  it('a participant of an instance that is not the writer, on the floor and then dropped, is shown disconnected everywhere', async () => {
    const [a, b] = await instances(2);
    if (!a || !b) throw new Error('instances missing');
    const meeting = await createMeeting(a);
    const chair = connect(a, { meetingId: meeting.meetingId, moderatorKey: meeting.moderatorKey });
    await chair.welcomed();
    // The chair's first command makes instance a the meeting's writer.
    expect(await chair.command('agenda.add', { title: 'Opening', minutes: 5 })).toMatchObject({ ok: true, version: 1 });
    const amina = connect(b, { meetingId: meeting.meetingId, token: await register(b, meeting.meetingId, 'Amina', 'remote') });
    const welcome = await amina.welcomed();
    const aminaId = welcome.self?.id ?? '';
    // Her request is decided on a; b, where she is connected, must still know she is on the floor.
    expect(await amina.command('floor.request', { type: 'new_topic' })).toMatchObject({ ok: true, version: 2 });
    expect(await counter(b.url, 'plenary_forwarded_commands_total', ['answered'])).toBe(1);
    amina.close();
    await chair.waitFor('Amina shown disconnected', () => chair.presence.some((counts) => aminaId in counts.offline));
  });

  it('an attendee of an instance that decided nothing of a question still gets its exact vote count', async () => {
    const [a, b] = await instances(2);
    if (!a || !b) throw new Error('instances missing');
    const meeting = await createMeeting(a);
    const chair = connect(a, { meetingId: meeting.meetingId, moderatorKey: meeting.moderatorKey });
    const attendee = connect(b, { meetingId: meeting.meetingId });
    const amina = connect(a, { meetingId: meeting.meetingId, token: await register(a, meeting.meetingId, 'Amina', 'remote') });
    await Promise.all([chair.welcomed(), attendee.welcomed(), amina.welcomed()]);
    // Instance b has reported its attendee: its next presence report, which refreshes its state, is 10 s away.
    await chair.waitFor('presence from b', () => chair.presence.some((counts) => counts.attendees === 1));
    // Asked, approved (under pre-moderation) and voted on instance a: b has only the changes' broadcasts.
    const asked = await amina.command('question.ask', { text: 'Will the recordings be captioned?' });
    if (!asked.ok) throw new Error(`ask refused: ${asked.error.code}`);
    const question = (await chair.changeWithVersion(asked.version)).events.find((event) => event.type === 'question.asked');
    const questionId = question?.type === 'question.asked' ? question.question.id : '';
    if (question?.type === 'question.asked' && question.question.status === 'pending')
      expect(await chair.command('question.approve', { questionId })).toMatchObject({ ok: true });
    expect(await amina.command('question.vote', { questionId, up: true })).toMatchObject({ ok: true, votes: 1 });
    await attendee.waitFor('the count on instance b', () => attendee.votes()[questionId] === 1);
  });

  it('while Redis is down commands get unavailable quickly and nothing crashes; after it is back a retry applies once', async () => {
    const [a, b] = await instances(2);
    if (!a || !b) throw new Error('instances missing');
    const meeting = await createMeeting(a);
    const moderator = connect(a, { meetingId: meeting.meetingId, moderatorKey: meeting.moderatorKey });
    const watcher = connect(b, { meetingId: meeting.meetingId });
    await Promise.all([moderator.welcomed(), watcher.welcomed()]);
    expect(
      await moderator.command('agenda.add', { title: 'Acknowledged before the outage', minutes: 3 }, 'before'),
    ).toMatchObject({ ok: true });

    await redis.kill();
    // Redis stays down until this answer arrives, so the answer cannot be waiting for Redis to return.
    const during = await moderator.command('agenda.add', { title: 'During the outage', minutes: 3 }, 'during');
    expect(during).toMatchObject({ ok: false, error: { code: 'unavailable' } });
    expect((await fetch(`${a.url}/healthz`)).status).toBe(200);
    expect((await fetch(`${a.url}/readyz`)).status).toBe(503);
    expect(moderator.socket.connected && watcher.socket.connected).toBe(true);

    await redis.start(redis.port);
    // The instance's Redis clients reconnect with a capped backoff; it says so on /readyz.
    await untilReady(a.url);
    // The client retries with the same id, as Plenary's client does.
    expect(await moderator.command('agenda.add', { title: 'During the outage', minutes: 3 }, 'during')).toMatchObject({
      ok: true,
      version: 2,
    });
    expect(await moderator.command('agenda.add', { title: 'During the outage', minutes: 3 }, 'during')).toEqual({
      ok: true,
      version: 2,
      duplicate: true,
    });
    expect(
      await moderator.command('agenda.add', { title: 'Acknowledged before the outage', minutes: 3 }, 'before'),
    ).toMatchObject({ duplicate: true });
    const snapshot = await (await fetch(`${b.url}/api/meetings/${meeting.meetingId}`)).json();
    expect(snapshot.version).toBe(2);
    expect(snapshot.meeting.agenda.items.filter((item: { title: string }) => item.title === 'During the outage')).toHaveLength(1);
    expect((await fetch(`${a.url}/readyz`)).status).toBe(200);
  });

  it('SIGTERM: an instance finishes the command in flight, tells its clients to reconnect and exits cleanly', async () => {
    const [a] = await instances(1);
    if (!a) throw new Error('instance missing');
    const meeting = await createMeeting(a);
    const moderator = connect(a, { meetingId: meeting.meetingId, moderatorKey: meeting.moderatorKey });
    await moderator.welcomed();
    const disconnected = new Promise<string>((resolve) => moderator.socket.once('disconnect', (reason) => resolve(reason)));
    const pending = moderator.command('agenda.add', { title: 'In flight at shutdown', minutes: 1 });
    const exit = a.kill('SIGTERM');
    expect(await pending).toMatchObject({ ok: true, version: 1 });
    expect(await disconnected).toBe('io server disconnect');
    expect(await exit).toBe(0);
    const [b] = await instances(1);
    if (!b) throw new Error('instance missing');
    const snapshot = await (await fetch(`${b.url}/api/meetings/${meeting.meetingId}`)).json();
    expect(snapshot.meeting.agenda.items.at(-1).title).toBe('In flight at shutdown');
  });
});
