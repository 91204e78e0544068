import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { Command } from '../../shared/commands.js';
import { DomainError } from '../../shared/errors.js';
import {
  floorStats,
  MAX_ENTRIES_PER_PARTICIPANT,
  REQUEST_PRIORITY,
  speakerElapsedMs,
  speakerRemainingMs,
} from '../../shared/floor.js';
import type { MeetingState, RequestType } from '../../shared/model.js';
import { applyEvents, decide } from '../../shared/reducer.js';
import { type Actor, act, entryOf, person, queueNames, refused } from '../support/floor.js';
import { sampleMeeting } from '../support/meetings.js';

const amina = person('Amina', 'remote', 'government');
const bruno = person('Bruno', 'in_room', 'civil_society');
const chen = person('Chen', 'in_room', 'academia');
const dara = person('Dara', 'remote', 'private_sector');
const elif = person('Elif', 'in_room', 'government');

/** The value, or a failed test when it is missing. */
function must<T>(value: T | null | undefined): T {
  if (value === null || value === undefined) throw new Error('expected a value');
  return value;
}

const request = (type: RequestType, topic = ''): Command => ({ type: 'floor.request', payload: { type, topic } });
const grantNext = (state: MeetingState): Command => ({
  type: 'floor.grant',
  payload: { expectedCurrentEntryId: state.floor.current?.entry.id ?? null },
});

function withRequests(requests: [Actor, RequestType][], state = sampleMeeting()): MeetingState {
  return requests.reduce((acc, [who, type], i) => act(acc, who, request(type), 1_000 + i), state);
}

describe('requests', () => {
  it('orders by type priority, first come first served within a type', () => {
    const state = withRequests([
      [amina, 'new_topic'],
      [bruno, 'clarifying_question'],
      [chen, 'new_topic'],
      [dara, 'point_of_order'],
    ]);
    expect(queueNames(state)).toEqual(['Dara', 'Bruno', 'Amina', 'Chen']);
    expect(state.floor.queue[0]).toMatchObject({
      type: 'point_of_order',
      participantId: 'p-dara',
      affiliation: "Dara's org",
      stakeholderGroup: 'private_sector',
      attendance: 'remote',
      pinned: false,
    });
  });

  it('carries an optional topic', () => {
    const state = act(sampleMeeting(), amina, request('new_topic', 'Format of the WSIS Forum'));
    expect(state.floor.queue[0]?.topic).toBe('Format of the WSIS Forum');
  });

  it('offers a reply only while someone has the floor', () => {
    let state = sampleMeeting();
    expect(refused(state, amina, request('reply')).code).toBe('invalid_state');
    state = act(act(state, bruno, request('new_topic')), 'chair', grantNext(state));
    state = act(state, amina, request('reply'));
    expect(queueNames(state)).toEqual(['Amina']);
  });

  it('allows one waiting request per type and three per person', () => {
    let state = act(sampleMeeting(), amina, request('new_topic'));
    expect(refused(state, amina, request('new_topic')).code).toBe('invalid_state');
    state = act(state, amina, request('clarifying_question'));
    state = act(state, amina, request('point_of_order'));
    expect(state.floor.queue).toHaveLength(MAX_ENTRIES_PER_PARTICIPANT);
    state = act(state, bruno, request('new_topic'));
    state = act(state, 'chair', {
      type: 'floor.grant',
      payload: { entryId: entryOf(state, 'Bruno').id, expectedCurrentEntryId: null },
    });
    expect(refused(state, amina, request('reply')).message).toMatch(/at most 3/);
  });

  it('is for participants; not once the meeting has ended', () => {
    expect(refused(sampleMeeting(), 'chair', request('new_topic')).code).toBe('forbidden');
    const ended = act(sampleMeeting(), 'chair', { type: 'meeting.end', payload: {} });
    expect(refused(ended, amina, request('new_topic')).code).toBe('invalid_state');
  });

  it('a closed list takes only points of order, until reopened', () => {
    let state = act(sampleMeeting(), 'chair', { type: 'floor.close', payload: {} });
    expect(state.floor.open).toBe(false);
    expect(refused(state, amina, request('new_topic')).code).toBe('invalid_state');
    state = act(state, amina, request('point_of_order'));
    expect(queueNames(state)).toEqual(['Amina']);
    expect(
      decide(state, { type: 'floor.close', payload: {} }, { now: 0, newId: () => 'x', role: 'moderator', participant: null }),
    ).toEqual([]);
    state = act(state, 'chair', { type: 'floor.open', payload: {} });
    state = act(state, bruno, request('new_topic'));
    expect(queueNames(state)).toEqual(['Amina', 'Bruno']);
    expect(
      decide(state, { type: 'floor.open', payload: {} }, { now: 0, newId: () => 'x', role: 'moderator', participant: null }),
    ).toEqual([]);
  });
});

describe('editing and withdrawing', () => {
  it('a participant edits and withdraws their own entry, and nobody else’s', () => {
    let state = withRequests([
      [amina, 'new_topic'],
      [bruno, 'new_topic'],
    ]);
    const aminas = entryOf(state, 'Amina');
    expect(refused(state, bruno, { type: 'floor.edit', payload: { entryId: aminas.id, topic: 'x' } }).code).toBe('forbidden');
    expect(refused(state, bruno, { type: 'floor.withdraw', payload: { entryId: aminas.id } }).code).toBe('forbidden');
    state = act(state, amina, { type: 'floor.edit', payload: { entryId: aminas.id, topic: 'Capacity building' } });
    expect(entryOf(state, 'Amina').topic).toBe('Capacity building');
    state = act(state, amina, { type: 'floor.edit', payload: { entryId: aminas.id, type: 'clarifying_question' } });
    expect(queueNames(state)).toEqual(['Amina', 'Bruno']);
    state = act(state, amina, { type: 'floor.withdraw', payload: { entryId: aminas.id } });
    expect(queueNames(state)).toEqual(['Bruno']);
    expect(refused(state, amina, { type: 'floor.withdraw', payload: { entryId: aminas.id } }).code).toBe('not_found');
  });

  it('changing type to reply follows the same rules as asking', () => {
    const state = withRequests([[amina, 'new_topic']]);
    const entryId = entryOf(state, 'Amina').id;
    expect(refused(state, amina, { type: 'floor.edit', payload: { entryId, type: 'reply' } }).code).toBe('invalid_state');
  });

  it('a moderator edits and removes any entry; an unchanged edit is nothing', () => {
    let state = withRequests([[amina, 'new_topic']]);
    const entryId = entryOf(state, 'Amina').id;
    state = act(state, 'chair', { type: 'floor.edit', payload: { entryId, topic: 'Relayed by the remote moderator' } });
    expect(entryOf(state, 'Amina').topic).toBe('Relayed by the remote moderator');
    expect(
      decide(
        state,
        { type: 'floor.edit', payload: { entryId, topic: 'Relayed by the remote moderator' } },
        {
          now: 0,
          newId: () => 'x',
          role: 'moderator',
          participant: null,
        },
      ),
    ).toEqual([]);
    state = act(state, 'chair', { type: 'floor.remove', payload: { entryId } });
    expect(state.floor.queue).toEqual([]);
    expect(refused(state, 'chair', { type: 'floor.remove', payload: { entryId } }).code).toBe('not_found');
  });

  it('the entry that has the floor is ended, not withdrawn or removed', () => {
    let state = withRequests([[amina, 'new_topic']]);
    state = act(state, 'chair', grantNext(state));
    const entryId = state.floor.current?.entry.id ?? '';
    expect(refused(state, amina, { type: 'floor.withdraw', payload: { entryId } }).code).toBe('invalid_state');
    expect(refused(state, 'chair', { type: 'floor.remove', payload: { entryId } }).code).toBe('invalid_state');
  });
});

describe('granting and ending turns', () => {
  it('grants the next entry, or a chosen one, and ends the turn of whoever spoke', () => {
    let state = withRequests([
      [amina, 'new_topic'],
      [bruno, 'new_topic'],
      [chen, 'new_topic'],
    ]);
    state = act(state, 'chair', grantNext(state), 10_000);
    expect(state.floor.current).toMatchObject({
      entry: { name: 'Amina' },
      grantedAt: 10_000,
      runningSince: 10_000,
      limitMs: 180_000,
    });
    const chens = entryOf(state, 'Chen').id;
    state = act(
      state,
      'chair',
      { type: 'floor.grant', payload: { entryId: chens, expectedCurrentEntryId: state.floor.current?.entry.id ?? null } },
      70_000,
    );
    expect(state.floor.current?.entry.name).toBe('Chen');
    expect(queueNames(state)).toEqual(['Bruno']);
    expect(state.floor.lastSpeaker).toEqual({ attendance: 'remote', stakeholderGroup: 'government' });
    expect(state.floor.stats.byGroup.government).toEqual({ interventions: 1, speakingMs: 60_000 });
  });

  it('refuses a stale expectation with conflict', () => {
    let state = withRequests([
      [amina, 'new_topic'],
      [bruno, 'new_topic'],
    ]);
    state = act(state, 'chair', grantNext(state));
    expect(refused(state, 'chair', { type: 'floor.grant', payload: { expectedCurrentEntryId: null } }).code).toBe('conflict');
    expect(refused(state, 'chair', { type: 'floor.grant', payload: { expectedCurrentEntryId: 'someone-else' } }).code).toBe(
      'conflict',
    );
  });

  it('next with nobody waiting ends the turn; with nobody at all it is refused', () => {
    let state = withRequests([[amina, 'new_topic']]);
    state = act(state, 'chair', grantNext(state));
    state = act(state, 'chair', grantNext(state));
    expect(state.floor.current).toBeNull();
    expect(refused(state, 'chair', grantNext(state)).code).toBe('invalid_state');
    expect(
      refused(state, 'chair', { type: 'floor.grant', payload: { entryId: 'nope', expectedCurrentEntryId: null } }).code,
    ).toBe('not_found');
  });

  it('the speaker ends their own turn; nobody else’s', () => {
    let state = withRequests([[amina, 'new_topic']]);
    state = act(state, 'chair', grantNext(state));
    const entryId = state.floor.current?.entry.id ?? '';
    expect(refused(state, bruno, { type: 'floor.finish', payload: { entryId } }).code).toBe('forbidden');
    state = act(state, amina, { type: 'floor.finish', payload: { entryId } });
    expect(state.floor.current).toBeNull();
    expect(refused(state, amina, { type: 'floor.finish', payload: { entryId } }).code).toBe('conflict');
  });

  it('the race between the speaker’s "done" and the chair’s "next" never skips or repeats anyone, in either order', () => {
    const start = (() => {
      const state = withRequests([
        [amina, 'new_topic'],
        [bruno, 'new_topic'],
        [chen, 'new_topic'],
      ]);
      return act(state, 'chair', grantNext(state));
    })();
    const aminas = start.floor.current?.entry.id ?? '';
    const done: Command = { type: 'floor.finish', payload: { entryId: aminas } };
    const next: Command = { type: 'floor.grant', payload: { expectedCurrentEntryId: aminas } };

    // Chair first: Bruno speaks; Amina's late "done" is refused and Bruno keeps the floor.
    const chairFirst = act(start, 'chair', next);
    expect(chairFirst.floor.current?.entry.name).toBe('Bruno');
    expect(refused(chairFirst, amina, done).code).toBe('conflict');

    // Speaker first: nobody speaks; the chair's stale "next" is refused; pressed again, Bruno speaks.
    const speakerFirst = act(start, amina, done);
    expect(refused(speakerFirst, 'chair', next).code).toBe('conflict');
    const again = act(speakerFirst, 'chair', grantNext(speakerFirst));
    expect(again.floor.current?.entry.name).toBe('Bruno');
    expect(queueNames(again)).toEqual(['Chen']);
  });

  it('nobody speaks once the meeting has ended', () => {
    let state = withRequests([[amina, 'new_topic']]);
    state = act(state, 'chair', grantNext(state), 0);
    state = act(state, 'chair', { type: 'meeting.end', payload: {} }, 30_000);
    expect(state.floor.current).toBeNull();
    expect(state.floor.stats.byAttendance.remote).toEqual({ interventions: 1, speakingMs: 30_000 });
    expect(refused(state, 'chair', grantNext(state)).code).toBe('invalid_state');
  });
});

describe('manual placement', () => {
  it('a moved entry keeps its place while the suggested order fills the rest; a reset releases it', () => {
    let state = withRequests([
      [amina, 'new_topic'],
      [bruno, 'new_topic'],
      [chen, 'new_topic'],
    ]);
    state = act(state, 'chair', { type: 'floor.move', payload: { entryId: entryOf(state, 'Chen').id, toIndex: 0 } });
    expect(queueNames(state)).toEqual(['Chen', 'Amina', 'Bruno']);
    // A point of order arrives: it goes first among the others, Chen stays first.
    state = act(state, dara, request('point_of_order'));
    expect(queueNames(state)).toEqual(['Chen', 'Dara', 'Amina', 'Bruno']);
    expect(
      decide(
        state,
        { type: 'floor.move', payload: { entryId: entryOf(state, 'Chen').id, toIndex: 0 } },
        {
          now: 0,
          newId: () => 'x',
          role: 'moderator',
          participant: null,
        },
      ),
    ).toEqual([]);
    state = act(state, 'chair', { type: 'floor.move', payload: { entryId: entryOf(state, 'Amina').id, toIndex: 99 } });
    expect(queueNames(state)).toEqual(['Chen', 'Dara', 'Bruno', 'Amina']);
    state = act(state, 'chair', { type: 'floor.resetOrder', payload: {} });
    expect(queueNames(state)).toEqual(['Dara', 'Amina', 'Bruno', 'Chen']);
    expect(
      decide(
        state,
        { type: 'floor.resetOrder', payload: {} },
        { now: 0, newId: () => 'x', role: 'moderator', participant: null },
      ),
    ).toEqual([]);
    expect(refused(state, 'chair', { type: 'floor.move', payload: { entryId: 'nope', toIndex: 0 } }).code).toBe('not_found');
  });
});

describe('ordering policies', () => {
  it('alternate: in-room and remote take turns while both have people waiting', () => {
    let state = act(sampleMeeting(), 'chair', { type: 'floor.configure', payload: { policy: 'alternate' } });
    state = withRequests(
      [
        [bruno, 'new_topic'],
        [chen, 'new_topic'],
        [elif, 'new_topic'],
        [amina, 'new_topic'],
        [dara, 'new_topic'],
      ],
      state,
    );
    expect(queueNames(state)).toEqual(['Bruno', 'Amina', 'Chen', 'Dara', 'Elif']);
    // After a remote speaker, an in-room one comes first.
    state = act(state, 'chair', {
      type: 'floor.grant',
      payload: { entryId: entryOf(state, 'Amina').id, expectedCurrentEntryId: null },
    });
    expect(queueNames(state)).toEqual(['Bruno', 'Dara', 'Chen', 'Elif']);
  });

  it('stakeholder rotation: no group twice in a row while another waits', () => {
    let state = act(sampleMeeting(), 'chair', { type: 'floor.configure', payload: { policy: 'stakeholder_rotation' } });
    state = withRequests(
      [
        [amina, 'new_topic'],
        [elif, 'new_topic'],
        [bruno, 'new_topic'],
      ],
      state,
    );
    expect(queueNames(state)).toEqual(['Amina', 'Bruno', 'Elif']);
  });

  it('priority still comes first under every policy', () => {
    let state = act(sampleMeeting(), 'chair', { type: 'floor.configure', payload: { policy: 'alternate' } });
    state = withRequests(
      [
        [bruno, 'new_topic'],
        [chen, 'point_of_order'],
      ],
      state,
    );
    expect(queueNames(state)).toEqual(['Chen', 'Bruno']);
  });
});

describe('settings and the countdown', () => {
  const speaking = (() => {
    const state = withRequests([
      [amina, 'new_topic'],
      [bruno, 'new_topic'],
    ]);
    return act(state, 'chair', grantNext(state), 0);
  })();
  const speakerId = speaking.floor.current?.entry.id ?? '';
  const timer = (action: 'start' | 'pause' | 'reset'): Command => ({
    type: 'floor.timer',
    payload: { entryId: speakerId, action },
  });

  it('configures the policy, the default limit and clearing, and reports only real changes', () => {
    let state = act(sampleMeeting(), 'chair', {
      type: 'floor.configure',
      payload: { policy: 'alternate', defaultLimitSeconds: 120, clearOnItemComplete: true },
    });
    expect(state.floor).toMatchObject({ policy: 'alternate', defaultLimitMs: 120_000, clearOnItemComplete: true });
    expect(
      decide(
        state,
        { type: 'floor.configure', payload: { policy: 'alternate' } },
        { now: 0, newId: () => 'x', role: 'moderator', participant: null },
      ),
    ).toEqual([]);
    state = act(state, 'chair', { type: 'floor.configure', payload: { defaultLimitSeconds: null } });
    expect(state.floor.defaultLimitMs).toBeNull();
  });

  it('counts down from the grant; pause, start, extend and reset act on the current speaker only', () => {
    expect(speakerRemainingMs(must(speaking.floor.current), 60_000)).toBe(120_000);
    let state = act(speaking, 'chair', timer('pause'), 60_000);
    expect(speakerElapsedMs(must(state.floor.current), 500_000)).toBe(60_000);
    expect(decide(state, timer('pause'), { now: 0, newId: () => 'x', role: 'moderator', participant: null })).toEqual([]);
    state = act(state, 'chair', timer('start'), 100_000);
    expect(speakerElapsedMs(must(state.floor.current), 110_000)).toBe(70_000);
    expect(decide(state, timer('start'), { now: 0, newId: () => 'x', role: 'moderator', participant: null })).toEqual([]);
    state = act(state, 'chair', { type: 'floor.extend', payload: { entryId: speakerId, seconds: 60 } }, 110_000);
    expect(speakerRemainingMs(must(state.floor.current), 110_000)).toBe(170_000);
    // Time is up when the remaining time reaches zero: every client computes it from the same figures.
    expect(speakerRemainingMs(must(state.floor.current), 280_000)).toBe(0);
    state = act(state, 'chair', timer('reset'), 120_000);
    expect(state.floor.current).toMatchObject({ accumulatedMs: 0, runningSince: null });
    expect(refused(state, 'chair', { type: 'floor.timer', payload: { entryId: 'other', action: 'start' } }).code).toBe(
      'conflict',
    );
    expect(refused(state, 'chair', { type: 'floor.extend', payload: { entryId: 'other', seconds: 60 } }).code).toBe('conflict');
  });

  it('sets a limit for a waiting entry or the speaker; a turn without limit cannot be extended', () => {
    const brunos = entryOf(speaking, 'Bruno').id;
    let state = act(speaking, 'chair', { type: 'floor.setEntryLimit', payload: { entryId: brunos, limitSeconds: 60 } });
    expect(entryOf(state, 'Bruno').limitMs).toBe(60_000);
    state = act(state, 'chair', { type: 'floor.setEntryLimit', payload: { entryId: speakerId, limitSeconds: null } });
    expect(state.floor.current?.limitMs).toBe(180_000);
    state = act(state, 'chair', grantNext(state), 1_000);
    expect(state.floor.current).toMatchObject({ entry: { name: 'Bruno' }, limitMs: 60_000 });
    expect(refused(state, 'chair', { type: 'floor.setEntryLimit', payload: { entryId: 'nope', limitSeconds: 60 } }).code).toBe(
      'not_found',
    );
    state = act(state, 'chair', { type: 'floor.configure', payload: { defaultLimitSeconds: null } });
    state = act(state, 'chair', {
      type: 'floor.setEntryLimit',
      payload: { entryId: state.floor.current?.entry.id ?? '', limitSeconds: null },
    });
    expect(state.floor.current?.limitMs).toBeNull();
    expect(
      refused(state, 'chair', { type: 'floor.extend', payload: { entryId: state.floor.current?.entry.id ?? '', seconds: 30 } })
        .code,
    ).toBe('invalid_state');
  });

  it('a meeting pause holds the countdown and the resume restarts it', () => {
    let state = act(speaking, 'chair', { type: 'agenda.start', payload: { itemId: 'item1' } }, 0);
    state = act(state, 'chair', { type: 'meeting.pause', payload: {} }, 30_000);
    expect(state.floor.current).toMatchObject({ runningSince: null, heldByMeetingPause: true, accumulatedMs: 30_000 });
    expect(refused(state, 'chair', timer('start')).code).toBe('invalid_state');
    state = act(state, 'chair', { type: 'meeting.resume', payload: {} }, 90_000);
    expect(state.floor.current).toMatchObject({ runningSince: 90_000, heldByMeetingPause: false });
    // A speaker granted during a pause waits for the resume too.
    state = act(state, 'chair', { type: 'meeting.pause', payload: {} }, 100_000);
    state = act(state, 'chair', grantNext(state), 110_000);
    expect(state.floor.current).toMatchObject({ entry: { name: 'Bruno' }, runningSince: null, heldByMeetingPause: true });
    // Paused by hand during the meeting pause: stays paused after the resume.
    state = act(
      state,
      'chair',
      { type: 'floor.timer', payload: { entryId: state.floor.current?.entry.id ?? '', action: 'pause' } },
      115_000,
    );
    state = act(state, 'chair', { type: 'meeting.resume', payload: {} }, 120_000);
    expect(state.floor.current).toMatchObject({ runningSince: null, heldByMeetingPause: false });
  });

  it('clears the list and ends the turn when an agenda item completes, if asked to', () => {
    let state = act(speaking, 'chair', { type: 'agenda.start', payload: { itemId: 'item1' } }, 0);
    state = act(state, 'chair', { type: 'agenda.next', payload: {} }, 10_000);
    expect(state.floor.current).not.toBeNull();
    state = act(state, 'chair', { type: 'floor.configure', payload: { clearOnItemComplete: true } });
    state = act(state, 'chair', { type: 'agenda.next', payload: {} }, 20_000);
    expect(state.floor.current).toBeNull();
    expect(state.floor.queue).toEqual([]);
    expect(state.floor.stats.byGroup.government.speakingMs).toBe(20_000);
  });

  it('statistics include the turn in progress', () => {
    const live = floorStats(speaking.floor, 45_000);
    expect(live.byGroup.government).toEqual({ interventions: 1, speakingMs: 45_000 });
    expect(live.byAttendance.remote).toEqual({ interventions: 1, speakingMs: 45_000 });
    expect(live.byAttendance.in_room).toEqual({ interventions: 0, speakingMs: 0 });
  });
});

describe('properties of the floor under random command sequences', () => {
  const people = [amina, bruno, chen, dara, elif];
  const policies = ['priority', 'alternate', 'stakeholder_rotation'] as const;

  type Step =
    | { kind: 'request'; who: number; type: RequestType }
    | { kind: 'withdraw'; who: number; pick: number }
    | { kind: 'grant' }
    | { kind: 'grantChosen'; pick: number }
    | { kind: 'finish' }
    | { kind: 'move'; pick: number; to: number }
    | { kind: 'reset' };

  // Requests dominate, so that the list is often long enough for the policies to matter.
  const stepArb: fc.Arbitrary<Step> = fc.oneof(
    {
      weight: 8,
      arbitrary: fc.record({
        kind: fc.constant('request' as const),
        who: fc.nat(4),
        type: fc.constantFrom<RequestType>(
          'point_of_order',
          'clarifying_question',
          'reply',
          'new_topic',
          'new_topic',
          'new_topic',
        ),
      }),
    },
    { weight: 1, arbitrary: fc.record({ kind: fc.constant('withdraw' as const), who: fc.nat(4), pick: fc.nat(5) }) },
    { weight: 3, arbitrary: fc.constant({ kind: 'grant' as const }) },
    { weight: 1, arbitrary: fc.record({ kind: fc.constant('grantChosen' as const), pick: fc.nat(10) }) },
    { weight: 1, arbitrary: fc.constant({ kind: 'finish' as const }) },
    { weight: 1, arbitrary: fc.record({ kind: fc.constant('move' as const), pick: fc.nat(10), to: fc.nat(10) }) },
    { weight: 1, arbitrary: fc.constant({ kind: 'reset' as const }) },
  );

  function toCommand(state: MeetingState, step: Step): [Actor, Command] | null {
    const current = state.floor.current?.entry.id ?? null;
    switch (step.kind) {
      case 'request':
        return [must(people[step.who]), request(step.type)];
      case 'withdraw': {
        const mine = state.floor.queue.filter((e) => e.participantId === must(people[step.who]).id);
        const entry = mine[step.pick % Math.max(1, mine.length)];
        return entry ? [must(people[step.who]), { type: 'floor.withdraw', payload: { entryId: entry.id } }] : null;
      }
      case 'grant':
        return ['chair', { type: 'floor.grant', payload: { expectedCurrentEntryId: current } }];
      case 'grantChosen': {
        const entry = state.floor.queue[step.pick % Math.max(1, state.floor.queue.length)];
        return entry ? ['chair', { type: 'floor.grant', payload: { entryId: entry.id, expectedCurrentEntryId: current } }] : null;
      }
      case 'finish':
        return current ? ['chair', { type: 'floor.finish', payload: { entryId: current } }] : null;
      case 'move': {
        const entry = state.floor.queue[step.pick % Math.max(1, state.floor.queue.length)];
        return entry ? ['chair', { type: 'floor.move', payload: { entryId: entry.id, toIndex: step.to } }] : null;
      }
      case 'reset':
        return ['chair', { type: 'floor.resetOrder', payload: {} }];
    }
  }

  it('no entry is lost or duplicated, nobody holds the floor twice from one request, and each policy holds', () => {
    fc.assert(
      fc.property(fc.constantFrom(...policies), fc.array(stepArb, { maxLength: 80 }), (policy, steps) => {
        let state = act(sampleMeeting(), 'chair', { type: 'floor.configure', payload: { policy } });
        const requested = new Set<string>();
        const gone = new Set<string>();
        const granted = new Set<string>();
        let now = 1_000;
        for (const step of steps) {
          const planned = toCommand(state, step);
          if (!planned) continue;
          const [actor, command] = planned;
          now += 1_000;
          let events: ReturnType<typeof decide>;
          try {
            events = decide(
              state,
              command,
              actor === 'chair'
                ? { now, newId: () => `e${now}`, role: 'moderator', participant: null }
                : { now, newId: () => `e${now}`, role: 'participant', participant: actor },
            );
          } catch (error) {
            if (error instanceof DomainError) continue;
            throw error;
          }
          const before = state;
          state = applyEvents(state, events, now);
          for (const event of events) {
            if (event.type === 'floor.requested') requested.add(event.entry.id);
            if (event.type === 'floor.entryRemoved' || event.type === 'floor.turnEnded') gone.add(event.entryId);
            if (event.type === 'floor.granted') {
              expect(granted.has(event.entryId)).toBe(false);
              granted.add(event.entryId);
              // The chosen-by-rule grant respects the suggested order's rule for its class.
              if (step.kind === 'grant' && !before.floor.queue.some((e) => e.pinned)) {
                const chosen = must(before.floor.queue.find((e) => e.id === event.entryId));
                const best = Math.min(...before.floor.queue.map((e) => REQUEST_PRIORITY[e.type]));
                expect(REQUEST_PRIORITY[chosen.type]).toBe(best);
                const previous = before.floor.current?.entry ?? before.floor.lastSpeaker;
                const sameClass = before.floor.queue.filter((e) => REQUEST_PRIORITY[e.type] === best);
                if (previous && policy === 'alternate' && sameClass.some((e) => e.attendance !== previous.attendance)) {
                  expect(chosen.attendance).not.toBe(previous.attendance);
                }
                if (
                  previous &&
                  policy === 'stakeholder_rotation' &&
                  sameClass.some((e) => e.stakeholderGroup !== previous.stakeholderGroup)
                ) {
                  expect(chosen.stakeholderGroup).not.toBe(previous.stakeholderGroup);
                }
              }
            }
          }
          // Every entry ever requested is in exactly one place: waiting, speaking, or finished.
          const waiting = state.floor.queue.map((e) => e.id);
          expect(new Set(waiting).size).toBe(waiting.length);
          const speaking = state.floor.current ? [state.floor.current.entry.id] : [];
          for (const id of requested) {
            const places =
              (waiting.includes(id) ? 1 : 0) +
              (speaking.includes(id) ? 1 : 0) +
              (gone.has(id) && !speaking.includes(id) && !waiting.includes(id) ? 1 : 0);
            expect(places).toBe(1);
          }
          // Without hand placement, the list is sorted by priority.
          if (!state.floor.queue.some((e) => e.pinned)) {
            const ranks = state.floor.queue.map((e) => REQUEST_PRIORITY[e.type]);
            expect(ranks).toEqual([...ranks].sort((a, b) => a - b));
          }
          const interventions = Object.values(state.floor.stats.byAttendance).reduce((sum, s) => sum + s.interventions, 0);
          expect(interventions).toBe(granted.size);
        }
      }),
      { numRuns: 300 },
    );
  });
});

describe('leaving', () => {
  const leave: Command = { type: 'participant.leave', payload: {} };

  it('withdraws every waiting request of the one who leaves and ends their turn, nobody else’s', () => {
    let state = withRequests([
      [amina, 'new_topic'],
      [bruno, 'new_topic'],
      [amina, 'clarifying_question'],
    ]);
    state = act(state, 'chair', {
      type: 'floor.grant',
      payload: { entryId: entryOf(state, 'Bruno').id, expectedCurrentEntryId: null },
    });
    state = act(state, bruno, request('reply'));
    expect(queueNames(state)).toEqual(['Amina', 'Bruno', 'Amina']);
    const events = decide(state, leave, { now: 5_000, newId: () => 'x', role: 'participant', participant: bruno });
    expect(events.map((event) => event.type)).toEqual(['floor.turnEnded', 'floor.entryRemoved']);
    state = applyEvents(state, events, 5_000);
    expect(state.floor.current).toBeNull();
    expect(queueNames(state)).toEqual(['Amina', 'Amina']);
    expect(state.floor.stats.byAttendance.in_room.interventions).toBe(1);
    state = act(state, amina, leave);
    expect(queueNames(state)).toEqual([]);
  });

  it('changes nothing for someone with no request and no turn, and is a participant’s command only', () => {
    const state = withRequests([[amina, 'new_topic']]);
    expect(decide(state, leave, { now: 1, newId: () => 'x', role: 'participant', participant: chen })).toEqual([]);
    expect(refused(state, 'chair', leave).code).toBe('forbidden');
  });
});
