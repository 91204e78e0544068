import { createHmac } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import {
  DEFAULT_TOKEN_TTL_MS,
  hashModeratorKey,
  moderatorKeyMatches,
  newModeratorKey,
  ParticipantTokens,
} from '../../server/auth/secrets.js';
import { loadConfig } from '../../server/config.js';
import type { Participant } from '../../shared/model.js';

const alice: Participant = {
  id: 'p1',
  name: 'Alice',
  affiliation: 'Kenya',
  stakeholderGroup: 'government',
  attendance: 'remote',
};

describe('participant tokens', () => {
  const secret = 's'.repeat(40);
  const tokens = new ParticipantTokens({ current: secret });

  it('round-trips the participant for the meeting it was issued for', () => {
    expect(tokens.verify('m1', tokens.issue('m1', alice))).toEqual(alice);
  });

  it('refuses another meeting, another secret, a tampered body and garbage', () => {
    const token = tokens.issue('m1', alice);
    expect(tokens.verify('m2', token)).toBeNull();
    expect(new ParticipantTokens({ current: 't'.repeat(40) }).verify('m1', token)).toBeNull();
    const [body, signature] = token.split('.');
    const claims = JSON.parse(Buffer.from(body ?? '', 'base64url').toString('utf8')) as Record<string, unknown>;
    const forged = Buffer.from(JSON.stringify({ ...claims, participant: { ...alice, id: 'p2' } })).toString('base64url');
    expect(tokens.verify('m1', `${forged}.${signature}`)).toBeNull();
    expect(tokens.verify('m1', `${body}`)).toBeNull();
    expect(tokens.verify('m1', `${body}.${signature}.x`)).toBeNull();
    expect(tokens.verify('m1', 'a.b')).toBeNull();
  });

  it('expire after their lifetime (30 days by default), with a reason of their own', () => {
    let now = 1_000_000;
    const clocked = new ParticipantTokens({ current: secret }, undefined, () => now);
    const token = clocked.issue('m1', alice);
    now += DEFAULT_TOKEN_TTL_MS - 1;
    expect(clocked.check('m1', token)).toEqual({ ok: true, participant: alice });
    now += 1;
    expect(clocked.check('m1', token)).toEqual({ ok: false, reason: 'expired' });
    // A forged token is invalid, not expired, whatever its claims say.
    expect(clocked.check('m1', `${token.split('.')[0]}.AAAA`)).toEqual({ ok: false, reason: 'invalid' });
  });

  it('are still accepted after a rotation while the previous secret is configured, and only then', () => {
    const oldSecret = 'o'.repeat(40);
    const newSecret = 'n'.repeat(40);
    const token = new ParticipantTokens({ current: oldSecret }).issue('m1', alice);
    const rotated = new ParticipantTokens({ current: newSecret, previous: oldSecret });
    expect(rotated.verify('m1', token)).toEqual(alice);
    expect(new ParticipantTokens({ current: newSecret }).check('m1', token)).toEqual({ ok: false, reason: 'invalid' });
    // New tokens are signed with the new secret: they outlive the removal of the previous one.
    const fresh = rotated.issue('m1', alice);
    expect(new ParticipantTokens({ current: newSecret }).verify('m1', fresh)).toEqual(alice);
    expect(new ParticipantTokens({ current: oldSecret }).verify('m1', fresh)).toBeNull();
  });

  it('refuse the older format without expiry or key id', () => {
    const body = Buffer.from(JSON.stringify({ v: 1, meetingId: 'm1', participant: alice })).toString('base64url');
    const legacy = `${body}.${createHmac('sha256', secret).update(body).digest('base64url')}`;
    expect(tokens.check('m1', legacy)).toEqual({ ok: false, reason: 'invalid' });
  });
});

describe('moderator keys', () => {
  it('match their hash only', () => {
    const key = newModeratorKey();
    expect(key.length).toBeGreaterThanOrEqual(32);
    expect(moderatorKeyMatches(key, hashModeratorKey(key))).toBe(true);
    expect(moderatorKeyMatches(`${key}x`, hashModeratorKey(key))).toBe(false);
    expect(moderatorKeyMatches(key, 'abc')).toBe(false);
  });
});

describe('configuration', () => {
  it('has working defaults and refuses bad values with the variable named', () => {
    expect(loadConfig({})).toMatchObject({ PORT: 3000, DATA_DIR: './data', DEMO: true });
    expect(() => loadConfig({ PORT: 'eighty' })).toThrow(/PORT/);
    expect(() => loadConfig({ TOKEN_SECRET: 'short' })).toThrow(/TOKEN_SECRET/);
    expect(loadConfig({ DEMO: 'off', PORT: '0' })).toMatchObject({ DEMO: false, PORT: 0 });
  });

  it('turns the demo off in production unless DEMO says otherwise', () => {
    expect(loadConfig({ NODE_ENV: 'production' })).toMatchObject({ DEMO: false, production: true });
    expect(loadConfig({ NODE_ENV: 'production', DEMO: 'on' })).toMatchObject({ DEMO: true, production: true });
    expect(loadConfig({ NODE_ENV: 'development' })).toMatchObject({ DEMO: true, production: false });
  });

  it('reads durations with their unit and refuses the rest', () => {
    expect(loadConfig({})).toMatchObject({ TOKEN_TTL: DEFAULT_TOKEN_TTL_MS, SHUTDOWN_TIMEOUT: 20_000 });
    expect(loadConfig({ TOKEN_TTL: '12h', SHUTDOWN_TIMEOUT: '500ms' })).toMatchObject({
      TOKEN_TTL: 12 * 3_600_000,
      SHUTDOWN_TIMEOUT: 500,
    });
    expect(() => loadConfig({ TOKEN_TTL: '30' })).toThrow(/TOKEN_TTL/);
    expect(() => loadConfig({ TOKEN_TTL: '0d' })).toThrow(/TOKEN_TTL/);
    expect(() => loadConfig({ METRICS_TOKEN: 'short' })).toThrow(/METRICS_TOKEN/);
  });
});
