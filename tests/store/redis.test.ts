import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { RedisStore, redisKeys } from '../../server/store/redis.js';
import { StoreUnavailableError } from '../../server/store/types.js';
import { sampleMeeting } from '../support/meetings.js';
import { TestRedis } from '../support/redis.js';
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

  it('keeps acknowledged changes through a kill of Redis (AOF), and answers unavailable quickly while it is down', async () => {
    const store = new RedisStore(redis.url, () => undefined);
    await store.redis.flushdb();
    const meeting = sampleMeeting();
    await store.createMeeting({ state: meeting, moderatorKeyHash: 'h' });
    const change = { meetingId: meeting.id, version: 1, at: 1, events: [{ type: 'meeting.started' as const }] };
    const command = { sender: 'm:chair', id: 'c1' };
    expect(await store.commit(change, { ...meeting, status: 'live' }, command)).toEqual({ kind: 'committed' });
    await store.setVote(meeting.id, 'q1', 'alice', true);

    await redis.kill();
    const started = Date.now();
    await expect(store.loadMeeting(meeting.id)).rejects.toBeInstanceOf(StoreUnavailableError);
    await expect(store.commit({ ...change, version: 2 }, meeting, { ...command, id: 'c2' })).rejects.toBeInstanceOf(
      StoreUnavailableError,
    );
    expect(Date.now() - started).toBeLessThan(5_000);

    await redis.start(redis.port);
    await new Promise<void>((resolve) => {
      if (store.redis.status === 'ready') resolve();
      else store.redis.once('ready', () => resolve());
    });
    expect((await store.loadMeeting(meeting.id))?.meeting.status).toBe('live');
    expect(await store.changesSince(meeting.id, 0, 10)).toEqual([change]);
    expect(await store.voteCounts(meeting.id)).toEqual({ q1: 1 });
    // The command retried with its id after the outage is recognised, not applied twice.
    expect(await store.commit({ ...change, version: 2 }, meeting, command)).toEqual({ kind: 'duplicate', version: 1 });
    await store.close();
  });
});
