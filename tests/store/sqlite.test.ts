import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { afterAll, describe, expect, it } from 'vitest';
import { SqliteStore } from '../../server/store/sqlite.js';
import { sampleMeeting } from '../support/meetings.js';
import { storeContract } from './contract.js';

const dirs: string[] = [];
afterAll(() => {
  for (const dir of dirs) rmSync(dir, { recursive: true, force: true });
});

storeContract('SQLite (file)', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'plenary-store-'));
  dirs.push(dir);
  return new SqliteStore(dir);
});
storeContract('SQLite (memory)', async () => new SqliteStore(null));

describe('SQLite store on disk', () => {
  it('keeps meetings and changes across a reopen of the same folder', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'plenary-store-'));
    dirs.push(dir);
    const meeting = sampleMeeting();
    const first = new SqliteStore(dir);
    await first.createMeeting({ state: meeting, moderatorKeyHash: 'h' });
    await first.commit(
      { meetingId: meeting.id, version: 1, at: 1, events: [{ type: 'meeting.started' }] },
      { ...meeting, status: 'live' },
      { sender: 'm:chair', id: 'c1' },
    );
    await first.close();
    const second = new SqliteStore(dir);
    expect((await second.loadMeeting(meeting.id))?.meeting.status).toBe('live');
    expect(await second.changesSince(meeting.id, 0, 10)).toHaveLength(1);
    await second.close();
  });

  it('upgrades a database whose log held command ids per meeting: the log stays, ids become per sender', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'plenary-store-'));
    dirs.push(dir);
    const meeting = sampleMeeting();
    const old = new Database(join(dir, 'plenary.sqlite'));
    old.exec(`
      CREATE TABLE meetings (id TEXT PRIMARY KEY, version INTEGER NOT NULL, state TEXT NOT NULL,
        moderator_key_hash TEXT NOT NULL, created_at INTEGER NOT NULL);
      CREATE TABLE changes (meeting_id TEXT NOT NULL, version INTEGER NOT NULL, command_id TEXT NOT NULL,
        at INTEGER NOT NULL, events TEXT NOT NULL, PRIMARY KEY (meeting_id, version), UNIQUE (meeting_id, command_id));
    `);
    old
      .prepare('INSERT INTO meetings VALUES (?, 1, ?, ?, 0)')
      .run(meeting.id, JSON.stringify({ ...meeting, status: 'live' }), 'h');
    old
      .prepare('INSERT INTO changes VALUES (?, 1, ?, 1, ?)')
      .run(meeting.id, 'same-id', JSON.stringify([{ type: 'meeting.started' }]));
    old.close();

    const store = new SqliteStore(dir);
    expect(await store.changesSince(meeting.id, 0, 10)).toEqual([
      { meetingId: meeting.id, version: 1, at: 1, events: [{ type: 'meeting.started' }] },
    ]);
    // Two senders may now use one id; before, the log's UNIQUE constraint refused the second.
    const at = Date.now();
    for (const [version, sender] of [
      [2, 'p:alice'],
      [3, 'p:bruno'],
    ] as const) {
      const outcome = await store.commit({ meetingId: meeting.id, version, at, events: [] }, meeting, { sender, id: 'same-id' });
      expect(outcome).toEqual({ kind: 'committed' });
    }
    await store.close();
  });
});
