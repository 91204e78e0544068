import { RedisStore } from '../store/redis.js';
import { SqliteStore } from '../store/sqlite.js';
import type { MeetingStore } from '../store/types.js';
import type { ConsultationStore } from './store.js';
import { RedisConsultationStore } from './store-redis.js';
import { SqliteConsultationStore } from './store-sqlite.js';

/**
 * The consultation store beside a meeting store, on the same connection: the
 * same SQLite file or the same Redis. Null for any other meeting store.
 */
export function consultationStoreFor(store: MeetingStore): ConsultationStore | null {
  if (store instanceof SqliteStore) return new SqliteConsultationStore(store.database);
  if (store instanceof RedisStore) return new RedisConsultationStore(store.redis);
  return null;
}
