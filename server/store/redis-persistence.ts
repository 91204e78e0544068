import type { Redis } from 'ioredis';
import type { Durability } from './types.js';

/** What Redis says about its persistence; `appendfsync` is null when only INFO could be read. */
export interface RedisPersistenceSettings {
  appendonly: boolean;
  appendfsync: string | null;
  source: 'config' | 'info';
}

/**
 * Reads Redis's persistence settings: `CONFIG GET append*`, or, where CONFIG
 * is renamed or refused (managed services, ACLs), `INFO persistence`, which
 * tells whether AOF is on but not its fsync policy.
 */
export async function readRedisPersistence(redis: Redis): Promise<RedisPersistenceSettings> {
  try {
    const pairs = (await redis.call('CONFIG', 'GET', 'append*')) as string[];
    const settings = new Map<string, string>();
    for (let i = 0; i + 1 < pairs.length; i += 2) settings.set(pairs[i] as string, pairs[i + 1] as string);
    const appendonly = settings.get('appendonly');
    const appendfsync = settings.get('appendfsync');
    if (appendonly !== undefined && appendfsync !== undefined) {
      return { appendonly: appendonly === 'yes', appendfsync, source: 'config' };
    }
  } catch (error) {
    // Only a refused or unknown CONFIG falls back to INFO; a lost connection is the caller's to handle.
    if (!(error instanceof Error) || !/ERR|NOPERM/.test(error.message)) throw error;
  }
  const info = await redis.info('persistence');
  return { appendonly: /^aof_enabled:1\r?$/m.test(info), appendfsync: null, source: 'info' };
}

/**
 * Plenary acknowledges a change once Redis has replied to its commit. Only
 * with AOF on and `appendfsync always` has Redis written and fsynced the
 * change before that reply: with `everysec`, a write that arrives while the
 * previous second's fsync still runs stays in Redis's memory, already
 * acknowledged, and a kill of Redis loses it (README, "Durability").
 */
export function redisDurability(settings: RedisPersistenceSettings): Durability {
  if (!settings.appendonly) {
    return { ok: false, reason: 'Redis has AOF off (appendonly no): acknowledged changes are lost if Redis stops' };
  }
  if (settings.appendfsync === null) {
    return {
      ok: false,
      reason:
        'Redis has AOF on, but its fsync policy cannot be read (CONFIG GET is not available): acknowledged changes survive a kill of Redis only with appendfsync always',
    };
  }
  if (settings.appendfsync !== 'always') {
    return {
      ok: false,
      reason: `Redis has appendfsync ${settings.appendfsync}: acknowledged changes of the last moments are lost if Redis is killed; set appendfsync always`,
    };
  }
  return { ok: true };
}
