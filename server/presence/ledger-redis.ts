import type { Redis } from 'ioredis';
import type { PresenceCounts } from '../../shared/model.js';
import { redisKeys } from '../store/redis.js';
import type { LocalPresence, PresenceLedger } from './ledger.js';

/** An instance that has not reported for this long is taken to be gone. */
export const STALE_AFTER_MS = 30_000;

/**
 * Presence across instances: each instance writes its own view of a meeting
 * into one Redis hash (a field per instance, with the time), and sums every
 * fresh field. A participant counts as disconnected only if no instance has
 * them connected.
 */
export class RedisPresenceLedger implements PresenceLedger {
  constructor(
    private readonly redis: Redis,
    private readonly instanceId: string,
    private readonly now: () => number = Date.now,
  ) {}

  async merge(meetingId: string, local: LocalPresence): Promise<PresenceCounts> {
    const key = redisKeys(meetingId).presence;
    const now = this.now();
    const results = await this.redis
      .multi()
      .hset(key, this.instanceId, JSON.stringify({ ...local, at: now }))
      // Live instances rewrite their field every heartbeat: a key nobody rewrites goes away by itself.
      .pexpire(key, 2 * STALE_AFTER_MS)
      .hgetall(key)
      .exec();
    const fields = (results?.[2]?.[1] ?? {}) as Record<string, string>;
    const total: PresenceCounts = { inRoom: 0, remote: 0, attendees: 0, moderators: 0, offline: {} };
    const online = new Set<string>();
    const stale: string[] = [];
    for (const [instance, json] of Object.entries(fields)) {
      const view = JSON.parse(json) as LocalPresence & { at: number };
      if (now - view.at > STALE_AFTER_MS) {
        stale.push(instance);
        continue;
      }
      total.inRoom += view.inRoom;
      total.remote += view.remote;
      total.attendees += view.attendees;
      total.moderators += view.moderators;
      for (const participantId of view.onlineOnFloor) online.add(participantId);
      for (const [participantId, since] of Object.entries(view.offline)) {
        total.offline[participantId] = Math.min(since, total.offline[participantId] ?? since);
      }
    }
    for (const participantId of online) delete total.offline[participantId];
    if (stale.length > 0) await this.redis.hdel(key, ...stale);
    return total;
  }

  /** An instance that no longer holds a meeting takes its field out; the last one out leaves no key behind. */
  async forget(meetingId: string): Promise<void> {
    await this.redis.hdel(redisKeys(meetingId).presence, this.instanceId);
  }
}
