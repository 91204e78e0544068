import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
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
      { meetingId: meeting.id, version: 1, at: 1, commandId: 'c1', events: [{ type: 'meeting.started' }] },
      { ...meeting, status: 'live' },
    );
    await first.close();
    const second = new SqliteStore(dir);
    expect((await second.loadMeeting(meeting.id))?.meeting.status).toBe('live');
    expect(await second.changesSince(meeting.id, 0, 10)).toHaveLength(1);
    await second.close();
  });
});
