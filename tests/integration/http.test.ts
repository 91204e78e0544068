import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sampleBody } from '../support/meetings.js';
import { startTestServer, type TestServer } from '../support/server.js';

let server: TestServer;
beforeAll(async () => {
  server = await startTestServer();
});
afterAll(async () => {
  await server.stop();
});

const post = (path: string, body: string, type = 'application/json') =>
  fetch(`${server.url}${path}`, { method: 'POST', headers: { 'content-type': type }, body });

describe('HTTP API', () => {
  it('reports health and readiness', async () => {
    const health = await fetch(`${server.url}/healthz`);
    expect(health.status).toBe(200);
    expect(await health.json()).toEqual({ status: 'ok' });
    expect((await fetch(`${server.url}/readyz`)).status).toBe(200);
  });

  it('creates a meeting and returns its id, key and the link of every role', async () => {
    const created = await server.createMeeting();
    expect(created.meetingId).toMatch(/^[\w-]{8,}$/);
    expect(created.moderatorKey.length).toBeGreaterThanOrEqual(32);
    expect(created.links).toEqual({
      attend: `${server.url}/m/${created.meetingId}`,
      moderate: `${server.url}/m/${created.meetingId}/moderate#key=${created.moderatorKey}`,
      display: `${server.url}/m/${created.meetingId}/display`,
    });
  });

  it('serves the public snapshot with its version, and never the moderator key or its hash', async () => {
    const created = await server.createMeeting();
    const response = await fetch(`${server.url}/api/meetings/${created.meetingId}`);
    expect(response.status).toBe(200);
    const text = await response.text();
    const snapshot = JSON.parse(text);
    expect(snapshot.version).toBe(0);
    expect(snapshot.meeting).toMatchObject({
      id: created.meetingId,
      title: sampleBody.title,
      timeZone: 'Europe/Zurich',
      status: 'scheduled',
      scheduledStart: Date.parse('2020-02-28T13:00:00Z'),
    });
    expect(snapshot.meeting.agenda.items.map((item: { title: string }) => item.title)).toEqual([
      'Opening',
      'Report',
      'Discussion',
    ]);
    expect(text).not.toContain(created.moderatorKey);
    const hash = await server.store.moderatorKeyHash(created.meetingId);
    expect(hash).toBeTruthy();
    expect(text).not.toContain(hash);
  });

  it('answers 404 with JSON for an unknown meeting or route', async () => {
    const response = await fetch(`${server.url}/api/meetings/nope`);
    expect(response.status).toBe(404);
    expect(await response.json()).toEqual({ error: { code: 'not_found', message: 'no such meeting' } });
    const route = await fetch(`${server.url}/api/whatever`);
    expect(route.status).toBe(404);
    expect((await route.json()).error.code).toBe('not_found');
  });

  it('refuses a bad body with 400 and a readable list of what is wrong', async () => {
    const response = await post(
      '/api/meetings',
      JSON.stringify({
        ...sampleBody,
        title: '',
        timeZone: 'Mars/Olympus',
        endsAt: '2020-02-28T10:00:00+01:00',
        extra: 1,
        agenda: [{ title: 'x', minutes: 0 }],
      }),
    );
    expect(response.status).toBe(400);
    const body = await response.json();
    expect(body.error.code).toBe('invalid');
    const paths = body.error.issues.map((issue: { path: string }) => issue.path);
    expect(paths).toEqual(expect.arrayContaining(['title', 'timeZone', 'agenda.0.minutes', '']));
    expect(body.error.issues.find((issue: { path: string }) => issue.path === 'timeZone').message).toMatch(/IANA/);
    // Each problem carries a stable code (and its bound) that clients translate.
    const codeAt = (path: string) => body.error.issues.find((issue: { path: string }) => issue.path === path);
    expect(codeAt('timeZone')).toMatchObject({ code: 'not_time_zone' });
    expect(codeAt('agenda.0.minutes')).toMatchObject({ code: 'too_small', limit: 1 });
    expect(codeAt('')).toMatchObject({ code: 'unknown_field' });
  });

  it('checks that the end comes after the start', async () => {
    const response = await post('/api/meetings', JSON.stringify({ ...sampleBody, endsAt: '2020-02-28T10:00:00+01:00' }));
    expect(response.status).toBe(400);
    expect((await response.json()).error.issues).toEqual([
      { path: 'endsAt', code: 'ends_before_start', message: 'endsAt must be after startsAt' },
    ]);
  });

  it('refuses malformed JSON and oversized bodies with JSON errors', async () => {
    const malformed = await post('/api/meetings', '{"title": ');
    expect(malformed.status).toBe(400);
    expect((await malformed.json()).error.code).toBe('invalid');
    const huge = await post('/api/meetings', JSON.stringify({ ...sampleBody, title: 'x'.repeat(100_000) }));
    expect(huge.status).toBe(413);
    expect((await huge.json()).error.code).toBe('invalid');
  });

  it('registers a participant with a signed token, and refuses a bad profile', async () => {
    const created = await server.createMeeting();
    const { token, participant } = await server.register(created.meetingId, { name: '  Amina  ' });
    expect(participant).toMatchObject({ name: 'Amina', stakeholderGroup: 'government', attendance: 'remote' });
    expect(token.split('.')).toHaveLength(2);
    const bad = await post(
      `/api/meetings/${created.meetingId}/participants`,
      JSON.stringify({ name: '', stakeholderGroup: 'aliens', attendance: 'remote' }),
    );
    expect(bad.status).toBe(400);
    expect((await bad.json()).error.issues.map((issue: { path: string; code: string }) => [issue.path, issue.code])).toEqual([
      ['name', 'empty'],
      ['stakeholderGroup', 'not_allowed'],
    ]);
    const unknown = await post(
      '/api/meetings/nope/participants',
      JSON.stringify({ name: 'A', stakeholderGroup: 'other', attendance: 'remote' }),
    );
    expect(unknown.status).toBe(404);
  });
});
