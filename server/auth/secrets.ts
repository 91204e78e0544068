import { createHash, createHmac, randomBytes, timingSafeEqual } from 'node:crypto';
import { type Participant, ParticipantProfile } from '../../shared/model.js';

/** The moderator key: high-entropy, so a plain SHA-256 is a sufficient stored hash. */
export function newModeratorKey(): string {
  return randomBytes(24).toString('base64url');
}

export function hashModeratorKey(key: string): string {
  return createHash('sha256').update(key).digest('hex');
}

export function moderatorKeyMatches(key: string, storedHash: string): boolean {
  const given = Buffer.from(hashModeratorKey(key), 'hex');
  const stored = Buffer.from(storedHash, 'hex');
  return given.length === stored.length && timingSafeEqual(given, stored);
}

/**
 * Participant tokens are self-contained and signed (HMAC-SHA256): any
 * instance can check one without a store round trip, and nobody can forge
 * another person's identity without the secret.
 */
export class ParticipantTokens {
  constructor(private readonly secret: string) {}

  issue(meetingId: string, participant: Participant): string {
    const body = Buffer.from(JSON.stringify({ v: 1, meetingId, participant })).toString('base64url');
    return `${body}.${this.sign(body)}`;
  }

  /** The participant the token names for this meeting, or null when it is forged, damaged or for another meeting. */
  verify(meetingId: string, token: string): Participant | null {
    const [body, signature, extra] = token.split('.');
    if (!body || !signature || extra !== undefined) return null;
    const expected = Buffer.from(this.sign(body), 'base64url');
    const given = Buffer.from(signature, 'base64url');
    if (expected.length !== given.length || !timingSafeEqual(expected, given)) return null;
    try {
      const decoded: unknown = JSON.parse(Buffer.from(body, 'base64url').toString('utf8'));
      if (typeof decoded !== 'object' || decoded === null) return null;
      const claims = decoded as { v?: unknown; meetingId?: unknown; participant?: { id?: unknown } };
      if (claims.v !== 1 || claims.meetingId !== meetingId || typeof claims.participant !== 'object') return null;
      const { id, ...profileFields } = claims.participant;
      const profile = ParticipantProfile.safeParse(profileFields);
      return profile.success && typeof id === 'string' ? { id, ...profile.data } : null;
    } catch {
      return null;
    }
  }

  private sign(body: string): string {
    return createHmac('sha256', this.secret).update(body).digest('base64url');
  }
}
