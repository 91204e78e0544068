import { hostname } from 'node:os';
import pino from 'pino';
import { startPlenary } from './app.js';
import { ConfigError, loadConfig } from './config.js';
import { ensureDemoConsultation } from './consultations/demo.js';
import { consultationLinks } from './consultations/service.js';
import { ensureDemoMeeting } from './demo.js';
import { createRedisAdapter } from './fanout/adapter.js';
import { redisPresenceMerge } from './fanout/presence-redis.js';
import { meetingLinks } from './http/routes.js';
import { newId } from './ids.js';
import { RedisStore } from './store/redis.js';
import { SqliteStore } from './store/sqlite.js';
import type { MeetingStore } from './store/types.js';

async function main(): Promise<void> {
  const config = loadConfig(process.env);
  const instanceId = config.INSTANCE_ID ?? `${hostname()}-${process.pid}`;
  const logger = pino({ level: config.LOG_LEVEL, base: { pid: process.pid, instance: instanceId } });
  // A failure in a background broadcast (Redis away) is logged; it must never take the instance down.
  process.on('unhandledRejection', (reason) => logger.error({ err: reason }, 'unhandled rejection'));

  let store: MeetingStore;
  let scaleOut: Pick<Parameters<typeof startPlenary>[0], 'adapter' | 'presenceMerge' | 'sharedStore' | 'onClose'> = {};
  if (config.REDIS_URL) {
    const redisStore = new RedisStore(config.REDIS_URL, (error) => logger.warn({ err: error.message }, 'redis store connection'));
    const adapter = createRedisAdapter(config.SOCKET_ADAPTER, config.REDIS_URL, (error) =>
      logger.warn({ err: error.message }, 'redis adapter connection'),
    );
    store = redisStore;
    scaleOut = {
      adapter: adapter.adapter,
      presenceMerge: redisPresenceMerge(redisStore.redis, instanceId),
      sharedStore: true,
      onClose: () => adapter.close(),
    };
  } else {
    store = new SqliteStore(config.DATA_DIR);
  }

  const tokenSecret = config.TOKEN_SECRET ?? (await store.settingOrInit('token-secret', newId(32)));
  const server = await startPlenary({
    store,
    logger,
    instanceId,
    port: config.PORT,
    host: config.HOST,
    publicUrl: config.PUBLIC_URL,
    tokenSecret,
    clientDir: config.CLIENT_DIR === '' ? null : config.CLIENT_DIR,
    commandsPerSecond: config.COMMANDS_PER_SECOND,
    collectGarbageForMetrics: config.METRICS_GC,
    consultations: { dataDir: config.DATA_DIR, smtpUrl: config.SMTP_URL, mailFrom: config.MAIL_FROM },
    ...scaleOut,
  });
  const storeName = config.REDIS_URL ? `redis (${config.SOCKET_ADAPTER} adapter)` : 'sqlite';
  logger.info(
    { url: server.url, port: server.port, store: storeName, dataDir: config.REDIS_URL ? undefined : config.DATA_DIR },
    'listening',
  );

  if (config.DEMO) {
    const demo = await ensureDemoMeeting(server.service, store, tokenSecret);
    const links = meetingLinks(config.PUBLIC_URL ?? server.url, demo.meetingId, demo.moderatorKey);
    process.stdout.write(
      [
        '',
        'Demo meeting: WSIS Forum 2020 open consultation: final briefing',
        `  attend:   ${links.attend}`,
        `  moderate: ${links.moderate}`,
        `  display:  ${links.display}`,
        '',
      ].join('\n'),
    );
    if (server.consultations) {
      const consultation = await ensureDemoConsultation(server.consultations, store, tokenSecret, demo.meetingId, Date.now());
      const consultationUrls = consultationLinks(config.PUBLIC_URL ?? server.url, consultation.consultationId);
      process.stdout.write(
        [
          'Demo consultation: WSIS Forum 2020 open consultation (dates shifted by whole weeks)',
          `  public:   ${consultationUrls.public}`,
          `  organize: ${consultationUrls.organize(consultation.organizerKey)}`,
          '',
        ].join('\n'),
      );
    }
  }

  let stopping = false;
  const stop = async (signal: string) => {
    if (stopping) return;
    stopping = true;
    logger.info({ signal }, 'draining');
    await server.drain();
    logger.info({ signal }, 'stopped');
    process.exit(0);
  };
  process.on('SIGTERM', () => void stop('SIGTERM'));
  process.on('SIGINT', () => void stop('SIGINT'));
}

main().catch((error: unknown) => {
  if (error instanceof ConfigError) {
    process.stderr.write(`${error.message}\n`);
    process.exit(2);
  }
  process.stderr.write(`Plenary could not start: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
  process.exit(1);
});
