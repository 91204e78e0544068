import type { Redis } from 'ioredis';

/**
 * Closes a Redis client without ever hanging: QUIT when Redis answers (so
 * pending replies arrive), at most one second, then a plain disconnect. With
 * Redis gone, QUIT would wait in the offline queue forever.
 */
export async function closeRedis(client: Redis): Promise<void> {
  if (client.status === 'ready') {
    await Promise.race([client.quit().catch(() => undefined), new Promise((resolve) => setTimeout(resolve, 1_000).unref())]);
  }
  client.disconnect();
}
