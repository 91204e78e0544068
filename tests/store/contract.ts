import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { CommandKey, MeetingStore } from '../../server/store/types.js';
import type { Change } from '../../shared/events.js';
import { COMMAND_ID_WINDOW_MS } from '../../shared/protocol.js';
import { applyEvents } from '../../shared/reducer.js';
import { sampleMeeting } from '../support/meetings.js';

/**
 * What every store must do. Run by each implementation's test file, so the
 * embedded store and the scale-out store behave the same.
 */
export function storeContract(name: string, open: () => Promise<MeetingStore>): void {
  describe(`${name} store contract`, () => {
    let store: MeetingStore;
    const meeting = sampleMeeting();
    const change = (version: number, at = 1000 + version): Change => ({
      meetingId: meeting.id,
      version,
      at,
      events: [{ type: 'agenda.itemEdited', itemId: 'item1', changes: { title: `title ${version}` } }],
    });
    const nextState = (c: Change) => applyEvents(meeting, c.events, c.at);
    const chair = (id: string): CommandKey => ({ sender: 'm:chair', id });
    /** Commits `change(version)` as the chair's command `cmd-<version>`. */
    const commitVersion = (version: number) => store.commit(change(version), nextState(change(version)), chair(`cmd-${version}`));

    beforeEach(async () => {
      store = await open();
      await store.createMeeting({ state: meeting, moderatorKeyHash: 'hash-of-key' });
    });
    afterEach(async () => {
      await store.close();
    });

    it('creates a meeting at version 0 and loads it back', async () => {
      expect(await store.loadMeeting(meeting.id)).toEqual({ version: 0, meeting });
      expect(await store.moderatorKeyHash(meeting.id)).toBe('hash-of-key');
      expect(await store.loadMeeting('unknown')).toBeNull();
      expect(await store.moderatorKeyHash('unknown')).toBeNull();
    });

    it('refuses to create the same meeting twice', async () => {
      await expect(store.createMeeting({ state: meeting, moderatorKeyHash: 'other' })).rejects.toThrow();
      expect(await store.moderatorKeyHash(meeting.id)).toBe('hash-of-key');
    });

    it('replaces the moderator-key hash only while it is the expected one', async () => {
      expect(await store.replaceModeratorKeyHash(meeting.id, 'hash-of-key', 'hash-of-new-key')).toBe(true);
      expect(await store.moderatorKeyHash(meeting.id)).toBe('hash-of-new-key');
      // A second replacement from the old hash loses: the race of two moderators replacing at once.
      expect(await store.replaceModeratorKeyHash(meeting.id, 'hash-of-key', 'hash-of-third-key')).toBe(false);
      expect(await store.moderatorKeyHash(meeting.id)).toBe('hash-of-new-key');
      expect(await store.replaceModeratorKeyHash('unknown', 'hash-of-key', 'x')).toBe(false);
      expect(await store.moderatorKeyHash('unknown')).toBeNull();
    });

    it('commits the next version and stores the new state', async () => {
      const first = change(1);
      expect(await store.commit(first, nextState(first), chair('cmd-1'))).toEqual({ kind: 'committed' });
      const loaded = await store.loadMeeting(meeting.id);
      expect(loaded?.version).toBe(1);
      expect(loaded?.meeting.agenda.items[0]?.title).toBe('title 1');
      expect(await store.committedVersion(meeting.id, chair('cmd-1'))).toBe(1);
      expect(await store.committedVersion(meeting.id, chair('cmd-9'))).toBeNull();
      expect(await store.committedVersion(meeting.id, { sender: 'p:alice', id: 'cmd-1' })).toBeNull();
      expect(await store.currentVersion(meeting.id)).toBe(1);
      expect(await store.currentVersion('unknown')).toBeNull();
    });

    it('refuses a version that is not the next one, and changes nothing', async () => {
      const skipping = change(2);
      expect(await store.commit(skipping, nextState(skipping), chair('cmd-2'))).toEqual({ kind: 'conflict', currentVersion: 0 });
      await commitVersion(1);
      const stale = change(1);
      expect(await store.commit(stale, nextState(stale), chair('another-command'))).toEqual({
        kind: 'conflict',
        currentVersion: 1,
      });
      expect((await store.loadMeeting(meeting.id))?.version).toBe(1);
      expect(await store.committedVersion(meeting.id, chair('another-command'))).toBeNull();
    });

    it('recognises a command id committed before, whatever version it is retried as', async () => {
      await commitVersion(1);
      const retry = change(2);
      expect(await store.commit(retry, nextState(retry), chair('cmd-1'))).toEqual({ kind: 'duplicate', version: 1 });
      expect((await store.loadMeeting(meeting.id))?.version).toBe(1);
    });

    it('keeps command ids per sender: the same id from another sender is a new command', async () => {
      await commitVersion(1);
      const other = change(2);
      const participant = { sender: 'p:alice', id: 'cmd-1' };
      expect(await store.commit(other, nextState(other), participant)).toEqual({ kind: 'committed' });
      expect(await store.committedVersion(meeting.id, participant)).toBe(2);
      expect(await store.committedVersion(meeting.id, chair('cmd-1'))).toBe(1);
      const retry = change(3);
      expect(await store.commit(retry, nextState(retry), participant)).toEqual({ kind: 'duplicate', version: 2 });
    });

    it(`forgets a command id ${COMMAND_ID_WINDOW_MS / 60_000} minutes after its commit, at the next commit`, async () => {
      await commitVersion(1);
      // Still inside the window: remembered.
      const inside = change(2, change(1).at + COMMAND_ID_WINDOW_MS);
      await store.commit(inside, nextState(inside), chair('cmd-2'));
      expect(await store.committedVersion(meeting.id, chair('cmd-1'))).toBe(1);
      // Past it: the next commit forgets it, and a late retry is a new command.
      const past = change(3, change(1).at + COMMAND_ID_WINDOW_MS + 1);
      await store.commit(past, nextState(past), chair('cmd-3'));
      expect(await store.committedVersion(meeting.id, chair('cmd-1'))).toBeNull();
      expect(await store.committedVersion(meeting.id, chair('cmd-2'))).toBe(2);
      const late = change(4, past.at);
      expect(await store.commit(late, nextState(late), chair('cmd-1'))).toEqual({ kind: 'committed' });
    });

    it('of two writers racing for one version, exactly one wins', async () => {
      const a = change(1);
      const b = change(1);
      const outcomes = await Promise.all([
        store.commit(a, nextState(a), chair('writer-a')),
        store.commit(b, nextState(b), { sender: 'p:bruno', id: 'writer-b' }),
      ]);
      expect(outcomes.filter((o) => o.kind === 'committed')).toHaveLength(1);
      expect(outcomes.filter((o) => o.kind === 'conflict')).toHaveLength(1);
    });

    it('commits a batch of consecutive changes all at once, or nothing of it', async () => {
      await commitVersion(1);
      const batch = [2, 3, 4].map((version) => ({ change: change(version), command: chair(`batch-${version}`) }));
      const after = applyEvents(nextState(change(3)), change(4).events, change(4).at);
      // A stale first version: a conflict, and nothing of the batch is written.
      const stale = [1, 2].map((version) => ({ change: change(version), command: chair(`stale-${version}`) }));
      expect(await store.commitBatch(stale, after)).toEqual({ kind: 'conflict', currentVersion: 1 });
      expect(await store.committedVersion(meeting.id, chair('stale-2'))).toBeNull();
      // One command committed before: reported with its place in the batch, nothing written.
      const retried = [...batch.slice(0, 2), { change: change(4), command: chair('cmd-1') }];
      expect(await store.commitBatch(retried, after)).toEqual({ kind: 'duplicate', index: 2, version: 1 });
      expect(await store.currentVersion(meeting.id)).toBe(1);
      expect(await store.committedVersion(meeting.id, chair('batch-2'))).toBeNull();

      expect(await store.commitBatch(batch, after)).toEqual({ kind: 'committed' });
      expect(await store.loadMeeting(meeting.id)).toEqual({ version: 4, meeting: after });
      expect((await store.changesSince(meeting.id, 1, 100))?.map((c) => c.version)).toEqual([2, 3, 4]);
      expect(await store.committedVersion(meeting.id, chair('batch-3'))).toBe(3);
      const archived: number[] = [];
      for await (const c of store.allChanges(meeting.id)) archived.push(c.version);
      expect(archived).toEqual([1, 2, 3, 4]);
    });

    it('replays the log after a version, in order, and says when it cannot', async () => {
      for (let v = 1; v <= 5; v++) await commitVersion(v);
      const replay = await store.changesSince(meeting.id, 2, 100);
      expect(replay?.map((c) => c.version)).toEqual([3, 4, 5]);
      expect(replay?.[0]).toEqual(change(3));
      expect(await store.changesSince(meeting.id, 5, 100)).toEqual([]);
      expect(await store.changesSince(meeting.id, 0, 3)).toBeNull();
      expect(await store.changesSince(meeting.id, 9, 100)).toBeNull();
      expect(await store.changesSince('unknown', 0, 100)).toBeNull();
    });

    it('keeps votes as a set: one per participant per question, taken back once, counted exactly', async () => {
      expect(await store.setVote(meeting.id, 'q1', 'alice', true)).toBe(1);
      expect(await store.setVote(meeting.id, 'q1', 'alice', true)).toBe(1);
      expect(await store.setVote(meeting.id, 'q1', 'bruno', true)).toBe(2);
      expect(await store.setVote(meeting.id, 'q2', 'alice', true)).toBe(1);
      expect(await store.setVote(meeting.id, 'q1', 'alice', false)).toBe(1);
      expect(await store.setVote(meeting.id, 'q1', 'alice', false)).toBe(1);
      expect(await store.setVote(meeting.id, 'q3', 'carla', false)).toBe(0);
      expect(await store.voteCounts(meeting.id)).toEqual({ q1: 1, q2: 1 });
      expect((await store.votesBy(meeting.id, 'alice')).sort()).toEqual(['q2']);
      expect(await store.votesBy(meeting.id, 'nobody')).toEqual([]);
      expect(await store.voteCounts('other-meeting')).toEqual({});
    });

    it('counts votes cast at the same moment exactly', async () => {
      await Promise.all(Array.from({ length: 200 }, (_, i) => store.setVote(meeting.id, 'q1', `voter-${i}`, true)));
      await Promise.all(Array.from({ length: 50 }, (_, i) => store.setVote(meeting.id, 'q1', `voter-${i * 2}`, false)));
      expect(await store.voteCounts(meeting.id)).toEqual({ q1: 150 });
    });

    it('deletes a meeting with everything of it, and no other meeting', async () => {
      const other = { ...meeting, id: 'm2' };
      await store.createMeeting({ state: other, moderatorKeyHash: 'other-hash' });
      await store.commit(change(1), nextState(change(1)), chair('cmd-1'));
      await store.setVote(meeting.id, 'q1', 'alice', true);
      await store.setVote(meeting.id, 'q2', 'bruno', true);
      await store.setVote(other.id, 'q1', 'alice', true);

      expect(await store.deleteMeeting(meeting.id)).toBe(true);
      expect(await store.loadMeeting(meeting.id)).toBeNull();
      expect(await store.moderatorKeyHash(meeting.id)).toBeNull();
      expect(await store.currentVersion(meeting.id)).toBeNull();
      expect(await store.changesSince(meeting.id, 0, 100)).toBeNull();
      expect(await store.committedVersion(meeting.id, chair('cmd-1'))).toBeNull();
      expect(await store.voteCounts(meeting.id)).toEqual({});
      expect(await store.votesBy(meeting.id, 'alice')).toEqual([]);
      expect(await store.deleteMeeting(meeting.id)).toBe(false);

      expect(await store.moderatorKeyHash(other.id)).toBe('other-hash');
      expect(await store.voteCounts(other.id)).toEqual({ q1: 1 });
      expect(await store.votesBy(other.id, 'alice')).toEqual(['q1']);

      // The same id can be used again, from nothing.
      await store.createMeeting({ state: meeting, moderatorKeyHash: 'again' });
      expect(await store.loadMeeting(meeting.id)).toEqual({ version: 0, meeting });
      expect(await store.voteCounts(meeting.id)).toEqual({});
      expect(await store.committedVersion(meeting.id, chair('cmd-1'))).toBeNull();
    });

    it('lists the meetings that ended before a time, oldest first, and only those', async () => {
      const end = async (id: string, at: number) => {
        const state = { ...meeting, id };
        if (id !== meeting.id) await store.createMeeting({ state, moderatorKeyHash: 'h' });
        const ending: Change = { meetingId: id, version: 1, at, events: [{ type: 'meeting.ended' }] };
        expect(await store.commit(ending, applyEvents(state, ending.events, at), chair(`end-${id}`))).toEqual({
          kind: 'committed',
        });
      };
      await end(meeting.id, 3_000);
      await end('m-old', 1_000);
      await end('m-recent', 9_000);
      await store.createMeeting({ state: { ...meeting, id: 'm-live' }, moderatorKeyHash: 'h' });

      expect(await store.meetingsEndedBefore(5_000, 10)).toEqual(['m-old', meeting.id]);
      expect(await store.meetingsEndedBefore(5_000, 1)).toEqual(['m-old']);
      expect(await store.meetingsEndedBefore(1_000, 10)).toEqual([]);
      expect(await store.meetingsEndedBefore(Number.MAX_SAFE_INTEGER, 10)).toEqual(['m-old', meeting.id, 'm-recent']);
      await store.deleteMeeting('m-old');
      expect(await store.meetingsEndedBefore(5_000, 10)).toEqual([meeting.id]);
    });

    it('keeps the first value of a setting', async () => {
      expect(await store.settingOrInit('secret', 'first')).toBe('first');
      expect(await store.settingOrInit('secret', 'second')).toBe('first');
    });

    it('keeps co-moderator links by key hash, lists them, and revokes each once', async () => {
      const link = {
        id: 'link-1',
        meetingId: meeting.id,
        label: 'Secretariat',
        role: 'co_chair' as const,
        keyHash: 'hash-1',
        createdAt: 1_764_480_000_000,
        revokedAt: null,
      };
      await store.createModeratorLink(link);
      await store.createModeratorLink({
        ...link,
        id: 'link-2',
        label: 'Remote desk',
        role: 'remote_moderator',
        keyHash: 'hash-2',
        createdAt: link.createdAt + 1,
      });
      expect(await store.moderatorLinkByKeyHash(meeting.id, 'hash-1')).toEqual(link);
      expect(await store.moderatorLinkByKeyHash(meeting.id, 'nope')).toBeNull();
      expect(await store.moderatorLinkByKeyHash('other-meeting', 'hash-1')).toBeNull();
      expect((await store.moderatorLinks(meeting.id)).map((l) => l.label)).toEqual(['Secretariat', 'Remote desk']);
      expect(await store.revokeModeratorLink(meeting.id, 'link-1', link.createdAt + 5)).toBe('revoked');
      expect(await store.revokeModeratorLink(meeting.id, 'link-1', link.createdAt + 9)).toBe('already_revoked');
      expect(await store.revokeModeratorLink(meeting.id, 'missing', 1)).toBe('not_found');
      expect((await store.moderatorLinkByKeyHash(meeting.id, 'hash-1'))?.revokedAt).toBe(link.createdAt + 5);
      expect(await store.moderatorLinks('other-meeting')).toEqual([]);
    });

    it('keeps which moderator made a change in the log', async () => {
      const by = { linkId: 'link-1', label: 'Secretariat', role: 'co_chair' as const };
      const first = { ...change(1), by };
      await store.commit(first, nextState(first), chair('cmd-1'));
      expect(await store.changesSince(meeting.id, 0, 10)).toEqual([first]);
    });

    it('keeps the meeting as created, for the record', async () => {
      await store.commit(change(1), nextState(change(1)), chair('cmd-1'));
      expect(await store.meetingOrigin(meeting.id)).toEqual(meeting);
      expect(await store.meetingOrigin('unknown')).toBeNull();
    });

    it('reads every change of a long meeting, in pages, up to the version current when reading starts', async () => {
      // Beyond the Redis log stream's trim length (10,000): the record still sees every change.
      const total = 10_300;
      const state = nextState(change(1));
      for (let version = 1; version <= total; version++) {
        expect(await store.commit(change(version), state, chair(`cmd-${version}`))).toEqual({ kind: 'committed' });
      }
      const versions: number[] = [];
      const reading = store.allChanges(meeting.id, 4_000);
      const first = await reading.next();
      if (first.done) throw new Error('no changes read');
      versions.push(first.value.version);
      expect(first.value).toEqual(change(1));
      // A change committed while reading is not part of this reading.
      await store.commit(change(total + 1), state, chair(`cmd-${total + 1}`));
      for await (const read of reading) versions.push(read.version);
      expect(versions).toEqual(Array.from({ length: total }, (_, i) => i + 1));
      const none: Change[] = [];
      for await (const read of store.allChanges('unknown')) none.push(read);
      expect(none).toEqual([]);
    }, 120_000);

    it('reads a setting without writing it', async () => {
      expect(await store.setting('record-published:m1')).toBeNull();
      expect(await store.settingOrInit('record-published:m1', '42')).toBe('42');
      expect(await store.setting('record-published:m1')).toBe('42');
    });

    it('answers a ping', async () => {
      await expect(store.ping()).resolves.toBeUndefined();
    });
  });
}
