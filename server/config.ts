import { z } from 'zod';
import { DEFAULT_LIMITS, type LimitSettings } from './security/rate-limits.js';

/** An origin as browsers send it: scheme, host and port, no path. */
const origin = z
  .url({ protocol: /^https?$/ })
  .refine((value) => new URL(value).origin === value.replace(/\/$/, ''), {
    message: 'each entry must be an origin such as https://plenary.example.org (scheme, host, port; no path)',
  })
  .transform((value) => new URL(value).origin);

const perHour = z.coerce.number().int().min(1).max(1_000_000);

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
  /**
   * Commands per second one sender may send, all its sockets on all instances
   * together: a participant, a moderator link, or an attendee's address.
   */
  COMMANDS_PER_SECOND: z.coerce.number().int().min(1).max(10_000).default(DEFAULT_LIMITS.commands.points),
  /** Meetings one client address may create per hour. */
  MEETINGS_PER_HOUR: perHour.default(DEFAULT_LIMITS.meetingsPerAddress.points),
  /** Participants one client address may register per hour (a room behind one NAT shares it). */
  REGISTRATIONS_PER_ADDRESS_PER_HOUR: perHour.default(DEFAULT_LIMITS.registrationsPerAddress.points),
  /** Participants one meeting may take in per hour. */
  REGISTRATIONS_PER_MEETING_PER_HOUR: perHour.default(DEFAULT_LIMITS.registrationsPerMeeting.points),
  /**
   * Browser origins allowed besides PUBLIC_URL's (or, without PUBLIC_URL, the
   * request's own host), comma-separated: `https://a.example,http://localhost:5173`.
   */
  ALLOWED_ORIGINS: z
    .string()
    .default('')
    .transform((list) =>
      list
        .split(',')
        .map((origin) => origin.trim())
        .filter((origin) => origin !== ''),
    )
    .pipe(z.array(origin)),
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
  /** Meetings that ended more than this many days ago are deleted with all their data; 0 keeps them forever. */
  RETENTION_DAYS: z.coerce.number().int().min(0).max(36_500).default(90),
  /**
   * Seconds a meeting nobody is connected to stays in memory (presence, cached
   * snapshot, pending broadcasts) before it is released; it is rebuilt from the
   * store when someone comes back.
   */
  MEETING_IDLE_SECONDS: z.coerce.number().int().min(1).max(86_400).default(300),
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

/** The rate limits the configuration asks for. */
export function limitsFrom(config: Config): LimitSettings {
  return {
    commands: { points: config.COMMANDS_PER_SECOND, seconds: 1 },
    meetingsPerAddress: { points: config.MEETINGS_PER_HOUR, seconds: 3600 },
    registrationsPerAddress: { points: config.REGISTRATIONS_PER_ADDRESS_PER_HOUR, seconds: 3600 },
    registrationsPerMeeting: { points: config.REGISTRATIONS_PER_MEETING_PER_HOUR, seconds: 3600 },
  };
}
