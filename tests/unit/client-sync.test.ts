import { describe, expect, it } from 'vitest';
import { estimateOffset } from '../../client/src/state/clock.js';
import { emptyLocalMeeting, integrate, resetTo } from '../../client/src/state/sync.js';
import type { Change, DomainEvent } from '../../shared/events.js';
import type { Snapshot } from '../../shared/model.js';
import { evolve, UnknownEventError } from '../../shared/reducer.js';
import { sampleMeeting } from '../support/meetings.js';

const snapshot: Snapshot = { version: 3, meeting: sampleMeeting() };
const change = (version: number, itemId = 'item1'): Change => ({
  meetingId: 'm1',
  version,
  at: 1000 * version,
  events: [{ type: 'agenda.itemEdited', itemId, changes: { title: `v${version}` } }],
});
const titleOf = (s: Snapshot | null) => s?.meeting.agenda.items[0]?.title;

describe('client change ordering', () => {
  it('applies the next version, drops old and repeated ones', () => {
    const local = { snapshot, early: [] };
    let result = integrate(local, [change(4)]);
    expect(result).toMatchObject({ gap: false });
    expect(result.local.snapshot?.version).toBe(4);
    expect(titleOf(result.local.snapshot)).toBe('v4');
    result = integrate(result.local, [change(4), change(2)]);
    expect(result.local.snapshot?.version).toBe(4);
    expect(result.local.early).toEqual([]);
  });

  it('holds changes after a gap and reports it; the missing one closes the gap', () => {
    let result = integrate({ snapshot, early: [] }, [change(6), change(5)]);
    expect(result.gap).toBe(true);
    expect(result.local.snapshot?.version).toBe(3);
    expect(result.local.early.map((c) => c.version)).toEqual([5, 6]);
    result = integrate(result.local, [change(4)]);
    expect(result.gap).toBe(false);
    expect(result.local.snapshot?.version).toBe(6);
    expect(titleOf(result.local.snapshot)).toBe('v6');
  });

  it('keeps changes that arrive before the welcome and applies the newer ones after it', () => {
    let result = integrate(emptyLocalMeeting, [change(3), change(4)]);
    expect(result.local.snapshot).toBeNull();
    result = resetTo(result.local, snapshot);
    expect(result.local.snapshot?.version).toBe(4);
    expect(result.local.early).toEqual([]);
  });

  it('stops at a change with an event it does not know, without throwing, and asks for a snapshot', () => {
    const future = { ...change(5), events: [{ type: 'agenda.itemRenamedInTheFuture', itemId: 'item1' }] } as unknown as Change;
    const result = integrate({ snapshot, early: [] }, [change(4), future, change(6)]);
    expect(result.needsSnapshot).toBe(true);
    expect(result.gap).toBe(false);
    // Everything before the unknown change is applied; the rest waits for the snapshot.
    expect(result.local.snapshot?.version).toBe(4);
    expect(titleOf(result.local.snapshot)).toBe('v4');
    expect(result.local.early.map((c) => c.version)).toEqual([5, 6]);

    // The fresh snapshot (at the unknown change's version, from the newer server) takes over; what follows applies.
    const fromServer: Snapshot = { version: 5, meeting: { ...sampleMeeting(), title: 'after the future change' } };
    const after = resetTo(result.local, fromServer);
    expect(after).toMatchObject({ gap: false, needsSnapshot: false });
    expect(after.local.snapshot?.version).toBe(6);
    expect(after.local.snapshot?.meeting.title).toBe('after the future change');
    expect(titleOf(after.local.snapshot)).toBe('v6');
  });

  it('the shared reducer names the unknown event it refuses', () => {
    const future = { type: 'agenda.itemRenamedInTheFuture' } as unknown as DomainEvent;
    expect(() => evolve(snapshot.meeting, future, 0)).toThrow(UnknownEventError);
  });

  it('never goes back to an older snapshot', () => {
    const ahead = integrate({ snapshot, early: [] }, [change(4)]).local;
    const result = resetTo(ahead, snapshot);
    expect(result.local.snapshot?.version).toBe(4);
  });
});

describe('clock offset', () => {
  it('trusts the sample with the shortest round trip', () => {
    expect(estimateOffset([])).toBeNull();
    const offset = estimateOffset([
      { sentAt: 0, receivedAt: 400, serverTime: 5300 },
      { sentAt: 1000, receivedAt: 1020, serverTime: 6010 },
    ]);
    expect(offset).toBe(5000);
  });
});
