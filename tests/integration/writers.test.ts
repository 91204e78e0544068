import { Redis } from 'ioredis';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { redisKeys } from '../../server/store/redis.js';
import { type ForwardOutcome, LocalWriters } from '../../server/writers/writers.js';
import { FORWARD_TIMEOUT_MS, RedisWriters } from '../../server/writers/writers-redis.js';
import { DomainError, ErrorCode } from '../../shared/errors.js';
import type { CommandAck } from '../../shared/protocol.js';
import { freePort, TestRedis } from '../support/redis.js';

interface Work {
  n: number;
}

const redis = new TestRedis();
const opened: { writers: RedisWriters<Work>; client: Redis }[] = [];
let probe: Redis;
let meetingSerial = 0;
const newMeeting = () => `writers-${process.pid}-${++meetingSerial}`;

/** One instance's writers, on a Redis connection of its own, recording what it decided for others. */
async function instance(name: string) {
  const client = new Redis(redis.url);
  const outcomes: ForwardOutcome[] = [];
  const writers = new RedisWriters<Work>(client, {
    instanceId: name,
    onError: () => undefined,
    onForward: (outcome) => outcomes.push(outcome),
  });
  const servedFor: { meetingId: string; work: Work }[] = [];
  let answer: (meetingId: string, work: Work) => Promise<CommandAck> = async (_meetingId, work) => ({
    ok: true,
    version: work.n,
  });
  writers.serve((meetingId, work) => {
    servedFor.push({ meetingId, work });
    return answer(meetingId, work);
  });
  opened.push({ writers, client });
  await writers.ready;
  return {
    writers,
    outcomes,
    servedFor,
    answerWith(next: typeof answer) {
      answer = next;
    },
  };
}

/** A `decideHere` that records that it ran and answers with a version of its own. */
function here(version: number) {
  const calls: number[] = [];
  const decide = async (): Promise<CommandAck> => {
    calls.push(version);
    return { ok: true, version };
  };
  return { calls, decide };
}

beforeAll(async () => {
  await redis.start();
  probe = new Redis(redis.url);
});
afterEach(async () => {
  for (const { writers, client } of opened.splice(0)) {
    await writers.close();
    client.disconnect();
  }
});
afterAll(async () => {
  probe.disconnect();
  await redis.destroy();
});

describe('LocalWriters', () => {
  it('decides every command on this instance', async () => {
    const writers = new LocalWriters<Work>();
    const local = here(7);
    await expect(writers.route('m', { n: 1 }, local.decide)).resolves.toEqual({ ok: true, version: 7 });
    expect(local.calls).toEqual([7]);
  });
});

describe('RedisWriters: one writer per meeting across instances', () => {
  it('the first instance with a command takes the lease; another forwards to it and gets its answers', async () => {
    const a = await instance('a');
    const b = await instance('b');
    const meetingId = newMeeting();
    const onA = here(1);
    expect(await a.writers.route(meetingId, { n: 1 }, onA.decide)).toEqual({ ok: true, version: 1 });
    expect(onA.calls).toEqual([1]);
    expect(await probe.get(redisKeys(meetingId).writer)).toBe(a.writers.id);

    const onB = here(99);
    expect(await b.writers.route(meetingId, { n: 2 }, onB.decide)).toEqual({ ok: true, version: 2 });
    expect(onB.calls).toEqual([]);
    expect(a.servedFor).toEqual([{ meetingId, work: { n: 2 } }]);
    expect(b.outcomes).toEqual(['answered']);

    // A refusal on the writer is the sender's refusal, code, message and issues alike.
    a.answerWith(async () => {
      throw new DomainError(ErrorCode.invalid, 'invalid floor.request payload', [
        { path: 'topic', code: 'too_big', limit: 200, message: 'too long' },
      ]);
    });
    const refused = b.writers.route(meetingId, { n: 3 }, onB.decide);
    await expect(refused).rejects.toBeInstanceOf(DomainError);
    await expect(refused).rejects.toMatchObject({
      code: 'invalid',
      message: 'invalid floor.request payload',
      issues: [{ path: 'topic', code: 'too_big', limit: 200, message: 'too long' }],
    });
    expect(onB.calls).toEqual([]);
  });

  it('commands forwarded from one instance reach the writer in the order they were sent', async () => {
    const a = await instance('a');
    const b = await instance('b');
    const meetingId = newMeeting();
    await a.writers.route(meetingId, { n: 0 }, here(0).decide);
    const onB = here(-1);
    const acks = await Promise.all(Array.from({ length: 50 }, (_, i) => b.writers.route(meetingId, { n: i + 1 }, onB.decide)));
    expect(acks.map((ack) => (ack.ok ? ack.version : -1))).toEqual(Array.from({ length: 50 }, (_, i) => i + 1));
    expect(a.servedFor.map(({ work }) => work.n)).toEqual(Array.from({ length: 50 }, (_, i) => i + 1));
    expect(onB.calls).toEqual([]);
  });

  it('two instances claiming a free meeting at once agree on one writer', async () => {
    const a = await instance('a');
    const b = await instance('b');
    const meetingId = newMeeting();
    const onA = here(1);
    const onB = here(2);
    await Promise.all([a.writers.route(meetingId, { n: 1 }, onA.decide), b.writers.route(meetingId, { n: 2 }, onB.decide)]);
    const writer = await probe.get(redisKeys(meetingId).writer);
    // Whichever won decided both: the other forwarded its command.
    if (writer === a.writers.id) {
      expect([onA.calls.length, onB.calls.length, a.servedFor.length]).toEqual([1, 0, 1]);
    } else {
      expect(writer).toBe(b.writers.id);
      expect([onA.calls.length, onB.calls.length, b.servedFor.length]).toEqual([0, 1, 1]);
    }
  });

  it('a writer that died: the next command is decided here at once and its lease taken over', async () => {
    const b = await instance('b');
    const meetingId = newMeeting();
    // An instance that died: its lease runs for seconds more, and nobody listens on its channel.
    await probe.set(redisKeys(meetingId).writer, 'gone-instance', 'PX', 6_000);
    const onB = here(2);
    expect(await b.writers.route(meetingId, { n: 2 }, onB.decide)).toEqual({ ok: true, version: 2 });
    expect(onB.calls).toEqual([2]);
    expect(b.outcomes).toEqual(['no_writer']);
    expect(await probe.get(redisKeys(meetingId).writer)).toBe(b.writers.id);
  });

  it('commands waiting on a writer found gone are decided here before the one that found it gone', async () => {
    const a = await instance('a');
    const b = await instance('b');
    const meetingId = newMeeting();
    await a.writers.route(meetingId, { n: 0 }, here(0).decide);
    // The writer takes the first command and stops before answering it.
    a.answerWith(() => new Promise<CommandAck>(() => undefined));
    const order: number[] = [];
    const decideHere = (n: number) => async (): Promise<CommandAck> => {
      order.push(n);
      return { ok: true, version: n };
    };
    const first = b.writers.route(meetingId, { n: 1 }, decideHere(1));
    await expect.poll(() => a.servedFor.length).toBe(1);
    const closing = a.writers.close();
    await expect.poll(async () => (await probe.pubsub('NUMSUB', `plenary:writers:${a.writers.id}`))[1]).toBe(0);
    const second = b.writers.route(meetingId, { n: 2 }, decideHere(2));
    expect(await Promise.all([first, second])).toEqual([
      { ok: true, version: 1 },
      { ok: true, version: 2 },
    ]);
    // Not after a 2 s timeout: the first was released when the second found nobody listening.
    expect(b.outcomes).toEqual(['no_writer', 'no_writer']);
    expect(order).toEqual([1, 2]);
    await closing;
  });

  it('a writer that does not answer: the command is decided here after the forward timeout', async () => {
    const a = await instance('a');
    const b = await instance('b');
    const meetingId = newMeeting();
    await a.writers.route(meetingId, { n: 1 }, here(1).decide);
    // The writer takes the command and never answers (a stuck process).
    a.answerWith(() => new Promise<CommandAck>(() => undefined));
    const onB = here(5);
    const sentAt = performance.now();
    expect(await b.writers.route(meetingId, { n: 2 }, onB.decide)).toEqual({ ok: true, version: 5 });
    expect(performance.now() - sentAt).toBeGreaterThanOrEqual(FORWARD_TIMEOUT_MS - 50);
    expect(onB.calls).toEqual([5]);
    expect(b.outcomes).toEqual(['timeout']);
    // Until the stuck writer's lease runs out, b decides the meeting's commands itself, without waiting again.
    const next = here(6);
    expect(await b.writers.route(meetingId, { n: 3 }, next.decide)).toEqual({ ok: true, version: 6 });
    expect(b.outcomes).toEqual(['timeout']);
  });

  it('a writer that fails to decide (its store failed) has the command decided by the sender', async () => {
    const a = await instance('a');
    const b = await instance('b');
    const meetingId = newMeeting();
    await a.writers.route(meetingId, { n: 1 }, here(1).decide);
    a.answerWith(async () => {
      throw new Error('store timed out');
    });
    const onB = here(3);
    expect(await b.writers.route(meetingId, { n: 2 }, onB.decide)).toEqual({ ok: true, version: 3 });
    expect(b.outcomes).toEqual(['failed']);
  });

  it('with Redis away, a command is decided where it arrives, at once, and no lease is taken', async () => {
    const client = new Redis(`redis://127.0.0.1:${await freePort()}`, { enableOfflineQueue: false, maxRetriesPerRequest: 1 });
    client.on('error', () => undefined);
    const writers = new RedisWriters<Work>(client, { instanceId: 'cut-off', onError: () => undefined });
    opened.push({ writers, client });
    const local = here(3);
    // Deciding here gets the store's own answer (`unavailable` within its timeout) instead of waiting for Redis.
    expect(await writers.route(newMeeting(), { n: 1 }, local.decide)).toEqual({ ok: true, version: 3 });
    expect(local.calls).toEqual([3]);
    expect(writers.stats().knownWriters).toBe(0);
  });

  it('release and close give the lease up, so that an instance that has followers takes it', async () => {
    const a = await instance('a');
    const b = await instance('b');
    const released = newMeeting();
    const closed = newMeeting();
    await a.writers.route(released, { n: 1 }, here(1).decide);
    await a.writers.route(closed, { n: 1 }, here(1).decide);
    a.writers.release(released);
    await expect.poll(() => probe.get(redisKeys(released).writer)).toBeNull();
    await a.writers.close();
    expect(await probe.get(redisKeys(closed).writer)).toBeNull();
    // Closed: what still comes is decided where it arrives.
    const stillOnA = here(4);
    expect(await a.writers.route(closed, { n: 2 }, stillOnA.decide)).toEqual({ ok: true, version: 4 });
    const onB = here(2);
    expect(await b.writers.route(closed, { n: 3 }, onB.decide)).toEqual({ ok: true, version: 2 });
    expect(onB.calls).toEqual([2]);
    expect(await probe.get(redisKeys(closed).writer)).toBe(b.writers.id);
  });
});
