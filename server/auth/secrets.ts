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

/** Default lifetime of a participant token: 30 days. */
export const DEFAULT_TOKEN_TTL_MS = 30 * 24 * 60 * 60 * 1000;

/** Current format of a token's claims; tokens of an older format (no expiry, no key id) are refused. */
const TOKEN_FORMAT = 2;

export type TokenCheck = { ok: true; participant: Participant } | { ok: false; reason: 'expired' | 'invalid' };

export interface TokenSecrets {
  /** Signs new tokens, and checks them. */
  current: string;
  /** Checks tokens only: the secret before a rotation, accepted until it is removed. */
  previous?: string | undefined;
}

/**
 * A secret's key id: a short public fingerprint carried in each token, so that
 * a check picks the secret that signed it (current or previous) without trying both.
 */
export function keyId(secret: string): string {
  return createHash('sha256').update(`plenary-token-key:${secret}`).digest('base64url').slice(0, 8);
}

/**
 * Participant tokens are self-contained and signed (HMAC-SHA256): any
 * instance can check one without a store round trip, and nobody can forge
 * another person's identity without the secret. Each carries an expiry and
 * the id of the key that signed it, so the secret can be rotated.
 */
export class ParticipantTokens {
  private readonly keys: ReadonlyMap<string, string>;
  private readonly currentKeyId: string;

  constructor(
    private readonly secrets: TokenSecrets,
    private readonly ttlMs: number = DEFAULT_TOKEN_TTL_MS,
    private readonly now: () => number = Date.now,
  ) {
    this.currentKeyId = keyId(secrets.current);
    const keys = new Map([[this.currentKeyId, secrets.current]]);
    if (secrets.previous !== undefined && secrets.previous !== secrets.current)
      keys.set(keyId(secrets.previous), secrets.previous);
    this.keys = keys;
  }

  issue(meetingId: string, participant: Participant): string {
    const claims = { v: TOKEN_FORMAT, kid: this.currentKeyId, exp: this.now() + this.ttlMs, meetingId, participant };
    const body = Buffer.from(JSON.stringify(claims)).toString('base64url');
    return `${body}.${this.sign(this.secrets.current, body)}`;
  }

  /**
   * The participant the token names for this meeting; `expired` for a genuine
   * token past its expiry, `invalid` when it is forged, damaged, signed by an
   * unknown key or for another meeting.
   */
  check(meetingId: string, token: string): TokenCheck {
    const invalid: TokenCheck = { ok: false, reason: 'invalid' };
    const [body, signature, extra] = token.split('.');
    if (!body || !signature || extra !== undefined) return invalid;
    let claims: { v?: unknown; kid?: unknown; exp?: unknown; meetingId?: unknown; participant?: unknown };
    try {
      const decoded: unknown = JSON.parse(Buffer.from(body, 'base64url').toString('utf8'));
      if (typeof decoded !== 'object' || decoded === null) return invalid;
      claims = decoded;
    } catch {
      return invalid;
    }
    // The key id only chooses the secret; the signature below is what is trusted.
    const secret = typeof claims.kid === 'string' ? this.keys.get(claims.kid) : undefined;
    if (secret === undefined) return invalid;
    const expected = Buffer.from(this.sign(secret, body), 'base64url');
    const given = Buffer.from(signature, 'base64url');
    if (expected.length !== given.length || !timingSafeEqual(expected, given)) return invalid;
    if (claims.v !== TOKEN_FORMAT || claims.meetingId !== meetingId) return invalid;
    if (typeof claims.exp !== 'number' || typeof claims.participant !== 'object' || claims.participant === null) return invalid;
    if (claims.exp <= this.now()) return { ok: false, reason: 'expired' };
    const { id, ...profileFields } = claims.participant as { id?: unknown };
    const profile = ParticipantProfile.safeParse(profileFields);
    return profile.success && typeof id === 'string' ? { ok: true, participant: { id, ...profile.data } } : invalid;
  }

  /** The participant, or null for any token `check` does not accept. */
  verify(meetingId: string, token: string): Participant | null {
    const result = this.check(meetingId, token);
    return result.ok ? result.participant : null;
  }

  private sign(secret: string, body: string): string {
    return createHmac('sha256', secret).update(body).digest('base64url');
  }
}
