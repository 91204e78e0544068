import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { RedisStore, redisKeys } from '../../server/store/redis.js';
import { StoreUnavailableError } from '../../server/store/types.js';
import type { Change } from '../../shared/events.js';
import type { MeetingState } from '../../shared/model.js';
import { sampleMeeting } from '../support/meetings.js';
import { SlowDisk, TestRedis } from '../support/redis.js';
import { storeContract } from './contract.js';

const redis = new TestRedis();
beforeAll(async () => {
  await redis.start();
});
afterAll(async () => {
  await redis.destroy();
});

storeContract('Redis', async () => {
  const store = new RedisStore(redis.url, () => undefined);
  await store.redis.flushdb();
  return store;
});

/** Resolves once the store's client is connected again (it reconnects by itself). */
function reconnected(store: RedisStore): Promise<void> {
  return new Promise((resolve) => {
    if (store.redis.status === 'ready') resolve();
    else store.redis.once('ready', () => resolve());
  });
}

describe('Redis store', () => {
  it('leaves no key of a deleted meeting behind, presence and voters included', async () => {
    const store = new RedisStore(redis.url, () => undefined);
    await store.redis.flushdb();
    const meeting = sampleMeeting();
    await store.createMeeting({ state: meeting, moderatorKeyHash: 'h' });
    const ending = { meetingId: meeting.id, version: 1, at: 5, events: [{ type: 'meeting.ended' as const }] };
    await store.commit(ending, { ...meeting, status: 'ended', endedAt: 5 }, { sender: 'm:chair', id: 'c1' });
    await store.setVote(meeting.id, 'q1', 'alice', true);
    await store.setVote(meeting.id, 'q2', 'bruno', true);
    await store.setVote(meeting.id, 'q2', 'bruno', false);
    await store.redis.hset(redisKeys(meeting.id).presence, 'instance-a', '{}');
    expect((await store.redis.keys('plenary:{m:m1}*')).length).toBeGreaterThan(4);

    expect(await store.deleteMeeting(meeting.id)).toBe(true);
    expect(await store.redis.keys('plenary:{m:m1}*')).toEqual([]);
    expect(await store.redis.zcard('plenary:meetings:ended')).toBe(0);
    await store.close();
  });

  it('drops an index entry whose commit never happened (a crash between the two)', async () => {
    const store = new RedisStore(redis.url, () => undefined);
    await store.redis.flushdb();
    const meeting = sampleMeeting();
    await store.createMeeting({ state: meeting, moderatorKeyHash: 'h' });
    await store.redis.zadd('plenary:meetings:ended', 5, meeting.id);
    expect(await store.meetingsEndedBefore(10, 10)).toEqual([]);
    expect(await store.redis.zcard('plenary:meetings:ended')).toBe(0);
    await store.close();
  });

  it('keeps acknowledged changes through a kill of Redis (AOF), and answers unavailable while it is down', async () => {
    const store = new RedisStore(redis.url, () => undefined);
    await store.redis.flushdb();
    const meeting = sampleMeeting();
    await store.createMeeting({ state: meeting, moderatorKeyHash: 'h' });
    const change = { meetingId: meeting.id, version: 1, at: 1, events: [{ type: 'meeting.started' as const }] };
    const command = { sender: 'm:chair', id: 'c1' };
    expect(await store.commit(change, { ...meeting, status: 'live' }, command)).toEqual({ kind: 'committed' });
    await store.setVote(meeting.id, 'q1', 'alice', true);

    await redis.kill();
    // Redis stays down until both calls have answered: they cannot be waiting for it to come back.
    await expect(store.loadMeeting(meeting.id)).rejects.toBeInstanceOf(StoreUnavailableError);
    // Answered `unavailable`, this commit must not be applied later either (the log below has c1 alone).
    await expect(store.commit({ ...change, version: 2 }, meeting, { ...command, id: 'c2' })).rejects.toBeInstanceOf(
      StoreUnavailableError,
    );

    await redis.start(redis.port);
    await reconnected(store);
    expect((await store.loadMeeting(meeting.id))?.meeting.status).toBe('live');
    expect(await store.changesSince(meeting.id, 0, 10)).toEqual([change]);
    expect(await store.voteCounts(meeting.id)).toEqual({ q1: 1 });
    // The command retried with its id after the outage is recognised, not applied twice.
    expect(await store.commit({ ...change, version: 2 }, meeting, command)).toEqual({ kind: 'duplicate', version: 1 });
    await store.close();
  });

  it('trims the replay stream of a long meeting but keeps every change in the record archive', async () => {
    const store = new RedisStore(redis.url, () => undefined);
    await store.redis.flushdb();
    const meeting = sampleMeeting();
    await store.createMeeting({ state: meeting, moderatorKeyHash: 'h' });
    const total = 10_500;
    for (let version = 1; version <= total; version++) {
      await store.commit({ meetingId: meeting.id, version, at: version, events: [{ type: 'floor.opened' }] }, meeting, {
        sender: 'm:test',
        id: `c${version}`,
      });
    }
    expect(await store.redis.xlen(redisKeys(meeting.id).log)).toBeLessThan(total);
    expect(await store.changesSince(meeting.id, 0, total)).toBeNull();
    let count = 0;
    for await (const change of store.allChanges(meeting.id)) {
      count += 1;
      expect(change.version).toBe(count);
    }
    expect(count).toBe(total);
    await store.close();
  }, 120_000);
});

describe('Redis durability with a slow disk', () => {
  const ROUNDS = 24;
  const WRITERS = 4;
  const slowRedis = new TestRedis();
  let disk: SlowDisk;
  beforeAll(async () => {
    await slowRedis.start();
    disk = new SlowDisk(slowRedis.dir);
  });
  afterAll(async () => {
    await disk.stop();
    await slowRedis.destroy();
  });

  it(`loses no acknowledged change or vote when Redis is killed right after the acks, ${ROUNDS} times`, async () => {
    const lostRounds: string[] = [];
    let acknowledged = 0;
    for (let round = 0; round < ROUNDS; round++) {
      const store = new RedisStore(slowRedis.url, () => undefined);
      await store.ping();
      // Writers commit to their own meetings and vote, as concurrent sockets would; Redis is
      // killed synchronously right after the ack that reaches this round's target.
      const target = 20 + ((round * 7) % 41);
      let acks = 0;
      let killed: Promise<void> | null = null;
      const onAck = () => {
        acks++;
        if (acks === target) killed = slowRedis.kill();
      };
      const committed = new Map<string, Change[]>();
      const votedBy: string[] = [];
      const writer = async (w: number) => {
        const meetingId = `r${round}-m${w}`;
        let state: MeetingState = { ...sampleMeeting(), id: meetingId };
        await store.createMeeting({ state, moderatorKeyHash: 'h' });
        const changes: Change[] = [];
        committed.set(meetingId, changes);
        for (let version = 1; killed === null; version++) {
          const change: Change = {
            meetingId,
            version,
            at: version,
            events: [{ type: 'agenda.itemEdited', itemId: 'item1', changes: { title: `v${version}` } }],
          };
          state = { ...state, title: `v${version}` };
          await store.commit(change, state, { sender: 'm:test', id: `r${round}-w${w}-c${version}` });
          if (killed !== null) return; // acknowledged after the kill was sent: not counted
          changes.push(change);
          onAck();
          const voter = `r${round}-w${w}-p${version}`;
          await store.setVote(`r${round}-votes`, 'q1', voter, true);
          if (killed !== null) return;
          votedBy.push(voter);
          onAck();
        }
      };
      await Promise.all(
        Array.from({ length: WRITERS }, (_, w) =>
          writer(w).catch((error: unknown) => expect(error).toBeInstanceOf(StoreUnavailableError)),
        ),
      );
      expect(killed).not.toBeNull();
      await killed;
      await slowRedis.start(slowRedis.port);
      await reconnected(store);

      let lostThisRound = 0;
      for (const [meetingId, changes] of committed) {
        acknowledged += changes.length;
        // A commit in flight at the kill may or may not be there; every acknowledged one must be.
        const kept = (await store.changesSince(meetingId, 0, 1_000)) ?? [];
        lostThisRound += changes.filter((change, i) => JSON.stringify(kept[i]) !== JSON.stringify(change)).length;
        expect((await store.loadMeeting(meetingId))?.version ?? 0).toBe(kept.length);
      }
      acknowledged += votedBy.length;
      for (const voter of votedBy) {
        if (!(await store.votesBy(`r${round}-votes`, voter)).includes('q1')) lostThisRound++;
      }
      if (lostThisRound > 0) lostRounds.push(`round ${round}: ${lostThisRound} of ${acks} acknowledged`);
      await store.close();
    }
    expect(acknowledged).toBeGreaterThan(ROUNDS * 20 - 1);
    expect(lostRounds).toEqual([]);
  }, 120_000);
});
