import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { currentItem, itemElapsedMs, nextPendingItem, projectSchedule } from '../../shared/agenda.js';
import type { Command } from '../../shared/commands.js';
import { DomainError } from '../../shared/errors.js';
import type { MeetingState } from '../../shared/model.js';
import { applyEvents, decide } from '../../shared/reducer.js';
import { idSequence, refusal, run, sampleMeeting } from '../support/meetings.js';

const MIN = 60_000;
const ids = (state: MeetingState) => state.agenda.items.map((item) => item.id);
const status = (state: MeetingState, id: string) => state.agenda.items.find((item) => item.id === id)?.status;

describe('agenda.add', () => {
  it('appends by default and inserts at an index, clamped to the list', () => {
    let state = sampleMeeting();
    state = run(state, { type: 'agenda.add', payload: { title: 'AOB', minutes: 5, presenters: [], notes: '' } }, 0, () => 'x');
    expect(ids(state)).toEqual(['item1', 'item2', 'item3', 'x']);
    state = run(
      state,
      { type: 'agenda.add', payload: { title: 'First', minutes: 5, presenters: [], notes: '', index: 0 } },
      0,
      () => 'y',
    );
    expect(ids(state)[0]).toBe('y');
    state = run(
      state,
      { type: 'agenda.add', payload: { title: 'Far', minutes: 5, presenters: [], notes: '', index: 99 } },
      0,
      () => 'z',
    );
    expect(ids(state).at(-1)).toBe('z');
    expect(state.agenda.items.at(-1)).toMatchObject({ title: 'Far', plannedMinutes: 5, status: 'pending', accumulatedMs: 0 });
  });

  it('refuses a 101st item', () => {
    let state = sampleMeeting();
    const next = idSequence('n');
    while (state.agenda.items.length < 100) {
      state = run(state, { type: 'agenda.add', payload: { title: 't', minutes: 1, presenters: [], notes: '' } }, 0, next);
    }
    expect(refusal(state, { type: 'agenda.add', payload: { title: 't', minutes: 1, presenters: [], notes: '' } }).code).toBe(
      'invalid_state',
    );
  });
});

describe('agenda.edit', () => {
  it('changes only the fields that differ, and nothing when none differ', () => {
    const state = sampleMeeting();
    const events = decide(
      state,
      { type: 'agenda.edit', payload: { itemId: 'item2', title: 'Report', minutes: 20, presenters: ['ITU'] } },
      { now: 0, newId: idSequence(), role: 'moderator', participant: null },
    );
    expect(events).toEqual([
      { type: 'agenda.itemEdited', itemId: 'item2', changes: { plannedMinutes: 20, presenters: ['ITU'] } },
    ]);
    const edited = applyEvents(state, events, 0);
    expect(edited.agenda.items[1]).toMatchObject({ title: 'Report', plannedMinutes: 20, presenters: ['ITU'] });
    expect(
      decide(
        edited,
        { type: 'agenda.edit', payload: { itemId: 'item2', minutes: 20 } },
        { now: 0, newId: idSequence(), role: 'moderator', participant: null },
      ),
    ).toEqual([]);
  });

  it('refuses an unknown item', () => {
    expect(refusal(sampleMeeting(), { type: 'agenda.edit', payload: { itemId: 'nope', title: 'x' } }).code).toBe('not_found');
  });
});

describe('agenda.move and agenda.remove', () => {
  it('moves an item, clamping the target index', () => {
    let state = run(sampleMeeting(), { type: 'agenda.move', payload: { itemId: 'item3', toIndex: 0 } });
    expect(ids(state)).toEqual(['item3', 'item1', 'item2']);
    state = run(state, { type: 'agenda.move', payload: { itemId: 'item3', toIndex: 50 } });
    expect(ids(state)).toEqual(['item1', 'item2', 'item3']);
    expect(
      decide(
        state,
        { type: 'agenda.move', payload: { itemId: 'item1', toIndex: 0 } },
        { now: 0, newId: idSequence(), role: 'moderator', participant: null },
      ),
    ).toEqual([]);
    expect(refusal(state, { type: 'agenda.move', payload: { itemId: 'nope', toIndex: 0 } }).code).toBe('not_found');
  });

  it('removes a pending item but never the running one', () => {
    let state = run(sampleMeeting(), { type: 'agenda.remove', payload: { itemId: 'item2' } });
    expect(ids(state)).toEqual(['item1', 'item3']);
    state = run(state, { type: 'agenda.start', payload: { itemId: 'item1' } });
    expect(refusal(state, { type: 'agenda.remove', payload: { itemId: 'item1' } }).code).toBe('invalid_state');
    expect(refusal(state, { type: 'agenda.remove', payload: { itemId: 'nope' } }).code).toBe('not_found');
  });
});

describe('starting, completing, skipping', () => {
  it('the first start takes the meeting live and runs the item clock from the server time', () => {
    const state = run(sampleMeeting(), { type: 'agenda.start', payload: { itemId: 'item2' } }, 5_000);
    expect(state.status).toBe('live');
    expect(state.startedAt).toBe(5_000);
    expect(state.agenda.currentItemId).toBe('item2');
    const item = currentItem(state);
    expect(item).toMatchObject({ status: 'active', startedAt: 5_000, runningSince: 5_000 });
    expect(item && itemElapsedMs(item, 65_000)).toBe(60_000);
  });

  it('starting another item completes the running one', () => {
    let state = run(sampleMeeting(), { type: 'agenda.start', payload: { itemId: 'item1' } }, 0);
    state = run(state, { type: 'agenda.start', payload: { itemId: 'item3' } }, 2 * MIN);
    expect(status(state, 'item1')).toBe('done');
    expect(state.agenda.items[0]).toMatchObject({ accumulatedMs: 2 * MIN, endedAt: 2 * MIN, runningSince: null });
    expect(state.agenda.currentItemId).toBe('item3');
    expect(refusal(state, { type: 'agenda.start', payload: { itemId: 'item3' } }).code).toBe('invalid_state');
  });

  it('a done item can be taken up again and keeps its time', () => {
    let state = run(sampleMeeting(), { type: 'agenda.start', payload: { itemId: 'item1' } }, 0);
    state = run(state, { type: 'agenda.complete', payload: { itemId: 'item1' } }, MIN);
    state = run(state, { type: 'agenda.start', payload: { itemId: 'item1' } }, 10 * MIN);
    const item = currentItem(state);
    expect(item && itemElapsedMs(item, 11 * MIN)).toBe(2 * MIN);
    expect(item?.startedAt).toBe(0);
  });

  it('completes only the running item', () => {
    let state = run(sampleMeeting(), { type: 'agenda.start', payload: { itemId: 'item1' } }, 0);
    expect(refusal(state, { type: 'agenda.complete', payload: { itemId: 'item2' } }).code).toBe('invalid_state');
    state = run(state, { type: 'agenda.complete', payload: { itemId: 'item1' } }, MIN);
    expect(state.agenda.currentItemId).toBeNull();
    expect(status(state, 'item1')).toBe('done');
    expect(refusal(state, { type: 'agenda.complete', payload: { itemId: 'nope' } }).code).toBe('not_found');
  });

  it('skips pending and running items, not finished ones', () => {
    let state = run(sampleMeeting(), { type: 'agenda.skip', payload: { itemId: 'item2' } });
    expect(status(state, 'item2')).toBe('skipped');
    expect(state.agenda.items[1]?.endedAt).toBeNull();
    expect(refusal(state, { type: 'agenda.skip', payload: { itemId: 'item2' } }).code).toBe('invalid_state');
    state = run(state, { type: 'agenda.start', payload: { itemId: 'item1' } }, 0);
    state = run(state, { type: 'agenda.skip', payload: { itemId: 'item1' } }, MIN);
    expect(state.agenda.items[0]).toMatchObject({ status: 'skipped', endedAt: MIN, accumulatedMs: MIN });
    expect(state.agenda.currentItemId).toBeNull();
  });
});

describe('agenda.next', () => {
  it('walks the agenda in order, passing over finished items, and wraps to items left behind', () => {
    let state = sampleMeeting();
    state = run(state, { type: 'agenda.next', payload: { expectedCurrentItemId: null } }, 0);
    expect(state.agenda.currentItemId).toBe('item1');
    state = run(state, { type: 'agenda.skip', payload: { itemId: 'item2' } }, 0);
    state = run(state, { type: 'agenda.next', payload: { expectedCurrentItemId: 'item1' } }, MIN);
    expect(state.agenda.currentItemId).toBe('item3');
    expect(status(state, 'item1')).toBe('done');
    // Going back to item1 leaves nothing pending after it: next completes it and stops.
    state = run(state, { type: 'agenda.start', payload: { itemId: 'item1' } }, 2 * MIN);
    state = run(state, { type: 'agenda.next', payload: {} }, 3 * MIN);
    expect(state.agenda.currentItemId).toBeNull();
    expect(refusal(state, { type: 'agenda.next', payload: {} }).code).toBe('invalid_state');
  });

  it('wraps to the first pending item before the current one', () => {
    let state = run(sampleMeeting(), { type: 'agenda.start', payload: { itemId: 'item3' } }, 0);
    expect(nextPendingItem(state)?.id).toBe('item1');
    state = run(state, { type: 'agenda.next', payload: {} }, MIN);
    expect(state.agenda.currentItemId).toBe('item1');
  });

  it('refuses a stale expectation with conflict, so two chairs pressing next advance once', () => {
    const state = run(sampleMeeting(), { type: 'agenda.next', payload: { expectedCurrentItemId: null } }, 0);
    const pressedByBoth: Command = { type: 'agenda.next', payload: { expectedCurrentItemId: 'item1' } };
    const afterFirst = run(state, pressedByBoth, MIN);
    expect(afterFirst.agenda.currentItemId).toBe('item2');
    expect(refusal(afterFirst, pressedByBoth).code).toBe('conflict');
  });
});

describe('pause, resume, end', () => {
  it('a pause stops the running clock and a resume restarts it', () => {
    let state = run(sampleMeeting(), { type: 'agenda.start', payload: { itemId: 'item1' } }, 0);
    state = run(state, { type: 'meeting.pause', payload: {} }, MIN);
    expect(state.pausedAt).toBe(MIN);
    const paused = currentItem(state);
    expect(paused && itemElapsedMs(paused, 10 * MIN)).toBe(MIN);
    expect(
      decide(
        state,
        { type: 'meeting.pause', payload: {} },
        { now: 0, newId: idSequence(), role: 'moderator', participant: null },
      ),
    ).toEqual([]);
    state = run(state, { type: 'meeting.resume', payload: {} }, 10 * MIN);
    const resumed = currentItem(state);
    expect(resumed && itemElapsedMs(resumed, 11 * MIN)).toBe(2 * MIN);
    expect(
      decide(
        state,
        { type: 'meeting.resume', payload: {} },
        { now: 0, newId: idSequence(), role: 'moderator', participant: null },
      ),
    ).toEqual([]);
  });

  it('starting an item while paused resumes the meeting', () => {
    let state = run(sampleMeeting(), { type: 'agenda.start', payload: { itemId: 'item1' } }, 0);
    state = run(state, { type: 'meeting.pause', payload: {} }, MIN);
    state = run(state, { type: 'agenda.next', payload: {} }, 5 * MIN);
    expect(state.pausedAt).toBeNull();
    expect(state.agenda.items[0]?.accumulatedMs).toBe(MIN);
    expect(currentItem(state)).toMatchObject({ id: 'item2', runningSince: 5 * MIN });
  });

  it('an item started during a pause does not run until resumed', () => {
    let state = run(sampleMeeting(), { type: 'agenda.start', payload: { itemId: 'item1' } }, 0);
    state = run(state, { type: 'meeting.pause', payload: {} }, MIN);
    const events = decide(
      state,
      { type: 'agenda.start', payload: { itemId: 'item2' } },
      { now: 2 * MIN, newId: idSequence(), role: 'moderator', participant: null },
    );
    expect(events.map((event) => event.type)).toEqual(['meeting.resumed', 'agenda.itemCompleted', 'agenda.itemStarted']);
  });

  it('pause and resume need a live meeting', () => {
    const scheduled = sampleMeeting();
    expect(refusal(scheduled, { type: 'meeting.pause', payload: {} }).code).toBe('invalid_state');
    expect(refusal(scheduled, { type: 'meeting.resume', payload: {} }).code).toBe('invalid_state');
  });

  it('ending completes the running item, clears a pause, and closes the meeting to starts', () => {
    let state = run(sampleMeeting(), { type: 'agenda.start', payload: { itemId: 'item1' } }, 0);
    state = run(state, { type: 'meeting.pause', payload: {} }, MIN);
    state = run(state, { type: 'meeting.end', payload: {} }, 3 * MIN);
    expect(state).toMatchObject({ status: 'ended', endedAt: 3 * MIN, pausedAt: null });
    expect(state.agenda.items[0]).toMatchObject({ status: 'done', accumulatedMs: MIN });
    expect(refusal(state, { type: 'meeting.end', payload: {} }).code).toBe('invalid_state');
    expect(refusal(state, { type: 'agenda.start', payload: { itemId: 'item2' } }).code).toBe('invalid_state');
    expect(refusal(state, { type: 'agenda.next', payload: {} }).code).toBe('invalid_state');
    expect(refusal(state, { type: 'meeting.pause', payload: {} }).code).toBe('invalid_state');
  });
});

describe('projected schedule', () => {
  it('projects from actual progress: what is left of the running item, then pending items in order', () => {
    let state = sampleMeeting();
    const start = state.scheduledStart;
    // Before the start, the projection follows the schedule.
    expect(projectSchedule(state, start - 10 * MIN).end).toBe(start + 50 * MIN);
    state = run(state, { type: 'agenda.start', payload: { itemId: 'item2' } }, start + 5 * MIN);
    const { starts, end } = projectSchedule(state, start + 7 * MIN);
    // item2 (15 min) has 13 left; then item1 (5) and item3 (30).
    expect(starts.get('item1')).toBe(start + 20 * MIN);
    expect(starts.get('item3')).toBe(start + 25 * MIN);
    expect(end).toBe(start + 55 * MIN);
  });

  it('an overrun pushes everything after it', () => {
    const state = run(sampleMeeting(), { type: 'agenda.start', payload: { itemId: 'item1' } }, 0);
    // item1 planned 5 min, running for 12: nothing is left of it, the rest starts now.
    expect(projectSchedule(state, 12 * MIN).end).toBe(12 * MIN + 45 * MIN);
  });
});

describe('properties', () => {
  const commandArb = (itemIds: string[]) =>
    fc.oneof(
      fc.constantFrom(...itemIds).map((itemId): Command => ({ type: 'agenda.start', payload: { itemId } })),
      fc.constantFrom(...itemIds).map((itemId): Command => ({ type: 'agenda.complete', payload: { itemId } })),
      fc.constantFrom(...itemIds).map((itemId): Command => ({ type: 'agenda.skip', payload: { itemId } })),
      fc
        .record({ itemId: fc.constantFrom(...itemIds), toIndex: fc.nat(5) })
        .map((payload): Command => ({ type: 'agenda.move', payload })),
      fc.constant<Command>({ type: 'agenda.next', payload: {} }),
      fc.constant<Command>({ type: 'meeting.pause', payload: {} }),
      fc.constant<Command>({ type: 'meeting.resume', payload: {} }),
    );

  it('any command sequence keeps the agenda consistent: one running item at most, items never lost, clocks never negative', () => {
    const initial = sampleMeeting();
    const itemIds = initial.agenda.items.map((item) => item.id);
    fc.assert(
      fc.property(fc.array(fc.tuple(commandArb(itemIds), fc.nat(10 * MIN)), { maxLength: 60 }), (steps) => {
        let state = initial;
        let now = initial.scheduledStart;
        for (const [command, gap] of steps) {
          now += gap;
          try {
            state = applyEvents(
              state,
              decide(state, command, { now, newId: idSequence(), role: 'moderator', participant: null }),
              now,
            );
          } catch (error) {
            if (!(error instanceof DomainError)) throw error;
          }
          const active = state.agenda.items.filter((item) => item.status === 'active');
          expect(active.length).toBeLessThanOrEqual(1);
          expect(state.agenda.currentItemId).toBe(active[0]?.id ?? null);
          expect([...ids(state)].sort()).toEqual([...itemIds].sort());
          for (const item of state.agenda.items) {
            expect(itemElapsedMs(item, now)).toBeGreaterThanOrEqual(0);
            expect(item.runningSince === null || (item.status === 'active' && state.pausedAt === null)).toBe(true);
          }
          expect(projectSchedule(state, now).end).toBeGreaterThanOrEqual(now);
        }
      }),
      { numRuns: 300 },
    );
  });
});
