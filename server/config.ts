import { z } from 'zod';

const flag = z.enum(['on', 'off', 'true', 'false', '1', '0']).transform((v) => v === 'on' || v === 'true' || v === '1');

const DURATION_UNITS_MS = { ms: 1, s: 1000, m: 60_000, h: 3_600_000, d: 86_400_000 } as const;

/** A duration such as `30d`, `12h`, `90m`, `10s` or `500ms`, in milliseconds. */
export const duration = z
  .string()
  .regex(/^\d+(ms|s|m|h|d)$/, 'a duration is a whole number and a unit: ms, s, m, h or d (e.g. 30d)')
  .transform((text) => {
    const [, amount = '0', unit = 'ms'] = /^(\d+)(ms|s|m|h|d)$/.exec(text) ?? [];
    return Number(amount) * DURATION_UNITS_MS[unit as keyof typeof DURATION_UNITS_MS];
  })
  .refine((ms) => ms > 0 && Number.isSafeInteger(ms), 'a duration must be above zero');

/** Settings read from the environment once, at start. A bad value stops the process with a clear message. */
const ConfigSchema = z.object({
  /** `production` turns the demo off unless DEMO says otherwise, and keeps its moderator key out of the output. */
  NODE_ENV: z.string().optional(),
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
  /**
   * The secret before a rotation: tokens it signed are still accepted (never
   * issued) until this variable is removed.
   */
  TOKEN_SECRET_PREVIOUS: z.string().min(32, 'TOKEN_SECRET_PREVIOUS must be at least 32 characters').optional(),
  /** How long a participant token is valid after it is issued. */
  TOKEN_TTL: duration.prefault('30d'),
  /**
   * Create the demo meeting on first start and print its links. Unset (or
   * empty): on, except with NODE_ENV=production.
   */
  DEMO: z.preprocess((value) => (value === '' ? undefined : value), flag.optional()),
  /** Bearer token that /metrics requires; unset, /metrics answers 404. */
  METRICS_TOKEN: z.string().min(16, 'METRICS_TOKEN must be at least 16 characters').optional(),
  /** Longest a graceful stop may take before the process exits anyway, with code 1. */
  SHUTDOWN_TIMEOUT: duration.prefault('20s'),
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
  /** Log level for pino. */
  LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
  /** Folder of the built client to serve; empty serves the API only. */
  CLIENT_DIR: z.string().default('client/dist'),
});

const ResolvedConfigSchema = ConfigSchema.transform((config) => {
  const production = config.NODE_ENV === 'production';
  return { ...config, production, DEMO: config.DEMO ?? !production };
});

export type Config = z.infer<typeof ResolvedConfigSchema>;

export class ConfigError extends Error {}

export function loadConfig(env: NodeJS.ProcessEnv): Config {
  const result = ResolvedConfigSchema.safeParse(env);
  if (result.success) return result.data;
  const lines = result.error.issues.map((issue) => `  ${issue.path.join('.')}: ${issue.message}`);
  throw new ConfigError(`Invalid configuration:\n${lines.join('\n')}`);
}
