import { Redis } from 'ioredis';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { applyVotesMessage } from '../../client/src/state/votes.js';
import { redisKeys } from '../../server/store/redis.js';
import type { VoteLedger, VotesMessage } from '../../server/votes/ledger.js';
import { LocalVoteLedger } from '../../server/votes/ledger-local.js';
import { RedisVoteLedger } from '../../server/votes/ledger-redis.js';
import { VoteTally } from '../../server/votes/tally.js';
import type { VoteCounts } from '../../shared/model.js';
import { TestRedis } from '../support/redis.js';

const nextMessage = (ledger: VoteLedger) =>
  new Promise<VotesMessage>((resolve) => {
    ledger.subscribe(resolve);
  });

describe('the client keeps the newest count of each question', () => {
  it('ignores a count read before the one it shows, whichever arrives last', () => {
    const start = { votes: { q1: 3 }, voteSequences: {}, votesBase: 10 };
    const newer = applyVotesMessage(start, { sequence: 12, counts: { q1: 5, q2: 1 } });
    expect(newer.votes).toEqual({ q1: 5, q2: 1 });
    const older = applyVotesMessage(newer, { sequence: 11, counts: { q1: 4, q2: 0 } });
    expect(older).toBe(newer);
    // Older than the welcome: ignored too.
    expect(applyVotesMessage(start, { sequence: 9, counts: { q1: 1 } })).toBe(start);
  });
});

describe('LocalVoteLedger', () => {
  it('gives one broadcast slot per interval, numbers reads in order and delivers its own messages', async () => {
    let now = 1_000;
    const counts: VoteCounts = { q1: 2, q2: 7 };
    const ledger = new LocalVoteLedger(
      async () => counts,
      () => now,
    );
    expect(await ledger.claim('m', 250)).toBe(0);
    expect(await ledger.claim('m', 250)).toBe(250);
    now += 100;
    expect(await ledger.claim('m', 250)).toBe(150);
    expect(await ledger.claim('other', 250)).toBe(0);
    now += 150;
    expect(await ledger.claim('m', 250)).toBe(0);
    const first = await ledger.read('m', ['q2', 'q3']);
    const second = await ledger.read('m', null);
    expect(first.counts).toEqual({ q2: 7, q3: 0 });
    expect(second.counts).toEqual(counts);
    expect(second.sequence).toBeGreaterThan(first.sequence);
    const delivered = nextMessage(ledger);
    await ledger.publish(first);
    expect(await delivered).toEqual(first);
  });
});

describe('RedisVoteLedger', () => {
  const redis = new TestRedis();
  const clients: Redis[] = [];
  const ledgers: RedisVoteLedger[] = [];
  const ledger = () => {
    const client = new Redis(redis.url);
    clients.push(client);
    const made = new RedisVoteLedger(client, () => undefined);
    ledgers.push(made);
    return made;
  };
  beforeAll(async () => {
    await redis.start();
  });
  afterAll(async () => {
    for (const made of ledgers) await made.close();
    for (const client of clients) client.disconnect();
    await redis.destroy();
  });

  it('shares one slot and one sequence between instances and carries every message to all of them', async () => {
    const [a, b] = [ledger(), ledger()];
    if (!a || !b) throw new Error('ledgers missing');
    expect(await a.claim('m1', 5_000)).toBe(0);
    const wait = await b.claim('m1', 5_000);
    expect(wait).toBeGreaterThan(0);
    expect(wait).toBeLessThanOrEqual(5_000);
    const k = redisKeys('m1');
    const client = clients[0] as Redis;
    await client.sadd(k.voted, 'q1', 'q2');
    await client.sadd(k.votes('q1'), 'p1', 'p2');
    await client.sadd(k.votes('q2'), 'p3');
    const first = await a.read('m1', ['q1']);
    const second = await b.read('m1', null);
    expect(first.counts).toEqual({ q1: 2 });
    expect(second.counts).toEqual({ q1: 2, q2: 1 });
    expect(second.sequence).toBe(first.sequence + 1);
    // Subscriptions are made in the background: publish until both have heard.
    const heardByA = nextMessage(a);
    const heardByB = nextMessage(b);
    const repeat = setInterval(() => void a.publish(first), 50);
    try {
      expect(await heardByA).toEqual(first);
      expect(await heardByB).toEqual(first);
    } finally {
      clearInterval(repeat);
    }
  });
});

describe('VoteTally', () => {
  it('coalesces a burst of votes into one broadcast per interval and caches counts for welcomes', async () => {
    const counts: VoteCounts = {};
    const reads: string[] = [];
    const ledger = new LocalVoteLedger(async (meetingId) => {
      reads.push(meetingId);
      return { ...counts };
    });
    const delivered: VotesMessage[] = [];
    let arrived: () => void = () => undefined;
    const tally = new VoteTally({
      ledger,
      deliver: (message) => {
        delivered.push(message);
        arrived();
      },
      onError: (error) => {
        throw error;
      },
      intervalMs: 60_000,
      settleMs: 60_000,
    });
    const welcome = await tally.welcome('m');
    expect(welcome.counts).toEqual({});
    for (let i = 0; i < 50; i++) {
      counts.q1 = i + 1;
      tally.record('m', 'q1');
    }
    await new Promise<void>((resolve) => {
      arrived = resolve;
    });
    expect(delivered).toHaveLength(1);
    expect(delivered[0]?.counts).toEqual({ q1: 50 });
    // The next vote waits for the slot (a minute here): nothing more is sent meanwhile.
    tally.record('m', 'q1');
    expect(tally.stats().timers).toBeGreaterThan(0);
    expect(delivered).toHaveLength(1);
    // A welcome now costs no read: the broadcast updated the cache.
    const readsBefore = reads.length;
    expect(await tally.welcome('m')).toEqual({ sequence: welcome.sequence, counts: { q1: 50 } });
    expect(reads.length).toBe(readsBefore);
    tally.stop();
    expect(tally.stats()).toEqual({ meetings: 0, cached: 0, timers: 0 });
  });

  it('ends with a settling read newer than every broadcast, whatever order broadcasts of other instances arrive in', async () => {
    // The truth in the store once the votes have stopped.
    const truth: VoteCounts = { q1: 2, q2: 1 };
    let sequence = 0;
    let handler: (message: VotesMessage) => void = () => undefined;
    const ledger: VoteLedger = {
      claim: async () => 0,
      read: async (meetingId, questionIds) => {
        const counts: VoteCounts = {};
        for (const questionId of questionIds ?? Object.keys(truth)) counts[questionId] = truth[questionId] ?? 0;
        return { meetingId, sequence: ++sequence, counts };
      },
      publish: async (message) => handler(message),
      subscribe: (next) => {
        handler = next;
      },
      forget: () => undefined,
      close: async () => undefined,
    };
    const delivered: VotesMessage[] = [];
    let settled: () => void = () => undefined;
    const tally = new VoteTally({
      ledger,
      deliver: (message) => {
        delivered.push(message);
        if (message.sequence > 100) settled();
      },
      onError: (error) => {
        throw error;
      },
      intervalMs: 20,
      settleMs: 50,
    });
    // The joiner's read comes first (sequence 1); the reads of another instance's broadcasts follow (2 to 4).
    const welcome = await tally.welcome('m');
    sequence = 100;
    const untilSettled = new Promise<void>((resolve) => {
      settled = resolve;
    });
    // Broadcasts of another instance, newest first: the older ones carry counts read before the last votes.
    handler({ meetingId: 'm', sequence: 4, counts: { q1: 2 } });
    handler({ meetingId: 'm', sequence: 3, counts: { q1: 1, q2: 1 } });
    handler({ meetingId: 'm', sequence: 2, counts: { q2: 0 } });
    await untilSettled;
    const last = delivered.at(-1);
    expect(last?.counts).toEqual(truth);
    for (const message of delivered.slice(0, -1)) expect(message.sequence).toBeLessThan(last?.sequence ?? 0);
    let shown = { votes: welcome.counts, voteSequences: {}, votesBase: welcome.sequence };
    for (const message of delivered) shown = applyVotesMessage(shown, message);
    expect(shown.votes).toEqual(truth);
    // A stale count is never sent after a newer one of the same question.
    const sentSequences = new Map<string, number>();
    for (const message of delivered)
      for (const questionId of Object.keys(message.counts)) {
        expect(message.sequence).toBeGreaterThan(sentSequences.get(questionId) ?? 0);
        sentSequences.set(questionId, message.sequence);
      }
    tally.stop();
  });
});
