import { afterEach, describe, expect, it } from 'vitest';
import { type Actor, CHAIR, MeetingService } from '../../server/meetings/service.js';
import { SqliteStore } from '../../server/store/sqlite.js';
import type { MeetingStore } from '../../server/store/types.js';
import type { Command } from '../../shared/commands.js';
import type { Change } from '../../shared/events.js';
import type { CommandAck } from '../../shared/protocol.js';
import { idSequence, sampleInput } from '../support/meetings.js';

/**
 * Group commit through the real meeting service and a real SQLite store: the
 * commands of a meeting that wait while one commit is under way are decided
 * in order and committed together, each answered as if alone.
 */
const chair: Actor = { role: 'moderator', participant: null, moderator: CHAIR };

interface Counted {
  store: MeetingStore;
  batches: number[];
}

/** The real store, counting the size of every batch committed through it. */
function counted(store: MeetingStore): Counted {
  const batches: number[] = [];
  const commitBatch = store.commitBatch.bind(store);
  store.commitBatch = (entries, next) => {
    batches.push(entries.length);
    return commitBatch(entries, next);
  };
  return { store, batches };
}

const stores: MeetingStore[] = [];
afterEach(async () => {
  for (const store of stores.splice(0)) await store.close();
});

async function setUp({ sharedStore = false } = {}) {
  const { store, batches } = counted(new SqliteStore(null));
  const direct = store;
  stores.push(store);
  const broadcast: Change[] = [];
  const service = new MeetingService({
    store,
    sharedStore,
    now: Date.now,
    newId: idSequence('x'),
    onCommitted: (change) => broadcast.push(change),
    onVoted: () => undefined,
    onModeratorKeyReplaced: () => undefined,
    onModeratorLinkRevoked: () => undefined,
    onDeleted: () => undefined,
  });
  const { meetingId } = await service.create(sampleInput);
  service.hold(meetingId);
  const run = (id: string, command: Command) =>
    service
      .execute(meetingId, { sender: 'm:chair', id }, command, chair)
      .catch(
        (error: { code?: string }): CommandAck =>
          ({ ok: false, error: { code: error.code ?? 'internal', message: 'refused' } }) as CommandAck,
      );
  return { service, meetingId, batches, broadcast, run, store: direct };
}

const add = (title: string): Command => ({ type: 'agenda.add', payload: { title, minutes: 5, presenters: [], notes: '' } });

describe('group commit', () => {
  it('commits the commands that waited together, answers each on its own, and broadcasts every change in order', async () => {
    const { service, meetingId, batches, broadcast, run } = await setUp();
    // Sent in one go: the first drain finds all of them waiting.
    const acks = await Promise.all([
      run('a1', add('Item A')),
      run('a2', add('Item B')),
      // Refused on the state the two before it produced: the item does not exist.
      run('bad', { type: 'agenda.remove', payload: { itemId: 'no-such-item' } }),
      run('close', { type: 'floor.close', payload: {} }),
      // Changes nothing once the one before it has closed the list.
      run('close-again', { type: 'floor.close', payload: {} }),
      run('a3', add('Item C')),
    ]);
    expect(acks).toEqual([
      { ok: true, version: 1 },
      { ok: true, version: 2 },
      { ok: false, error: expect.objectContaining({ code: 'not_found' }) },
      { ok: true, version: 3 },
      { ok: true, version: 3 },
      { ok: true, version: 4 },
    ]);
    expect(batches).toEqual([4]);
    expect(broadcast.map((change) => change.version)).toEqual([1, 2, 3, 4]);
    const snapshot = await service.snapshot(meetingId);
    expect(snapshot?.version).toBe(4);
    expect(snapshot?.meeting.agenda.items.map((item) => item.title).slice(-3)).toEqual(['Item A', 'Item B', 'Item C']);
    expect(snapshot?.meeting.floor.open).toBe(false);
  });

  it('answers not_found when the cached meeting was deleted behind its back (by another instance)', async () => {
    const { service, meetingId, run, store } = await setUp();
    expect(await run('first', add('Before'))).toEqual({ ok: true, version: 1 });
    // Deleted in the store, not through this service: its cache still holds the meeting.
    expect(await store.deleteMeeting(meetingId)).toBe(true);
    expect(await run('after', add('After'))).toEqual({ ok: false, error: expect.objectContaining({ code: 'not_found' }) });
    expect(await service.snapshot(meetingId)).toBeNull();
  });

  it('keeps the newest state cached when a read that began before a commit ends after it (shared store)', async () => {
    const { service, meetingId, run, store } = await setUp({ sharedStore: true });
    expect(service.cachedMeeting(meetingId)).toBeNull();
    // The first read of the meeting (a join, a vote, a presence refresh) reads version 0 and is held back.
    let release: () => void = () => undefined;
    const gate = new Promise<void>((resolve) => {
      release = resolve;
    });
    const loadMeeting = store.loadMeeting.bind(store);
    let reads = 0;
    store.loadMeeting = async (id) => {
      const loaded = await loadMeeting(id);
      if (++reads === 1) await gate;
      return loaded;
    };
    const slowRead = service.snapshot(meetingId);
    expect(await run('during', add('During the read'))).toEqual({ ok: true, version: 1 });
    release();
    expect((await slowRead)?.version).toBe(0);
    // The late read did not take the cache back to version 0, on which the next command would be decided.
    expect(service.cachedMeeting(meetingId)?.agenda.items.map((item) => item.title)).toContain('During the read');
  });

  it('applies a command id once when its retry waits in the same batch or comes in a later one', async () => {
    const { service, meetingId, batches, run } = await setUp();
    const acks = await Promise.all([run('same', add('Once')), run('same', add('Once')), run('other', add('Other'))]);
    // The retry waited for the next commit, and was found committed there.
    expect(acks).toEqual([
      { ok: true, version: 1 },
      { ok: true, version: 1, duplicate: true },
      { ok: true, version: 2 },
    ]);
    expect(await run('same', add('Once'))).toEqual({ ok: true, version: 1, duplicate: true });
    const titles = (await service.snapshot(meetingId))?.meeting.agenda.items.map((item) => item.title) ?? [];
    expect(titles.filter((title) => title === 'Once')).toHaveLength(1);
    // The retry waited for the next batch; the store found it committed and wrote nothing of that batch;
    // the rest was committed again without it; the late retry was found committed on its own.
    expect(batches).toEqual([1, 2, 1, 1]);
  });
});
