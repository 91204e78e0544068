import { createAdapter as createClassicAdapter, createShardedAdapter } from '@socket.io/redis-adapter';
import { createAdapter as createStreamsAdapter } from '@socket.io/redis-streams-adapter';
import { Redis } from 'ioredis';
import type { Server } from 'socket.io';
import { closeRedis } from '../store/redis-close.js';

export const ADAPTER_KINDS = ['classic', 'sharded', 'streams'] as const;
export type AdapterKind = (typeof ADAPTER_KINDS)[number];

export interface RedisAdapter {
  adapter: Parameters<Server['adapter']>[0];
  close(): Promise<void>;
}

/**
 * The Socket.IO adapter that joins the rooms of every instance through Redis.
 * `classic` uses PUBLISH/SUBSCRIBE, `sharded` Redis 7's SPUBLISH/SSUBSCRIBE
 * (a channel per room), `streams` one Redis stream that instances read. The
 * README records the measurements behind the default. Its clients queue
 * broadcasts while Redis is away and send them when it is back: a client that
 * missed a change meanwhile resyncs from the version gap.
 */
export function createRedisAdapter(kind: AdapterKind, url: string, onError: (error: Error) => void): RedisAdapter {
  const options = {
    enableOfflineQueue: true,
    maxRetriesPerRequest: null,
    retryStrategy: (times: number) => Math.min(100 * 2 ** Math.min(times, 5), 2_000),
  };
  const pub = new Redis(url, options);
  pub.on('error', onError);
  const clients = [pub];
  let adapter: RedisAdapter['adapter'];
  if (kind === 'streams') {
    adapter = createStreamsAdapter(pub, { streamName: 'plenary:socket.io', maxLen: 10_000 });
  } else {
    // Subscriptions need a connection of their own.
    const sub = pub.duplicate();
    sub.on('error', onError);
    clients.push(sub);
    adapter =
      kind === 'sharded'
        ? createShardedAdapter(pub, sub, { channelPrefix: 'plenary:socket.io' })
        : createClassicAdapter(pub, sub, { key: 'plenary:socket.io' });
  }
  return {
    adapter,
    async close() {
      await Promise.all(clients.map(closeRedis));
    },
  };
}
