import type { Redis } from 'ioredis';
import { type RateLimiterAbstract, RateLimiterMemory, RateLimiterRedis, RateLimiterRes } from 'rate-limiter-flexible';

/** At most `points` in every window of `seconds` (a fixed window, started by the first one). */
export interface Limit {
  points: number;
  seconds: number;
}

/** What each limit counts, and per what. */
export interface LimitSettings {
  /** Commands per sender: a participant, a moderator link, or an attendee's address; all their sockets together. */
  commands: Limit;
  /** Meetings created per client address (`POST /api/meetings`). */
  meetingsPerAddress: Limit;
  /** Participants registered per client address (`POST /api/meetings/:id/participants`), across meetings. */
  registrationsPerAddress: Limit;
  /** Participants registered per meeting, whoever registers them. */
  registrationsPerMeeting: Limit;
}

export const DEFAULT_LIMITS: LimitSettings = {
  commands: { points: 20, seconds: 1 },
  meetingsPerAddress: { points: 20, seconds: 3600 },
  // A room behind one NAT registers from one address: generous, yet far from "thousands from one script".
  registrationsPerAddress: { points: 200, seconds: 3600 },
  registrationsPerMeeting: { points: 2000, seconds: 3600 },
};

/** Refused: try again after `retryAfterMs`. */
export interface Refusal {
  retryAfterMs: number;
}

/**
 * The instance's rate limits. With Redis (scale-out) the counts live there, so
 * every instance draws from the same allowance and reconnecting elsewhere, or
 * opening more sockets, gains nothing; while Redis is away each instance falls
 * back to counting alone (in memory) rather than letting everything through
 * or refusing everything.
 */
export class RateLimits {
  private readonly commandLimiter: RateLimiterAbstract;
  private readonly meetingLimiter: RateLimiterAbstract;
  private readonly registrationByAddress: RateLimiterAbstract;
  private readonly registrationByMeeting: RateLimiterAbstract;

  constructor(
    readonly settings: LimitSettings,
    redis: Redis | null,
  ) {
    const make = (name: string, { points, seconds }: Limit): RateLimiterAbstract => {
      const memory = new RateLimiterMemory({ keyPrefix: name, points, duration: seconds });
      if (!redis) return memory;
      return new RateLimiterRedis({
        storeClient: redis,
        keyPrefix: `plenary:limit:${name}`,
        points,
        duration: seconds,
        insuranceLimiter: memory,
        rejectIfRedisNotReady: true,
      });
    };
    this.commandLimiter = make('commands', settings.commands);
    this.meetingLimiter = make('meetings', settings.meetingsPerAddress);
    this.registrationByAddress = make('registrations-address', settings.registrationsPerAddress);
    this.registrationByMeeting = make('registrations-meeting', settings.registrationsPerMeeting);
  }

  /** One command of `sender`; null when allowed. */
  command(sender: string): Promise<Refusal | null> {
    return take(this.commandLimiter, sender);
  }

  /** One meeting created from `address`; null when allowed. */
  createMeeting(address: string): Promise<Refusal | null> {
    return take(this.meetingLimiter, address);
  }

  /** One participant registered from `address`, before the meeting is looked up; null when allowed. */
  registerFrom(address: string): Promise<Refusal | null> {
    return take(this.registrationByAddress, address);
  }

  /** One participant registered in an existing meeting; null when allowed. */
  registerIn(meetingId: string): Promise<Refusal | null> {
    return take(this.registrationByMeeting, meetingId);
  }
}

async function take(limiter: RateLimiterAbstract, key: string): Promise<Refusal | null> {
  try {
    await limiter.consume(key);
    return null;
  } catch (rejection) {
    // With an insurance limiter a store failure never lands here; anything else is a refusal by count.
    if (rejection instanceof RateLimiterRes) return { retryAfterMs: Math.max(rejection.msBeforeNext, 1) };
    throw rejection;
  }
}

/** `Retry-After` in whole seconds, never 0 (a client retrying at once would be refused again). */
export const retryAfterSeconds = ({ retryAfterMs }: Refusal) => Math.max(1, Math.ceil(retryAfterMs / 1000));
