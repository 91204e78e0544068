import pino from 'pino';
import { startPlenary } from './app.js';
import { ConfigError, loadConfig } from './config.js';
import { ensureDemoMeeting } from './demo.js';
import { meetingLinks } from './http/routes.js';
import { newId } from './ids.js';
import { SqliteStore } from './store/sqlite.js';

async function main(): Promise<void> {
  const config = loadConfig(process.env);
  const logger = pino({ level: config.LOG_LEVEL, base: { pid: process.pid } });
  const store = new SqliteStore(config.DATA_DIR);
  const tokenSecret = config.TOKEN_SECRET ?? (await store.settingOrInit('token-secret', newId(32)));
  const server = await startPlenary({
    store,
    logger,
    port: config.PORT,
    host: config.HOST,
    publicUrl: config.PUBLIC_URL,
    tokenSecret,
    clientDir: config.CLIENT_DIR === '' ? null : config.CLIENT_DIR,
    commandsPerSecond: config.COMMANDS_PER_SECOND,
  });
  logger.info({ url: server.url, port: server.port, store: 'sqlite', dataDir: config.DATA_DIR }, 'listening');

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
  }

  let stopping = false;
  const stop = async (signal: string) => {
    if (stopping) return;
    stopping = true;
    logger.info({ signal }, 'stopping');
    await server.close();
    await store.close();
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
