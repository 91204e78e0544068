import { afterAll, beforeAll } from 'vitest';
import { RedisConsultationStore } from '../../server/consultations/store-redis.js';
import { RedisStore } from '../../server/store/redis.js';
import { TestRedis } from '../support/redis.js';
import { consultationStoreContract } from './consultation-contract.js';

const redis = new TestRedis();
beforeAll(async () => {
  await redis.start();
});
afterAll(async () => {
  await redis.destroy();
});

consultationStoreContract('Redis', async () => {
  const meetings = new RedisStore(redis.url, () => undefined);
  await meetings.redis.flushdb();
  return { store: new RedisConsultationStore(meetings.redis), close: () => meetings.close() };
});
