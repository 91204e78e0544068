import { Redis } from 'ioredis';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { LocalPresence } from '../../server/presence/ledger.js';
import { LocalPresenceLedger } from '../../server/presence/ledger-local.js';
import { RedisPresenceLedger, STALE_AFTER_MS } from '../../server/presence/ledger-redis.js';
import { redisKeys } from '../../server/store/redis.js';
import { TestRedis } from '../support/redis.js';

const view = (changes: Partial<LocalPresence>): LocalPresence => ({
  inRoom: 0,
  remote: 0,
  attendees: 0,
  moderators: 0,
  offline: {},
  onlineOnFloor: [],
  ...changes,
});

describe('LocalPresenceLedger', () => {
  it("returns this instance's counts as the whole picture, without the floor list", async () => {
    const ledger = new LocalPresenceLedger();
    const counts = await ledger.merge('m', view({ inRoom: 2, remote: 1, offline: { p1: 5 }, onlineOnFloor: ['p2'] }));
    expect(counts).toEqual({ inRoom: 2, remote: 1, attendees: 0, moderators: 0, offline: { p1: 5 } });
    await expect(ledger.forget('m')).resolves.toBeUndefined();
  });
});

describe('RedisPresenceLedger', () => {
  const redis = new TestRedis();
  let client: Redis;
  beforeAll(async () => {
    await redis.start();
    client = new Redis(redis.url);
  });
  afterAll(async () => {
    client.disconnect();
    await redis.destroy();
  });

  it('sums the views of every instance; a participant connected anywhere is not offline', async () => {
    const a = new RedisPresenceLedger(client, 'a');
    const b = new RedisPresenceLedger(client, 'b');
    await a.merge('m1', view({ inRoom: 2, moderators: 1, offline: { p1: 100, p2: 300 }, onlineOnFloor: ['p3'] }));
    const counts = await b.merge('m1', view({ remote: 3, attendees: 1, offline: { p2: 200, p3: 50 }, onlineOnFloor: ['p1'] }));
    // p1 is back on instance b, p3 is connected to a; p2 is offline on both, since the earlier time.
    expect(counts).toEqual({ inRoom: 2, remote: 3, attendees: 1, moderators: 1, offline: { p2: 200 } });
  });

  it('takes out the view of an instance that forgot the meeting, and leaves no key once all have', async () => {
    const a = new RedisPresenceLedger(client, 'a');
    const b = new RedisPresenceLedger(client, 'b');
    await a.merge('m2', view({ inRoom: 1 }));
    await b.merge('m2', view({ inRoom: 4 }));
    await b.forget('m2');
    expect((await a.merge('m2', view({ inRoom: 1 }))).inRoom).toBe(1);
    await a.forget('m2');
    expect(await client.exists(redisKeys('m2').presence)).toBe(0);
  });

  it('ignores and deletes the view of an instance that stopped reporting', async () => {
    let now = 1_000_000;
    const gone = new RedisPresenceLedger(client, 'gone', () => now);
    const live = new RedisPresenceLedger(client, 'live', () => now);
    await gone.merge('m3', view({ remote: 7 }));
    now += STALE_AFTER_MS + 1;
    expect((await live.merge('m3', view({ remote: 1 }))).remote).toBe(1);
    expect(await client.hkeys(redisKeys('m3').presence)).toEqual(['live']);
  });
});
