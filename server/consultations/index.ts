import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type express from 'express';
import type { Request } from 'express';
import type { Logger } from 'pino';
import { RateLimiterMemory, RateLimiterRedis } from 'rate-limiter-flexible';
import { newId } from '../ids.js';
import type { MeetingService } from '../meetings/service.js';
import { RedisStore } from '../store/redis.js';
import type { MeetingStore } from '../store/types.js';
import { Mailer } from './mail.js';
import { PhotoStorage } from './photos.js';
import { type ConsultationLimiters, consultationRouter } from './routes.js';
import { ConsultationService } from './service.js';
import { consultationStoreFor } from './stores.js';

/** How the consultation module is set up by the composition root. */
export interface ConsultationOptions {
  /** Photos go to `<dataDir>/consultations/<id>/photos`, unsent mail to `<dataDir>/outbox`. In cluster mode: a shared folder. */
  dataDir?: string;
  /** smtp(s)://user:pass@host:port; when unset, confirmation e-mails are written to the outbox as .eml files. */
  smtpUrl?: string | undefined;
  /** Sender of the confirmation e-mails. */
  mailFrom?: string | undefined;
  /** Submissions per address per 10 minutes (default 30). */
  submissionsPerWindow?: number;
  /** The clock deadlines are judged by (tests move it; default Date.now). */
  now?: () => number;
}

function limiters(store: MeetingStore, submissionsPerWindow: number): ConsultationLimiters {
  // Behind several instances the limits must be shared, or each instance would allow the whole budget again.
  if (store instanceof RedisStore) {
    return {
      create: new RateLimiterRedis({
        storeClient: store.redis,
        keyPrefix: 'plenary:rl:consultation-create',
        points: 10,
        duration: 60,
      }),
      submit: new RateLimiterRedis({
        storeClient: store.redis,
        keyPrefix: 'plenary:rl:consultation-submit',
        points: submissionsPerWindow,
        duration: 600,
      }),
    };
  }
  return {
    create: new RateLimiterMemory({ points: 10, duration: 60 }),
    submit: new RateLimiterMemory({ points: submissionsPerWindow, duration: 600 }),
  };
}

/**
 * The consultation domain on the meeting store's connection. Returns null
 * when the meeting store is of a kind the consultations do not know.
 */
export function createConsultations(deps: {
  store: MeetingStore;
  meetings: MeetingService;
  logger: Logger;
  options: ConsultationOptions;
}): { service: ConsultationService; mount(app: express.Express, baseUrl: (req: Request) => string): void } | null {
  const store = consultationStoreFor(deps.store);
  if (!store) return null;
  const dataDir = deps.options.dataDir ?? join(tmpdir(), `plenary-${process.pid}`);
  const service = new ConsultationService({
    store,
    meetings: deps.meetings,
    mailer: new Mailer({
      smtpUrl: deps.options.smtpUrl ?? null,
      outboxDir: join(dataDir, 'outbox'),
      from: deps.options.mailFrom ?? 'Plenary <plenary@localhost>',
    }),
    photos: new PhotoStorage(dataDir),
    logger: deps.logger,
    now: deps.options.now ?? Date.now,
    newId: () => newId(9),
  });
  const rateLimits = limiters(deps.store, deps.options.submissionsPerWindow ?? 30);
  return {
    service,
    mount(app, baseUrl) {
      app.use('/api/consultations', consultationRouter({ service, limiters: rateLimits, logger: deps.logger, baseUrl }));
    },
  };
}
