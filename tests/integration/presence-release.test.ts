import { Redis } from 'ioredis';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { RedisPresenceLedger } from '../../server/presence/ledger-redis.js';
import { Presence } from '../../server/presence/presence.js';
import { redisKeys } from '../../server/store/redis.js';
import type { PresenceCounts } from '../../shared/model.js';
import { TestRedis } from '../support/redis.js';

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

describe('presence of a meeting nobody is in', () => {
  it('is released after the grace even with a participant remembered offline, and leaves nothing in Redis', async () => {
    const published: PresenceCounts[] = [];
    const released: string[] = [];
    let onReleased = () => {};
    const presence = new Presence({
      publish: (_meetingId, counts) => published.push(counts),
      // Amina is on the speakers list: her drop is remembered, which once kept the meeting forever.
      onFloor: () => new Set(['amina']),
      ledger: new RedisPresenceLedger(client, 'instance-a'),
      intervalMs: 20,
      heartbeatMs: 20,
      idleGraceMs: 100,
      onReleased: (meetingId) => {
        released.push(meetingId);
        onReleased();
      },
    });
    const releasedNow = new Promise<void>((resolve) => {
      onReleased = resolve;
    });
    const amina = { role: 'participant' as const, participantId: 'amina', attendance: 'remote' as const };
    presence.join('m1', amina);
    presence.join('m1', { role: 'display' });
    presence.leave('m1', amina);
    presence.leave('m1', { role: 'display' });
    await releasedNow;

    expect(released).toEqual(['m1']);
    expect(presence.stats()).toEqual({ meetings: 0, published: 0, timers: 0 });
    // The last broadcast said who dropped; no timer is left to send another.
    expect(published.at(-1)?.offline).toHaveProperty('amina');
    // Same connection as the instance's HDEL, so this answer comes after it.
    expect(await client.exists(redisKeys('m1').presence)).toBe(0);
    presence.stop();
  });
});
