import { chmodSync, mkdirSync, writeFileSync } from 'node:fs';
import { hostname } from 'node:os';
import { resolve } from 'node:path';
import pino from 'pino';
import { startPlenary } from './app.js';
import { ConfigError, limitsFrom, loadConfig } from './config.js';
import { ensureDemoConsultation } from './consultations/demo.js';
import { consultationLinks } from './consultations/service.js';
import { ensureDemoMeeting } from './demo.js';
import { createRedisAdapter } from './fanout/adapter.js';
import { meetingLinks } from './http/routes.js';
import { newId } from './ids.js';
import { RedisPresenceLedger } from './presence/ledger-redis.js';
import { RedisStore } from './store/redis.js';
import { SqliteStore } from './store/sqlite.js';
import type { MeetingStore } from './store/types.js';
import { RedisVoteLedger } from './votes/ledger-redis.js';
import { RedisWriters } from './writers/writers-redis.js';

async function main(): Promise<void> {
  const config = loadConfig(process.env);
  const instanceId = config.INSTANCE_ID ?? `${hostname()}-${process.pid}`;
  const logger = pino({
    level: config.LOG_LEVEL,
    base: { pid: process.pid, instance: instanceId },
    // No log line carries a secret; this is the net under that rule, should a caller ever pass one.
    redact: {
      paths: ['moderatorKey', 'token', 'authorization', '*.moderatorKey', '*.token', '*.authorization'],
      censor: '[secret]',
    },
  });
  // A failure in a background broadcast (Redis away) is logged; it must never take the instance down.
  process.on('unhandledRejection', (reason) => logger.error({ err: reason }, 'unhandled rejection'));

  let store: MeetingStore;
  let scaleOut: Pick<
    Parameters<typeof startPlenary>[0],
    'adapter' | 'presenceLedger' | 'voteLedger' | 'sharedStore' | 'writers' | 'onClose' | 'limitsRedis'
  > = {};
  if (config.REDIS_URL) {
    const redisStore = new RedisStore(config.REDIS_URL, (error) => logger.warn({ err: error.message }, 'redis store connection'));
    const adapter = createRedisAdapter(config.SOCKET_ADAPTER, config.REDIS_URL, (error) =>
      logger.warn({ err: error.message }, 'redis adapter connection'),
    );
    store = redisStore;
    scaleOut = {
      adapter: adapter.adapter,
      presenceLedger: new RedisPresenceLedger(redisStore.redis, instanceId),
      voteLedger: new RedisVoteLedger(redisStore.redis, (error) => logger.warn({ err: error.message }, 'redis votes connection')),
      sharedStore: true,
      writers: (onForward) =>
        new RedisWriters(redisStore.redis, {
          instanceId,
          onForward,
          onError: (error) => logger.warn({ err: error.message }, 'redis writers connection'),
        }),
      // Rate-limit counts on the store's connection: every instance draws from one allowance.
      limitsRedis: redisStore.redis,
      onClose: () => adapter.close(),
    };
  } else {
    store = new SqliteStore(config.DATA_DIR);
  }

  const server = await startPlenary({
    store,
    logger,
    instanceId,
    port: config.PORT,
    host: config.HOST,
    publicUrl: config.PUBLIC_URL,
    tokenSecret: config.TOKEN_SECRET,
    previousTokenSecret: config.TOKEN_SECRET_PREVIOUS,
    tokenTtlMs: config.TOKEN_TTL,
    metricsToken: config.METRICS_TOKEN,
    clientDir: config.CLIENT_DIR === '' ? null : config.CLIENT_DIR,
    limits: limitsFrom(config),
    allowedOrigins: config.ALLOWED_ORIGINS,
    collectGarbageForMetrics: config.METRICS_GC,
    retentionDays: config.RETENTION_DAYS,
    idleGraceMs: config.MEETING_IDLE_SECONDS * 1000,
    consultations: { dataDir: config.DATA_DIR, smtpUrl: config.SMTP_URL, mailFrom: config.MAIL_FROM },
    ...scaleOut,
  });
  // Signals are handled from the moment the server listens, before it says so. A graceful stop that
  // fails or hangs must not keep the process alive: a hard deadline, and a second signal, end it with
  // code 1 whatever is still pending.
  let stopping = false;
  const stop = (signal: string) => {
    if (stopping) {
      logger.warn({ signal }, 'second signal: exiting without waiting for the drain');
      process.exit(1);
    }
    stopping = true;
    logger.info({ signal, deadlineMs: config.SHUTDOWN_TIMEOUT }, 'draining');
    setTimeout(() => {
      logger.error({ signal, deadlineMs: config.SHUTDOWN_TIMEOUT }, 'drain did not finish before the deadline; exiting');
      process.exit(1);
    }, config.SHUTDOWN_TIMEOUT);
    // Commands in flight get half the deadline; the rest is for telling clients and closing the store.
    server.drain(config.SHUTDOWN_TIMEOUT / 2).then(
      () => {
        logger.info({ signal }, 'stopped');
        process.exit(0);
      },
      (error: unknown) => {
        logger.error({ signal, err: error }, 'drain failed; exiting');
        process.exit(1);
      },
    );
  };
  process.on('SIGTERM', () => stop('SIGTERM'));
  process.on('SIGINT', () => stop('SIGINT'));

  const storeName = config.REDIS_URL ? `redis (${config.SOCKET_ADAPTER} adapter)` : 'sqlite';
  logger.info(
    {
      url: server.url,
      port: server.port,
      store: storeName,
      dataDir: config.REDIS_URL ? undefined : config.DATA_DIR,
      demo: config.DEMO,
      production: config.production,
    },
    'listening',
  );

  if (config.DEMO) {
    // The demo's keys derive from the deployment's secret (the one the instance has just read or made).
    const tokenSecret = config.TOKEN_SECRET ?? (await server.service.settingOrInit('token-secret', newId(32)));
    const demo = await ensureDemoMeeting(server.service, tokenSecret);
    const links = meetingLinks(config.PUBLIC_URL ?? server.url, demo.meetingId, demo.moderatorKey);
    // In production no output carries a moderator key: logs are collected and kept by others.
    const moderate = config.production
      ? `not printed when NODE_ENV=production; it is written to ${writePrivateLink(config.DATA_DIR, 'demo-moderator-link.txt', links.moderate)}`
      : links.moderate;
    process.stdout.write(
      [
        '',
        'Demo meeting: WSIS Forum 2020 open consultation: final briefing',
        `  attend:   ${links.attend}`,
        `  moderate: ${moderate}`,
        `  display:  ${links.display}`,
        '',
      ].join('\n'),
    );
    if (server.consultations) {
      const consultation = await ensureDemoConsultation(
        server.consultations,
        server.service,
        tokenSecret,
        demo.meetingId,
        Date.now(),
      );
      const consultationUrls = consultationLinks(config.PUBLIC_URL ?? server.url, consultation.consultationId);
      const organizeLink = consultationUrls.organize(consultation.organizerKey);
      const organize = config.production
        ? `not printed when NODE_ENV=production; it is written to ${writePrivateLink(config.DATA_DIR, 'demo-organizer-link.txt', organizeLink)}`
        : organizeLink;
      process.stdout.write(
        [
          'Demo consultation: WSIS Forum 2020 open consultation (dates shifted by whole weeks)',
          `  public:   ${consultationUrls.public}`,
          `  organize: ${organize}`,
          '',
        ].join('\n'),
      );
    }
  }
}

/** Keeps a secret link of the demo in a file only its owner can read; returns the file's path. */
function writePrivateLink(dataDir: string, fileName: string, link: string): string {
  mkdirSync(dataDir, { recursive: true });
  const path = resolve(dataDir, fileName);
  writeFileSync(path, `${link}\n`, { mode: 0o600 });
  chmodSync(path, 0o600);
  return path;
}

main().catch((error: unknown) => {
  if (error instanceof ConfigError) {
    process.stderr.write(`${error.message}\n`);
    process.exit(2);
  }
  process.stderr.write(`Plenary could not start: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
  process.exit(1);
});
