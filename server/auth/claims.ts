import { createHmac, randomBytes, timingSafeEqual } from 'node:crypto';

/**
 * One-time codes that let a person the chair inscribed (someone without a
 * device at the time) take over that participant on their own phone. Signed,
 * so a made-up code is refused without touching the store; used once, which
 * the store remembers (`settingOrInit` keeps the first redemption).
 */
export class ClaimCodes {
  constructor(private readonly secret: string) {}

  issue(meetingId: string, participantId: string): string {
    const body = Buffer.from(
      JSON.stringify({ m: meetingId, p: participantId, n: randomBytes(12).toString('base64url') }),
    ).toString('base64url');
    return `${body}.${this.sign(body)}`;
  }

  /** The participant and the code's nonce, or null when the code is forged, damaged or for another meeting. */
  verify(meetingId: string, code: string): { participantId: string; nonce: string } | null {
    const [body, signature, extra] = code.split('.');
    if (!body || !signature || extra !== undefined) return null;
    const expected = Buffer.from(this.sign(body), 'base64url');
    const given = Buffer.from(signature, 'base64url');
    if (expected.length !== given.length || !timingSafeEqual(expected, given)) return null;
    try {
      const claims = JSON.parse(Buffer.from(body, 'base64url').toString('utf8')) as { m?: unknown; p?: unknown; n?: unknown };
      if (claims.m !== meetingId || typeof claims.p !== 'string' || typeof claims.n !== 'string') return null;
      return { participantId: claims.p, nonce: claims.n };
    } catch {
      return null;
    }
  }

  private sign(body: string): string {
    // A key of its own, derived from the token secret: a claim code can never pass as a participant token.
    return createHmac('sha256', `claim:${this.secret}`).update(body).digest('base64url');
  }
}
