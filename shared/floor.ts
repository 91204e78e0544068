import type { Command } from './commands.js';
import type { DecideContext } from './decide-context.js';
import { DomainError, ErrorCode } from './errors.js';
import type { DomainEvent } from './events.js';
import {
  ATTENDANCE,
  type Attendance,
  type CurrentSpeaker,
  type FloorEntry,
  type FloorPolicy,
  type FloorState,
  type MeetingState,
  type Participant,
  type RequestType,
  type SpeakingStats,
  type SpokenTurn,
  STAKEHOLDER_GROUPS,
  type StakeholderGroup,
} from './model.js';

/** Lower comes first: point of order > clarifying question > reply > new topic. */
export const REQUEST_PRIORITY: Record<RequestType, number> = {
  point_of_order: 0,
  clarifying_question: 1,
  reply: 2,
  new_topic: 3,
};
export const MAX_WAITING_ENTRIES = 300;
export const MAX_ENTRIES_PER_PARTICIPANT = 3;
export const DEFAULT_SPEAKING_LIMIT_MS = 3 * 60_000;
/** Finished turns kept in the state; the record (the change log) keeps them all. */
export const MAX_SPOKEN_TURNS = 300;
/** People remembered for inscription by name. */
export const MAX_PEOPLE = 2000;

const emptyStats = (): SpeakingStats => ({ interventions: 0, speakingMs: 0 });

export function initialFloor(): FloorState {
  return {
    open: true,
    policy: 'priority',
    defaultLimitMs: DEFAULT_SPEAKING_LIMIT_MS,
    clearOnItemComplete: false,
    queue: [],
    current: null,
    lastSpeaker: null,
    nextSeq: 1,
    spoken: [],
    people: [],
    stats: {
      byGroup: Object.fromEntries(STAKEHOLDER_GROUPS.map((group) => [group, emptyStats()])) as Record<
        StakeholderGroup,
        SpeakingStats
      >,
      byAttendance: Object.fromEntries(ATTENDANCE.map((attendance) => [attendance, emptyStats()])) as Record<
        Attendance,
        SpeakingStats
      >,
    },
  };
}

// ---------------------------------------------------------------------------
// Ordering
// ---------------------------------------------------------------------------

type SpeakerTraits = { attendance: Attendance; stakeholderGroup: StakeholderGroup };

/**
 * The suggested order of waiting entries. By type priority first; within a
 * type, first come first served, except that the policy prefers, at each
 * place, the earliest entry that differs from whoever comes just before it
 * (the current or last speaker for the first place): in attendance for
 * `alternate`, in stakeholder group for `stakeholder_rotation`.
 */
export function suggestedOrder(
  entries: readonly FloorEntry[],
  policy: FloorPolicy,
  previous: SpeakerTraits | null,
): FloorEntry[] {
  const byArrival = [...entries].sort((a, b) => REQUEST_PRIORITY[a.type] - REQUEST_PRIORITY[b.type] || a.seq - b.seq);
  if (policy === 'priority') return byArrival;
  const differs = (entry: FloorEntry, before: SpeakerTraits | null) =>
    before === null ||
    (policy === 'alternate' ? entry.attendance !== before.attendance : entry.stakeholderGroup !== before.stakeholderGroup);
  const order: FloorEntry[] = [];
  let before = previous;
  let pool = byArrival;
  while (pool.length > 0) {
    const head = pool[0] as FloorEntry;
    const sameClass = pool.filter((entry) => entry.type === head.type);
    const pick = sameClass.find((entry) => differs(entry, before)) ?? head;
    order.push(pick);
    before = pick;
    pool = pool.filter((entry) => entry !== pick);
  }
  return order;
}

/** Entries placed by hand keep their index; the suggested order fills every other place. */
export function arrangeQueue(floor: FloorState): FloorEntry[] {
  const previous = floor.current ? floor.current.entry : floor.lastSpeaker;
  const suggested = suggestedOrder(
    floor.queue.filter((entry) => !entry.pinned),
    floor.policy,
    previous,
  );
  let next = 0;
  return floor.queue.map((entry) => (entry.pinned ? entry : (suggested[next++] as FloorEntry)));
}

// ---------------------------------------------------------------------------
// Selectors
// ---------------------------------------------------------------------------

export function speakerElapsedMs(speaker: CurrentSpeaker, now: number): number {
  return speaker.accumulatedMs + (speaker.runningSince === null ? 0 : Math.max(0, now - speaker.runningSince));
}

/** Time left of the current turn (negative once over), or null without a limit. */
export function speakerRemainingMs(speaker: CurrentSpeaker, now: number): number | null {
  return speaker.limitMs === null ? null : speaker.limitMs - speakerElapsedMs(speaker, now);
}

/** Statistics including the turn in progress. */
export function floorStats(floor: FloorState, now: number): FloorState['stats'] {
  const current = floor.current;
  if (!current) return floor.stats;
  const running = speakerElapsedMs(current, now);
  const add = (stats: SpeakingStats): SpeakingStats => ({ ...stats, speakingMs: stats.speakingMs + running });
  const { stakeholderGroup, attendance } = current.entry;
  return {
    byGroup: { ...floor.stats.byGroup, [stakeholderGroup]: add(floor.stats.byGroup[stakeholderGroup]) },
    byAttendance: { ...floor.stats.byAttendance, [attendance]: add(floor.stats.byAttendance[attendance]) },
  };
}

// ---------------------------------------------------------------------------
// Decide
// ---------------------------------------------------------------------------

type FloorCommand = Extract<Command, { type: `floor.${string}` }>;

function waitingEntry(floor: FloorState, entryId: string): FloorEntry {
  const entry = floor.queue.find((candidate) => candidate.id === entryId);
  if (!entry) {
    const speaking = floor.current?.entry.id === entryId;
    throw new DomainError(
      speaking ? ErrorCode.invalidState : ErrorCode.notFound,
      speaking ? 'this entry has the floor; end the turn instead' : `no waiting entry with id '${entryId}'`,
    );
  }
  return entry;
}

function currentSpeaker(floor: FloorState, entryId: string): CurrentSpeaker {
  if (floor.current?.entry.id !== entryId) {
    throw new DomainError(ErrorCode.conflict, 'the floor has changed: that turn is not the current one');
  }
  return floor.current;
}

function assertOwnEntry(entry: FloorEntry, ctx: DecideContext): void {
  if (ctx.role === 'moderator') return;
  if (entry.participantId !== ctx.participant?.id) throw new DomainError(ErrorCode.forbidden, 'this is not your request');
}

function assertRequestAllowed(state: MeetingState, type: RequestType, participantId: string, ignoreEntryId?: string): void {
  const { floor } = state;
  if (type === 'reply' && floor.current === null) {
    throw new DomainError(ErrorCode.invalidState, 'a reply is possible only while someone has the floor');
  }
  const mine = floor.queue.filter((entry) => entry.participantId === participantId && entry.id !== ignoreEntryId);
  if (mine.some((entry) => entry.type === type)) {
    throw new DomainError(ErrorCode.invalidState, 'you already have a request of this type on the list');
  }
}

/** A participant the meeting knows: anyone who has been on the list, or the named author of a question. */
export function knownParticipant(state: MeetingState, participantId: string): Participant | undefined {
  const person = state.floor.people.find((candidate) => candidate.id === participantId);
  if (person) return person;
  const author = state.questions.items.find(
    (question) => !question.anonymous && question.author?.participantId === participantId,
  )?.author;
  return author
    ? {
        id: author.participantId,
        name: author.name,
        affiliation: author.affiliation,
        stakeholderGroup: author.stakeholderGroup,
        attendance: author.attendance,
      }
    : undefined;
}

/**
 * A new waiting entry for `participant`, after the checks a request and an
 * inscription share: what the list already holds for them, at most
 * MAX_ENTRIES_PER_PARTICIPANT of theirs, at most MAX_WAITING_ENTRIES in all.
 */
function newEntry(
  state: MeetingState,
  participant: Participant,
  type: FloorEntry['type'],
  topic: FloorEntry['topic'],
  ctx: DecideContext,
): FloorEntry {
  const { floor } = state;
  assertRequestAllowed(state, type, participant.id);
  if (floor.queue.filter((entry) => entry.participantId === participant.id).length >= MAX_ENTRIES_PER_PARTICIPANT) {
    throw new DomainError(ErrorCode.invalidState, `at most ${MAX_ENTRIES_PER_PARTICIPANT} requests per person`);
  }
  if (floor.queue.length >= MAX_WAITING_ENTRIES) throw new DomainError(ErrorCode.invalidState, 'the speakers list is full');
  return {
    id: ctx.newId(),
    type,
    participantId: participant.id,
    name: participant.name,
    affiliation: participant.affiliation,
    stakeholderGroup: participant.stakeholderGroup,
    attendance: participant.attendance,
    topic,
    requestedAt: ctx.now,
    seq: floor.nextSeq,
    pinned: false,
    limitMs: null,
  };
}

export function decideFloor(state: MeetingState, command: FloorCommand, ctx: DecideContext): DomainEvent[] {
  const { floor } = state;
  switch (command.type) {
    case 'floor.request': {
      const participant = ctx.participant;
      if (!participant) throw new DomainError(ErrorCode.forbidden, 'only a participant can ask for the floor');
      if (state.status === 'ended') throw new DomainError(ErrorCode.invalidState, 'the meeting has ended');
      const { type, topic } = command.payload;
      if (!floor.open && type !== 'point_of_order') {
        throw new DomainError(ErrorCode.invalidState, 'the speakers list is closed; only a point of order is possible');
      }
      return [{ type: 'floor.requested', entry: newEntry(state, participant, type, topic, ctx) }];
    }
    case 'floor.inscribe': {
      if (state.status === 'ended') throw new DomainError(ErrorCode.invalidState, 'the meeting has ended');
      const { participantId, person, type, topic } = command.payload;
      let participant: Participant;
      if (participantId !== undefined) {
        const known = knownParticipant(state, participantId);
        if (!known) throw new DomainError(ErrorCode.notFound, `no participant with id '${participantId}' in this meeting`);
        participant = known;
      } else if (person) {
        participant = { id: ctx.newId(), ...person };
      } else {
        throw new DomainError(ErrorCode.invalid, 'name either participantId or person');
      }
      // The chair may inscribe on a closed list: closing stops requests, not the chair.
      const entry: FloorEntry = { ...newEntry(state, participant, type, topic, ctx), addedBy: ctx.moderator?.label ?? 'chair' };
      return [{ type: 'floor.requested', entry }];
    }
    case 'floor.putBack': {
      const last = floor.spoken.at(-1);
      if (!last || last.entry.id !== command.payload.entryId) {
        throw new DomainError(ErrorCode.conflict, 'only the last finished speaker can be put back');
      }
      if (floor.current) throw new DomainError(ErrorCode.invalidState, 'someone has the floor; end the turn first');
      if (floor.queue.some((entry) => entry.participantId === last.entry.participantId && entry.type === last.entry.type)) {
        throw new DomainError(ErrorCode.invalidState, 'this person already waits with a request of this type');
      }
      if (floor.queue.length >= MAX_WAITING_ENTRIES) throw new DomainError(ErrorCode.invalidState, 'the speakers list is full');
      return [{ type: 'floor.putBack', entryId: last.entry.id }];
    }
    case 'floor.edit': {
      const entry = waitingEntry(floor, command.payload.entryId);
      assertOwnEntry(entry, ctx);
      const changes: { type?: RequestType; topic?: string } = {};
      const { type, topic } = command.payload;
      if (type !== undefined && type !== entry.type) {
        assertRequestAllowed(state, type, entry.participantId, entry.id);
        changes.type = type;
      }
      if (topic !== undefined && topic !== entry.topic) changes.topic = topic;
      return Object.keys(changes).length === 0 ? [] : [{ type: 'floor.entryEdited', entryId: entry.id, changes }];
    }
    case 'floor.withdraw': {
      const entry = waitingEntry(floor, command.payload.entryId);
      assertOwnEntry(entry, ctx);
      return [{ type: 'floor.entryRemoved', entryId: entry.id, reason: 'withdrawn' }];
    }
    case 'floor.remove': {
      const entry = waitingEntry(floor, command.payload.entryId);
      return [{ type: 'floor.entryRemoved', entryId: entry.id, reason: 'removed' }];
    }
    case 'floor.move': {
      const entry = waitingEntry(floor, command.payload.entryId);
      const toIndex = Math.min(command.payload.toIndex, floor.queue.length - 1);
      if (entry.pinned && floor.queue.indexOf(entry) === toIndex) return [];
      return [{ type: 'floor.entryMoved', entryId: entry.id, toIndex }];
    }
    case 'floor.resetOrder':
      return floor.queue.some((entry) => entry.pinned) ? [{ type: 'floor.orderReset' }] : [];
    case 'floor.grant': {
      if (state.status === 'ended') throw new DomainError(ErrorCode.invalidState, 'the meeting has ended');
      const { entryId, expectedCurrentEntryId } = command.payload;
      if ((floor.current?.entry.id ?? null) !== expectedCurrentEntryId) {
        throw new DomainError(ErrorCode.conflict, 'the floor has changed since you looked');
      }
      const target = entryId === undefined ? floor.queue[0] : waitingEntry(floor, entryId);
      const ending: DomainEvent[] = floor.current ? [{ type: 'floor.turnEnded', entryId: floor.current.entry.id }] : [];
      if (!target) {
        if (ending.length > 0) return ending;
        throw new DomainError(ErrorCode.invalidState, 'nobody is waiting for the floor');
      }
      return [...ending, { type: 'floor.granted', entryId: target.id }];
    }
    case 'floor.finish': {
      const speaker = currentSpeaker(floor, command.payload.entryId);
      assertOwnEntry(speaker.entry, ctx);
      return [{ type: 'floor.turnEnded', entryId: speaker.entry.id }];
    }
    case 'floor.close':
      return floor.open ? [{ type: 'floor.closed' }] : [];
    case 'floor.open':
      return floor.open ? [] : [{ type: 'floor.opened' }];
    case 'floor.configure': {
      const { policy, defaultLimitSeconds, clearOnItemComplete } = command.payload;
      const event: Extract<DomainEvent, { type: 'floor.configured' }> = { type: 'floor.configured' };
      if (policy !== undefined && policy !== floor.policy) event.policy = policy;
      if (defaultLimitSeconds !== undefined) {
        const limitMs = defaultLimitSeconds === null ? null : defaultLimitSeconds * 1000;
        if (limitMs !== floor.defaultLimitMs) event.defaultLimitMs = limitMs;
      }
      if (clearOnItemComplete !== undefined && clearOnItemComplete !== floor.clearOnItemComplete) {
        event.clearOnItemComplete = clearOnItemComplete;
      }
      return Object.keys(event).length > 1 ? [event] : [];
    }
    case 'floor.setEntryLimit': {
      const { entryId, limitSeconds } = command.payload;
      if (floor.current?.entry.id !== entryId) waitingEntry(floor, entryId);
      return [{ type: 'floor.entryLimitSet', entryId, limitMs: limitSeconds === null ? null : limitSeconds * 1000 }];
    }
    case 'floor.timer': {
      const speaker = currentSpeaker(floor, command.payload.entryId);
      const id = speaker.entry.id;
      switch (command.payload.action) {
        case 'start':
          if (speaker.runningSince !== null) return [];
          if (state.pausedAt !== null) throw new DomainError(ErrorCode.invalidState, 'the meeting is paused; resume it first');
          return [{ type: 'floor.timerStarted', entryId: id }];
        case 'pause':
          return speaker.runningSince !== null || speaker.heldByMeetingPause ? [{ type: 'floor.timerPaused', entryId: id }] : [];
        case 'reset':
          return [{ type: 'floor.timerReset', entryId: id }];
      }
      break;
    }
    case 'floor.extend': {
      const speaker = currentSpeaker(floor, command.payload.entryId);
      if (speaker.limitMs === null) throw new DomainError(ErrorCode.invalidState, 'this turn has no time limit to extend');
      return [{ type: 'floor.timerExtended', entryId: speaker.entry.id, byMs: command.payload.seconds * 1000 }];
    }
  }
  return [];
}

/**
 * A participant leaving: each of their waiting requests withdrawn, and their turn ended if
 * they have the floor, so nobody is called who is no longer there. Nothing to do: no change.
 */
export function decideLeave(state: MeetingState, ctx: DecideContext): DomainEvent[] {
  const participant = ctx.participant;
  if (!participant) throw new DomainError(ErrorCode.forbidden, 'only a participant can leave');
  const { floor } = state;
  const withdrawn: DomainEvent[] = floor.queue
    .filter((entry) => entry.participantId === participant.id)
    .map((entry) => ({ type: 'floor.entryRemoved', entryId: entry.id, reason: 'withdrawn' }));
  const speaking = floor.current?.entry.participantId === participant.id;
  return speaking && floor.current ? [{ type: 'floor.turnEnded', entryId: floor.current.entry.id }, ...withdrawn] : withdrawn;
}

/** Events that clear the list when an agenda item completes, if the chair asked for that. */
export function clearingAfterItem(state: MeetingState, events: readonly DomainEvent[]): DomainEvent[] {
  const completes = events.some((event) => event.type === 'agenda.itemCompleted');
  const busy = state.floor.queue.length > 0 || state.floor.current !== null;
  return completes && state.floor.clearOnItemComplete && busy ? [{ type: 'floor.cleared' }] : [];
}

// ---------------------------------------------------------------------------
// Evolve
// ---------------------------------------------------------------------------

function withFloor(state: MeetingState, floor: FloorState): MeetingState {
  return { ...state, floor: { ...floor, queue: arrangeQueue(floor) } };
}

function endTurn(floor: FloorState, at: number): FloorState {
  const current = floor.current;
  if (!current) return floor;
  const spoken = speakerElapsedMs(current, at);
  const { stakeholderGroup, attendance } = current.entry;
  const group = floor.stats.byGroup[stakeholderGroup];
  const place = floor.stats.byAttendance[attendance];
  const turn: SpokenTurn = {
    entry: current.entry,
    agendaItemId: current.agendaItemId ?? null,
    grantedAt: current.grantedAt,
    endedAt: at,
    spokenMs: spoken,
    limitMs: current.limitMs,
  };
  return {
    ...floor,
    current: null,
    lastSpeaker: { attendance, stakeholderGroup },
    spoken: [...floor.spoken, turn].slice(-MAX_SPOKEN_TURNS),
    stats: {
      byGroup: { ...floor.stats.byGroup, [stakeholderGroup]: { ...group, speakingMs: group.speakingMs + spoken } },
      byAttendance: { ...floor.stats.byAttendance, [attendance]: { ...place, speakingMs: place.speakingMs + spoken } },
    },
  };
}

function remember(people: Participant[], entry: FloorEntry): Participant[] {
  if (people.some((person) => person.id === entry.participantId) || people.length >= MAX_PEOPLE) return people;
  const { participantId: id, name, affiliation, stakeholderGroup, attendance } = entry;
  return [...people, { id, name, affiliation, stakeholderGroup, attendance }];
}

/** Adds to (or, negative, takes from) the statistics of `entry`'s group and attendance. */
function adjustStats(floor: FloorState, entry: FloorEntry, interventions: number, speakingMs: number): FloorState {
  const { stakeholderGroup, attendance } = entry;
  const add = (stats: SpeakingStats): SpeakingStats => ({
    interventions: stats.interventions + interventions,
    speakingMs: stats.speakingMs + speakingMs,
  });
  return {
    ...floor,
    stats: {
      byGroup: { ...floor.stats.byGroup, [stakeholderGroup]: add(floor.stats.byGroup[stakeholderGroup]) },
      byAttendance: { ...floor.stats.byAttendance, [attendance]: add(floor.stats.byAttendance[attendance]) },
    },
  };
}

/**
 * Puts the floor back as it was before a grant: the granted entry waits at its
 * old index, its intervention is not counted, and the previous speaker (whose
 * turn the grant ended) speaks again with their clock as it was.
 */
function undoGrant(
  floor: FloorState,
  offer: Extract<DomainEvent, { type: 'floor.grantUndone' }>['offer'],
  at: number,
): FloorState {
  let next = adjustStats(floor, offer.entry, -1, 0);
  const queue = next.queue.filter((entry) => entry.id !== offer.entry.id);
  queue.splice(Math.min(offer.index, queue.length), 0, offer.entry);
  next = { ...next, queue, current: offer.previous, lastSpeaker: offer.previousLastSpeaker };
  const previous = offer.previous;
  const turn = next.spoken.at(-1);
  if (previous && turn?.entry.id === previous.entry.id) {
    // The seconds between the grant and its undo are nobody's speaking time.
    const current = previous.runningSince === null ? previous : { ...previous, accumulatedMs: turn.spokenMs, runningSince: at };
    next = { ...adjustStats(next, previous.entry, 0, -turn.spokenMs), spoken: next.spoken.slice(0, -1), current };
  }
  return next;
}

function mapSpeaker(floor: FloorState, update: (speaker: CurrentSpeaker) => CurrentSpeaker): FloorState {
  return floor.current ? { ...floor, current: update(floor.current) } : floor;
}

/** Folds the running part of the countdown into the accumulated part. */
export function stopSpeakerClock(speaker: CurrentSpeaker, at: number): CurrentSpeaker {
  if (speaker.runningSince === null) return speaker;
  return { ...speaker, accumulatedMs: speaker.accumulatedMs + Math.max(0, at - speaker.runningSince), runningSince: null };
}

type FloorEvent = Extract<DomainEvent, { type: `floor.${string}` }>;

export function evolveFloor(state: MeetingState, event: FloorEvent, at: number): MeetingState {
  const floor = state.floor;
  switch (event.type) {
    case 'floor.requested':
      return withFloor(state, {
        ...floor,
        queue: [...floor.queue, event.entry],
        nextSeq: event.entry.seq + 1,
        people: remember(floor.people, event.entry),
      });
    case 'floor.entryRestored': {
      const queue = floor.queue.filter((entry) => entry.id !== event.entry.id);
      queue.splice(Math.min(event.index, queue.length), 0, event.entry);
      return withFloor(state, { ...floor, queue });
    }
    case 'floor.grantUndone':
      return withFloor(state, undoGrant(floor, event.offer, at));
    case 'floor.putBack': {
      const turn = floor.spoken.at(-1);
      if (turn?.entry.id !== event.entryId) return state;
      const spoken = floor.spoken.slice(0, -1);
      const before = spoken.at(-1)?.entry ?? null;
      return withFloor(state, {
        ...adjustStats(floor, turn.entry, -1, -turn.spokenMs),
        spoken,
        lastSpeaker: before ? { attendance: before.attendance, stakeholderGroup: before.stakeholderGroup } : null,
        queue: [{ ...turn.entry, pinned: true }, ...floor.queue],
      });
    }
    case 'floor.entryEdited':
      return withFloor(state, {
        ...floor,
        queue: floor.queue.map((entry) => (entry.id === event.entryId ? { ...entry, ...event.changes } : entry)),
      });
    case 'floor.entryRemoved':
      return withFloor(state, { ...floor, queue: floor.queue.filter((entry) => entry.id !== event.entryId) });
    case 'floor.entryMoved': {
      const moved = floor.queue.find((entry) => entry.id === event.entryId);
      if (!moved) return state;
      const queue = floor.queue.filter((entry) => entry !== moved);
      queue.splice(event.toIndex, 0, { ...moved, pinned: true });
      return withFloor(state, { ...floor, queue });
    }
    case 'floor.orderReset':
      return withFloor(state, { ...floor, queue: floor.queue.map((entry) => ({ ...entry, pinned: false })) });
    case 'floor.granted': {
      const entry = floor.queue.find((candidate) => candidate.id === event.entryId);
      if (!entry) return state;
      const paused = state.pausedAt !== null;
      const { stakeholderGroup, attendance } = entry;
      const group = floor.stats.byGroup[stakeholderGroup];
      const place = floor.stats.byAttendance[attendance];
      return withFloor(state, {
        ...floor,
        queue: floor.queue.filter((candidate) => candidate !== entry),
        current: {
          entry: { ...entry, pinned: false },
          grantedAt: at,
          limitMs: entry.limitMs ?? floor.defaultLimitMs,
          accumulatedMs: 0,
          runningSince: paused ? null : at,
          heldByMeetingPause: paused,
          agendaItemId: state.agenda.currentItemId,
        },
        stats: {
          byGroup: { ...floor.stats.byGroup, [stakeholderGroup]: { ...group, interventions: group.interventions + 1 } },
          byAttendance: { ...floor.stats.byAttendance, [attendance]: { ...place, interventions: place.interventions + 1 } },
        },
      });
    }
    case 'floor.turnEnded':
      return withFloor(state, endTurn(floor, at));
    case 'floor.closed':
      return { ...state, floor: { ...floor, open: false } };
    case 'floor.opened':
      return { ...state, floor: { ...floor, open: true } };
    case 'floor.cleared':
      return withFloor(state, { ...endTurn(floor, at), queue: [] });
    case 'floor.configured': {
      const next = { ...floor };
      if (event.policy !== undefined) next.policy = event.policy;
      if (event.defaultLimitMs !== undefined) next.defaultLimitMs = event.defaultLimitMs;
      if (event.clearOnItemComplete !== undefined) next.clearOnItemComplete = event.clearOnItemComplete;
      return withFloor(state, next);
    }
    case 'floor.entryLimitSet':
      if (floor.current?.entry.id === event.entryId) {
        return withFloor(
          state,
          mapSpeaker(floor, (speaker) => ({
            ...speaker,
            entry: { ...speaker.entry, limitMs: event.limitMs },
            limitMs: event.limitMs ?? floor.defaultLimitMs,
          })),
        );
      }
      return withFloor(state, {
        ...floor,
        queue: floor.queue.map((entry) => (entry.id === event.entryId ? { ...entry, limitMs: event.limitMs } : entry)),
      });
    case 'floor.timerStarted':
      return { ...state, floor: mapSpeaker(floor, (speaker) => ({ ...speaker, runningSince: at, heldByMeetingPause: false })) };
    case 'floor.timerPaused':
      return {
        ...state,
        floor: mapSpeaker(floor, (speaker) => ({ ...stopSpeakerClock(speaker, at), heldByMeetingPause: false })),
      };
    case 'floor.timerReset':
      return {
        ...state,
        floor: mapSpeaker(floor, (speaker) => ({ ...speaker, accumulatedMs: 0, runningSince: null, heldByMeetingPause: false })),
      };
    case 'floor.timerExtended':
      return {
        ...state,
        floor: mapSpeaker(floor, (speaker) => ({ ...speaker, limitMs: (speaker.limitMs ?? 0) + event.byMs })),
      };
  }
}
