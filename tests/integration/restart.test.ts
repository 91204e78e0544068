import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, afterEach, describe, expect, it } from 'vitest';
import { TestClient } from '../support/client.js';
import { sampleBody } from '../support/meetings.js';
import { type ServerProcess, spawnServer } from '../support/process.js';

const dataDirs: string[] = [];
const processes: ServerProcess[] = [];
const clients: TestClient[] = [];

function freshDataDir(): string {
  const dir = mkdtempSync(join(tmpdir(), 'plenary-restart-'));
  dataDirs.push(dir);
  return dir;
}
async function start(env: Record<string, string>): Promise<ServerProcess> {
  const server = await spawnServer(env);
  processes.push(server);
  return server;
}

afterEach(async () => {
  for (const c of clients.splice(0)) c.close();
  for (const p of processes.splice(0)) await p.kill('SIGKILL');
});
afterAll(() => {
  for (const dir of dataDirs) rmSync(dir, { recursive: true, force: true });
});

describe('durability of the embedded store', () => {
  it('an acknowledged change survives SIGKILL and a restart; tokens and command ids too', async () => {
    const DATA_DIR = freshDataDir();
    const first = await start({ DATA_DIR });
    const created = await (
      await fetch(`${first.url}/api/meetings`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify(sampleBody),
      })
    ).json();
    const registered = await (
      await fetch(`${first.url}/api/meetings/${created.meetingId}/participants`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ name: 'Lucía', stakeholderGroup: 'civil_society', attendance: 'remote' }),
      })
    ).json();

    const moderator = new TestClient(first.url, { meetingId: created.meetingId, moderatorKey: created.moderatorKey });
    clients.push(moderator);
    const welcome = await moderator.welcomed();
    const itemId = welcome.snapshot.meeting.agenda.items[1]?.id;
    const ack = await moderator.command('agenda.start', { itemId }, 'start-before-kill');
    expect(ack).toEqual({ ok: true, version: 1 });
    // Killed the moment the ack arrived: no graceful shutdown, no flush.
    expect(await first.kill('SIGKILL')).toBeNull();

    const second = await start({ DATA_DIR });
    const snapshot = await (await fetch(`${second.url}/api/meetings/${created.meetingId}`)).json();
    expect(snapshot.version).toBe(1);
    expect(snapshot.meeting.status).toBe('live');
    expect(snapshot.meeting.agenda.currentItemId).toBe(itemId);

    // The same moderator key and participant token still work, and a retry of the command is not applied twice.
    const moderatorAgain = new TestClient(second.url, { meetingId: created.meetingId, moderatorKey: created.moderatorKey });
    const participant = new TestClient(second.url, { meetingId: created.meetingId, token: registered.token });
    clients.push(moderatorAgain, participant);
    expect((await participant.welcomed()).self).toMatchObject({ id: registered.participant.id, name: 'Lucía' });
    await moderatorAgain.welcomed();
    expect(await moderatorAgain.command('agenda.start', { itemId }, 'start-before-kill')).toEqual({
      ok: true,
      version: 1,
      duplicate: true,
    });
  });

  it('creates the demo meeting once and prints the same three links at every start', async () => {
    const DATA_DIR = freshDataDir();
    const links = (server: ServerProcess) =>
      server.output.filter((line) => /^\s+(attend|moderate|display):/.test(line)).map((line) => line.trim());
    const first = await start({ DATA_DIR, DEMO: 'on' });
    await waitForLines(first, 3, links);
    const printed = links(first);
    expect(printed[0]).toMatch(/^attend:\s+http:\/\/127\.0\.0\.1:\d+\/m\/[\w-]+$/);
    expect(printed[1]).toMatch(/^moderate:\s+http:\/\/127\.0\.0\.1:\d+\/m\/[\w-]+\/moderate#key=[\w-]{32,}$/);
    const meetingId = /\/m\/([\w-]+)$/.exec(printed[0] ?? '')?.[1];
    const snapshot = await (await fetch(`${first.url}/api/meetings/${meetingId}`)).json();
    expect(snapshot.meeting).toMatchObject({
      title: 'WSIS Forum 2020 open consultation: final briefing',
      venue: { name: 'ITU headquarters', room: 'Room A', city: 'Geneva' },
      timeZone: 'Europe/Zurich',
      scheduledStart: Date.parse('2020-02-28T13:00:00Z'),
      scheduledEnd: Date.parse('2020-02-28T14:30:00Z'),
    });
    expect(snapshot.meeting.agenda.items.length).toBeGreaterThanOrEqual(5);
    expect(
      snapshot.meeting.agenda.items.reduce((sum: number, item: { plannedMinutes: number }) => sum + item.plannedMinutes, 0),
    ).toBe(90);

    // The printed moderator link works.
    const key = /#key=([\w-]+)$/.exec(printed[1] ?? '')?.[1];
    const moderator = new TestClient(first.url, { meetingId, moderatorKey: key });
    clients.push(moderator);
    expect((await moderator.welcomed()).role).toBe('moderator');
    moderator.close();

    await first.kill('SIGTERM');
    const second = await start({ DATA_DIR, DEMO: 'on' });
    await waitForLines(second, 3, links);
    const strip = (lines: string[]) => lines.map((line) => line.replace(/:\d+\//, ':PORT/'));
    expect(strip(links(second))).toEqual(strip(printed));
  });

  it('refuses to start with a bad setting and names it', async () => {
    await expect(spawnServer({ PORT: 'not-a-port' })).rejects.toThrow(/PORT/);
  });
});

function waitForLines(server: ServerProcess, count: number, select: (server: ServerProcess) => string[]): Promise<void> {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error('the links were not printed')), 10_000);
    const check = () => {
      if (select(server).length >= count) {
        clearTimeout(timer);
        server.child.stdout?.off('data', onData);
        resolve();
      }
    };
    const onData = () => setImmediate(check);
    server.child.stdout?.on('data', onData);
    check();
  });
}
