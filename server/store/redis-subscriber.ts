import type { Redis } from 'ioredis';

/**
 * A connection of its own for subscriptions, beside `client`. Unlike the
 * store's commands, which fail fast while Redis is away, a subscription
 * waits for Redis however long it takes (no retry limit, no command
 * timeout): an instance that starts before Redis still hears its channels
 * once Redis is up, and ioredis subscribes again by itself after a reconnect.
 */
export function subscriberOf(client: Redis, onError: (error: Error) => void): Redis {
  const subscriber = client.duplicate({ enableOfflineQueue: true, maxRetriesPerRequest: null, commandTimeout: undefined });
  subscriber.on('error', onError);
  return subscriber;
}
