import { createHmac } from 'node:crypto';
import { once } from 'node:events';
import { mkdtempSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { TestClient } from '../support/client.js';
import { type ServerProcess, spawnServer } from '../support/process.js';

const TOKEN_SECRET = 'production-secret-production-secret-0123';
const dataDirs: string[] = [];
const processes: ServerProcess[] = [];
const clients: TestClient[] = [];

afterAll(async () => {
  for (const client of clients) client.close();
  for (const server of processes) await server.kill('SIGKILL');
  for (const dir of dataDirs) rmSync(dir, { recursive: true, force: true });
});

async function start(env: Record<string, string>): Promise<{ server: ServerProcess; dataDir: string }> {
  const dataDir = mkdtempSync(join(tmpdir(), 'plenary-production-'));
  dataDirs.push(dataDir);
  const server = await spawnServer({ DATA_DIR: dataDir, TOKEN_SECRET, ...env });
  processes.push(server);
  return { server, dataDir };
}

/** Resolves with the first line of output that starts with `prefix`, once printed. */
async function line(server: ServerProcess, prefix: string): Promise<string> {
  for (;;) {
    const found = server.output.find((text) => text.startsWith(prefix));
    if (found !== undefined) return found;
    await once(server.child.stdout as NodeJS.ReadableStream, 'data');
  }
}

/** The demo meeting's id and moderator key, as server/demo.ts derives them from the secret. */
function demoCredentials(secret: string) {
  const meetingId = createHmac('sha256', secret).update('demo-meeting-id').digest('base64url').slice(0, 12);
  const moderatorKey = createHmac('sha256', secret).update(`demo-moderator-key:${meetingId}`).digest('base64url');
  return { meetingId, moderatorKey };
}

describe('NODE_ENV=production', () => {
  it('has no demo unless DEMO says so', async () => {
    const { server } = await start({ NODE_ENV: 'production', DEMO: '' });
    const listening = server.output.map((text) => JSON.parse(text) as Record<string, unknown>).find((e) => e.msg === 'listening');
    expect(listening).toMatchObject({ demo: false, production: true });
    expect(await server.kill('SIGTERM')).toBe(0);
    expect(server.output.some((text) => text.startsWith('Demo meeting'))).toBe(false);
  });

  it('never prints a moderator key, not the demo one, not one in use, not a replaced one', async () => {
    const { server, dataDir } = await start({ NODE_ENV: 'production', DEMO: 'on' });
    const { meetingId, moderatorKey } = demoCredentials(TOKEN_SECRET);
    const moderateLine = await line(server, '  moderate:');
    await line(server, '  display:');
    expect(moderateLine).toMatch(/not printed when NODE_ENV=production/);

    // The link is kept where only the server's user can read it.
    const linkFile = join(dataDir, 'demo-moderator-link.txt');
    expect(readFileSync(linkFile, 'utf8').trim()).toMatch(new RegExp(`/m/${meetingId}/moderate#key=${moderatorKey}$`));
    expect(statSync(linkFile).mode & 0o777).toBe(0o600);

    // Use the key, get it wrong, replace it: everything that would log around a key.
    const chair = new TestClient(server.url, { meetingId, moderatorKey });
    clients.push(chair);
    await chair.welcomed();
    expect(await chair.command('agenda.next', {})).toMatchObject({ ok: true });
    const wrong = new TestClient(server.url, { meetingId, moderatorKey: `${moderatorKey}x` });
    clients.push(wrong);
    expect((await wrong.refused()).code).toBe('unauthorized');
    const replaced = await fetch(`${server.url}/api/meetings/${meetingId}/moderator-key`, {
      method: 'POST',
      headers: { authorization: `Bearer ${moderatorKey}` },
    });
    expect(replaced.status).toBe(200);
    const { moderatorKey: newKey } = (await replaced.json()) as { moderatorKey: string };
    await chair.waitFor('the old key disconnected', () => !chair.socket.connected);
    const created = await fetch(`${server.url}/api/meetings`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({
        title: 'Another meeting',
        venue: { name: 'ITU' },
        timeZone: 'Europe/Zurich',
        startsAt: '2020-02-28T14:00:00+01:00',
        endsAt: '2020-02-28T15:30:00+01:00',
      }),
    });
    const { moderatorKey: createdKey } = (await created.json()) as { moderatorKey: string };

    const stopped = await server.kill('SIGTERM');
    expect(stopped).toBe(0);
    const everything = server.output.join('\n');
    expect(everything).toMatch(/"msg":"moderator key replaced"/);
    for (const key of [moderatorKey, newKey, createdKey]) expect(everything).not.toContain(key);
  });
});
