import { z } from 'zod';

const flag = z.enum(['on', 'off', 'true', 'false', '1', '0']).transform((v) => v === 'on' || v === 'true' || v === '1');

/** Settings read from the environment once, at start. A bad value stops the process with a clear message. */
const ConfigSchema = z.object({
  /** TCP port for HTTP and Socket.IO; 0 picks a free one. */
  PORT: z.coerce.number().int().min(0).max(65535).default(3000),
  /** Address to listen on. */
  HOST: z.string().min(1).default('0.0.0.0'),
  /** Folder of the embedded SQLite database. */
  DATA_DIR: z.string().min(1).default('./data'),
  /**
   * The address people reach Plenary at, used to build the links a new
   * meeting returns. Defaults to http://localhost:PORT.
   */
  PUBLIC_URL: z.url({ protocol: /^https?$/ }).optional(),
  /**
   * Secret that signs participant tokens. When unset, one is generated once
   * and kept in the store, so tokens survive restarts.
   */
  TOKEN_SECRET: z.string().min(32, 'TOKEN_SECRET must be at least 32 characters').optional(),
  /** Create the demo meeting on first start and print its links. */
  DEMO: flag.default(true),
  /** Commands per second one connection may send before it is told to slow down. */
  COMMANDS_PER_SECOND: z.coerce.number().int().min(1).max(10_000).default(20),
  /**
   * Redis for scale-out (redis://host:port). When set, meetings live in Redis
   * and every instance pointed at it serves every meeting; when unset, the
   * embedded SQLite store serves one instance.
   */
  REDIS_URL: z.url({ protocol: /^rediss?$/ }).optional(),
  /** How instances share broadcasts through Redis: classic pub/sub, sharded pub/sub (Redis 7), or a stream. */
  SOCKET_ADAPTER: z.enum(['classic', 'sharded', 'streams']).default('sharded'),
  /** This instance's name in metrics and presence; defaults to host name and pid. */
  INSTANCE_ID: z.string().min(1).max(100).optional(),
  /**
   * Collect garbage before answering /metrics, so memory figures show what is
   * retained (for benchmarks; needs `node --expose-gc`).
   */
  METRICS_GC: flag.default(false),
  /**
   * SMTP server for the consultations' confirmation e-mails
   * (smtp://user:pass@host:587 or smtps://…). When unset, each message is
   * written as an .eml file under DATA_DIR/outbox.
   */
  SMTP_URL: z.url({ protocol: /^smtps?$/ }).optional(),
  /** Sender of the confirmation e-mails. */
  MAIL_FROM: z.string().min(3).max(200).default('Plenary <plenary@localhost>'),
  /** Log level for pino. */
  LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
  /** Folder of the built client to serve; empty serves the API only. */
  CLIENT_DIR: z.string().default('client/dist'),
});

export type Config = z.infer<typeof ConfigSchema>;

export class ConfigError extends Error {}

export function loadConfig(env: NodeJS.ProcessEnv): Config {
  const result = ConfigSchema.safeParse(env);
  if (result.success) return result.data;
  const lines = result.error.issues.map((issue) => `  ${issue.path.join('.')}: ${issue.message}`);
  throw new ConfigError(`Invalid configuration:\n${lines.join('\n')}`);
}
