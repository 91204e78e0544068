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
  it('keeps acknowledged changes through a kill of Redis (AOF), and answers unavailable quickly while it is down', async () => {
    const store = new RedisStore(redis.url, () => undefined);
    await store.redis.flushdb();
    const meeting = sampleMeeting();
    await store.createMeeting({ state: meeting, moderatorKeyHash: 'h' });
    const change = { meetingId: meeting.id, version: 1, at: 1, commandId: 'c1', events: [{ type: 'meeting.started' as const }] };
    expect(await store.commit(change, { ...meeting, status: 'live' })).toEqual({ kind: 'committed' });
    await store.setVote(meeting.id, 'q1', 'alice', true);

    await redis.kill();
    const started = Date.now();
    await expect(store.loadMeeting(meeting.id)).rejects.toBeInstanceOf(StoreUnavailableError);
    await expect(store.commit({ ...change, version: 2, commandId: 'c2' }, meeting)).rejects.toBeInstanceOf(StoreUnavailableError);
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
    expect(await store.commit({ ...change, version: 2 }, meeting)).toEqual({ kind: 'duplicate', version: 1 });
    await store.close();
  });

  it('trims the replay stream of a long meeting but keeps every change in the record archive', async () => {
    const store = new RedisStore(redis.url, () => undefined);
    await store.redis.flushdb();
    const meeting = sampleMeeting();
    await store.createMeeting({ state: meeting, moderatorKeyHash: 'h' });
    const total = 10_500;
    for (let version = 1; version <= total; version++) {
      await store.commit(
        { meetingId: meeting.id, version, at: version, commandId: `c${version}`, events: [{ type: 'floor.opened' }] },
        meeting,
      );
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
