import { describe, expect, it } from 'vitest';
import { hashModeratorKey, moderatorKeyMatches, newModeratorKey, ParticipantTokens } from '../../server/auth/secrets.js';
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
  const tokens = new ParticipantTokens('s'.repeat(40));

  it('round-trips the participant for the meeting it was issued for', () => {
    expect(tokens.verify('m1', tokens.issue('m1', alice))).toEqual(alice);
  });

  it('refuses another meeting, another secret, a tampered body and garbage', () => {
    const token = tokens.issue('m1', alice);
    expect(tokens.verify('m2', token)).toBeNull();
    expect(new ParticipantTokens('t'.repeat(40)).verify('m1', token)).toBeNull();
    const [body, signature] = token.split('.');
    const forged = Buffer.from(JSON.stringify({ v: 1, meetingId: 'm1', participant: { ...alice, id: 'p2' } })).toString(
      'base64url',
    );
    expect(tokens.verify('m1', `${forged}.${signature}`)).toBeNull();
    expect(tokens.verify('m1', `${body}`)).toBeNull();
    expect(tokens.verify('m1', `${body}.${signature}.x`)).toBeNull();
    expect(tokens.verify('m1', 'a.b')).toBeNull();
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
});
