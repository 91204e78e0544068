import { describe, expect, it } from 'vitest';
import { TestClient } from '../support/client.js';
import { sampleBody } from '../support/meetings.js';
import { serverForFile } from '../support/server.js';

const PUBLIC_URL = 'https://plenary.example.org';
const DEV_ORIGIN = 'http://localhost:5173';

/** A POST as a browser page of `origin` would send it (no Origin: a script). */
function post(url: string, body: unknown, origin?: string): Promise<Response> {
  const headers: Record<string, string> = { 'content-type': 'application/json' };
  if (origin !== undefined) headers.origin = origin;
  return fetch(url, { method: 'POST', headers, body: JSON.stringify(body) });
}

const profile = { name: 'Amina', stakeholderGroup: 'government', attendance: 'remote' };

describe('origins, with PUBLIC_URL and ALLOWED_ORIGINS', () => {
  const suite = serverForFile({ publicUrl: PUBLIC_URL, allowedOrigins: [DEV_ORIGIN] });
  const connect = (auth: Record<string, unknown>, origin?: string) =>
    suite.track(new TestClient(suite.server.url, auth, origin === undefined ? {} : { headers: { origin } }));

  it('refuses a socket from another site, moderator key and all, with connect_error forbidden_origin', async () => {
    const { meetingId, moderatorKey } = await suite.server.createMeeting();
    for (const origin of ['https://evil.example', 'null', `${PUBLIC_URL}.evil.example`, 'http://plenary.example.org']) {
      const client = connect({ meetingId, moderatorKey }, origin);
      expect(await client.refused()).toMatchObject({ code: 'forbidden_origin' });
      expect(client.welcome).toBeNull();
    }
  });

  it('lets in PUBLIC_URL, ALLOWED_ORIGINS, and clients that send no Origin', async () => {
    const { meetingId, moderatorKey } = await suite.server.createMeeting();
    for (const origin of [PUBLIC_URL, DEV_ORIGIN, undefined]) {
      const welcome = await connect({ meetingId, moderatorKey }, origin).welcomed();
      expect(welcome.role).toBe('moderator');
    }
  });

  it('refuses state-changing requests from another site with 403 forbidden_origin, and still answers reads', async () => {
    const { url } = suite.server;
    const evil = 'https://evil.example';
    const refused = await post(`${url}/api/meetings`, sampleBody, evil);
    expect(refused.status).toBe(403);
    expect(await refused.json()).toEqual({ error: { code: 'forbidden_origin', message: expect.any(String) } });

    const created = await post(`${url}/api/meetings`, sampleBody, PUBLIC_URL);
    expect(created.status).toBe(201);
    const { meetingId } = (await created.json()) as { meetingId: string };
    expect((await post(`${url}/api/meetings/${meetingId}/participants`, profile, evil)).status).toBe(403);
    expect((await post(`${url}/api/meetings/${meetingId}/participants`, profile, DEV_ORIGIN)).status).toBe(201);
    expect((await post(`${url}/api/meetings/${meetingId}/participants`, profile)).status).toBe(201);
    for (const method of ['PUT', 'PATCH', 'DELETE']) {
      const response = await fetch(`${url}/api/meetings/${meetingId}`, { method, headers: { origin: evil } });
      expect(response.status).toBe(403);
    }
    // Reading is not a change: a page elsewhere may show the public snapshot.
    expect((await fetch(`${url}/api/meetings/${meetingId}`, { headers: { origin: evil } })).status).toBe(200);
  });
});

describe('origins, without PUBLIC_URL', () => {
  const suite = serverForFile({});

  it("allows the page's own address (the request's Host) and refuses any other", async () => {
    const { url } = suite.server;
    // The server listens on 127.0.0.1:<port>, and fetch sends that as Host.
    expect((await post(`${url}/api/meetings`, sampleBody, url)).status).toBe(201);
    expect((await post(`${url}/api/meetings`, sampleBody, 'https://evil.example')).status).toBe(403);
    const otherPort = url.replace(/:(\d+)$/, (_, port: string) => `:${Number(port) + 1}`);
    expect((await post(`${url}/api/meetings`, sampleBody, otherPort)).status).toBe(403);

    const { meetingId } = await suite.server.createMeeting();
    const own = suite.track(new TestClient(url, { meetingId }, { headers: { origin: url } }));
    expect((await own.welcomed()).role).toBe('attendee');
    const evil = suite.track(new TestClient(url, { meetingId }, { headers: { origin: 'http://evil.example:3000' } }));
    expect(await evil.refused()).toMatchObject({ code: 'forbidden_origin' });
  });
});
