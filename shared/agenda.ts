import type { CommandPayload } from './commands.js';
import type { DecideContext } from './decide-context.js';
import { DomainError, ErrorCode } from './errors.js';
import type { AgendaItemChanges, DomainEvent } from './events.js';
import { type AgendaItem, MAX_AGENDA_ITEMS, type MeetingState } from './model.js';

// ---------------------------------------------------------------------------
// Decide: agenda commands → events, or a DomainError. Pure.
// ---------------------------------------------------------------------------

function findItem(state: MeetingState, itemId: string): AgendaItem {
  const item = state.agenda.items.find((candidate) => candidate.id === itemId);
  if (!item) throw new DomainError(ErrorCode.notFound, `no agenda item with id '${itemId}'`);
  return item;
}

function assertNotEnded(state: MeetingState): void {
  if (state.status === 'ended') throw new DomainError(ErrorCode.invalidState, 'the meeting has ended');
}

/**
 * The events that bring `itemId` on: the meeting goes live on its first item,
 * a paused meeting resumes (starting an item is a clear wish to run again),
 * and the item that was running is completed.
 */
function startEvents(state: MeetingState, itemId: string): DomainEvent[] {
  const events: DomainEvent[] = [];
  if (state.status === 'scheduled') events.push({ type: 'meeting.started' });
  if (state.pausedAt !== null) events.push({ type: 'meeting.resumed' });
  const current = state.agenda.currentItemId;
  if (current !== null && current !== itemId) events.push({ type: 'agenda.itemCompleted', itemId: current });
  events.push({ type: 'agenda.itemStarted', itemId });
  return events;
}

/** The next pending item after the current one, wrapping to the first pending item left behind. */
export function nextPendingItem(state: MeetingState): AgendaItem | undefined {
  const { items, currentItemId } = state.agenda;
  const currentIndex = items.findIndex((item) => item.id === currentItemId);
  const after = items.slice(currentIndex + 1).find((item) => item.status === 'pending');
  return after ?? items.find((item) => item.status === 'pending');
}

const clampIndex = (index: number, length: number) => Math.max(0, Math.min(index, length));

export function decideAgendaAdd(state: MeetingState, p: CommandPayload<'agenda.add'>, ctx: DecideContext): DomainEvent[] {
  if (state.agenda.items.length >= MAX_AGENDA_ITEMS) {
    throw new DomainError(ErrorCode.invalidState, `an agenda holds at most ${MAX_AGENDA_ITEMS} items`);
  }
  const item: AgendaItem = {
    id: ctx.newId(),
    title: p.title,
    notes: p.notes,
    presenters: p.presenters,
    plannedMinutes: p.minutes,
    status: 'pending',
    startedAt: null,
    endedAt: null,
    accumulatedMs: 0,
    runningSince: null,
  };
  const index = clampIndex(p.index ?? state.agenda.items.length, state.agenda.items.length);
  return [{ type: 'agenda.itemAdded', item, index }];
}

export function decideAgendaEdit(state: MeetingState, p: CommandPayload<'agenda.edit'>): DomainEvent[] {
  const item = findItem(state, p.itemId);
  const changes: AgendaItemChanges = {};
  if (p.title !== undefined && p.title !== item.title) changes.title = p.title;
  if (p.minutes !== undefined && p.minutes !== item.plannedMinutes) changes.plannedMinutes = p.minutes;
  if (p.notes !== undefined && p.notes !== item.notes) changes.notes = p.notes;
  if (p.presenters !== undefined && p.presenters.join('\n') !== item.presenters.join('\n')) changes.presenters = p.presenters;
  return Object.keys(changes).length === 0 ? [] : [{ type: 'agenda.itemEdited', itemId: item.id, changes }];
}

export function decideAgendaMove(state: MeetingState, p: CommandPayload<'agenda.move'>): DomainEvent[] {
  const item = findItem(state, p.itemId);
  const from = state.agenda.items.indexOf(item);
  const toIndex = clampIndex(p.toIndex, state.agenda.items.length - 1);
  return from === toIndex ? [] : [{ type: 'agenda.itemMoved', itemId: item.id, toIndex }];
}

export function decideAgendaRemove(state: MeetingState, p: CommandPayload<'agenda.remove'>): DomainEvent[] {
  const item = findItem(state, p.itemId);
  if (item.status === 'active') {
    throw new DomainError(ErrorCode.invalidState, 'the running item cannot be removed: complete or skip it first');
  }
  return [{ type: 'agenda.itemRemoved', itemId: item.id }];
}

export function decideAgendaStart(state: MeetingState, p: CommandPayload<'agenda.start'>): DomainEvent[] {
  const item = findItem(state, p.itemId);
  assertNotEnded(state);
  if (item.status === 'active') throw new DomainError(ErrorCode.invalidState, 'this item is already running');
  return startEvents(state, item.id);
}

export function decideAgendaComplete(state: MeetingState, p: CommandPayload<'agenda.complete'>): DomainEvent[] {
  const item = findItem(state, p.itemId);
  if (item.status !== 'active') throw new DomainError(ErrorCode.invalidState, 'only the running item can be completed');
  return [{ type: 'agenda.itemCompleted', itemId: item.id }];
}

export function decideAgendaSkip(state: MeetingState, p: CommandPayload<'agenda.skip'>): DomainEvent[] {
  const item = findItem(state, p.itemId);
  if (item.status !== 'pending' && item.status !== 'active') {
    throw new DomainError(ErrorCode.invalidState, `a ${item.status} item cannot be skipped`);
  }
  return [{ type: 'agenda.itemSkipped', itemId: item.id }];
}

export function decideAgendaNext(state: MeetingState, p: CommandPayload<'agenda.next'>): DomainEvent[] {
  assertNotEnded(state);
  const current = state.agenda.currentItemId;
  if (p.expectedCurrentItemId !== undefined && p.expectedCurrentItemId !== current) {
    throw new DomainError(ErrorCode.conflict, 'the agenda has already moved on');
  }
  const next = nextPendingItem(state);
  if (next) return startEvents(state, next.id);
  if (current !== null) return [{ type: 'agenda.itemCompleted', itemId: current }];
  throw new DomainError(ErrorCode.invalidState, 'no agenda item is left to start');
}

// ---------------------------------------------------------------------------
// Evolve: apply one agenda event. Pure; returns a new state.
// ---------------------------------------------------------------------------

function mapItem(state: MeetingState, itemId: string, update: (item: AgendaItem) => AgendaItem): MeetingState {
  return {
    ...state,
    agenda: { ...state.agenda, items: state.agenda.items.map((item) => (item.id === itemId ? update(item) : item)) },
  };
}

/** Folds the running part of an item's clock into its accumulated part. */
export function stopClock(item: AgendaItem, at: number): AgendaItem {
  if (item.runningSince === null) return item;
  return { ...item, accumulatedMs: item.accumulatedMs + Math.max(0, at - item.runningSince), runningSince: null };
}

function endItem(state: MeetingState, itemId: string, status: 'done' | 'skipped', at: number): MeetingState {
  const next = mapItem(state, itemId, (item) => ({
    ...stopClock(item, at),
    status,
    endedAt: item.status === 'active' ? at : item.endedAt,
  }));
  return next.agenda.currentItemId === itemId ? { ...next, agenda: { ...next.agenda, currentItemId: null } } : next;
}

type AgendaEvent = Extract<DomainEvent, { type: `agenda.${string}` }>;

export function evolveAgenda(state: MeetingState, event: AgendaEvent, at: number): MeetingState {
  switch (event.type) {
    case 'agenda.itemAdded': {
      const items = [...state.agenda.items];
      items.splice(event.index, 0, event.item);
      return { ...state, agenda: { ...state.agenda, items } };
    }
    case 'agenda.itemEdited':
      return mapItem(state, event.itemId, (item) => ({ ...item, ...event.changes }));
    case 'agenda.itemMoved': {
      const items = state.agenda.items.filter((item) => item.id !== event.itemId);
      const moved = state.agenda.items.find((item) => item.id === event.itemId);
      if (!moved) return state;
      items.splice(event.toIndex, 0, moved);
      return { ...state, agenda: { ...state.agenda, items } };
    }
    case 'agenda.itemRemoved':
      return {
        ...state,
        agenda: { ...state.agenda, items: state.agenda.items.filter((item) => item.id !== event.itemId) },
      };
    case 'agenda.itemStarted': {
      const next = mapItem(state, event.itemId, (item) => ({
        ...item,
        status: 'active',
        startedAt: item.startedAt ?? at,
        endedAt: null,
        runningSince: state.pausedAt === null ? at : null,
      }));
      return { ...next, agenda: { ...next.agenda, currentItemId: event.itemId } };
    }
    case 'agenda.itemCompleted':
      return endItem(state, event.itemId, 'done', at);
    case 'agenda.itemSkipped':
      return endItem(state, event.itemId, 'skipped', at);
    // An active item arrives with its clock folded at the moment it stopped; it runs again from now.
    case 'agenda.itemRestored': {
      const restored: AgendaItem =
        event.item.status === 'active'
          ? { ...event.item, endedAt: null, runningSince: state.pausedAt === null ? at : null }
          : event.item;
      const items = state.agenda.items.filter((item) => item.id !== restored.id);
      const existing = state.agenda.items.findIndex((item) => item.id === restored.id);
      items.splice(existing === -1 ? Math.min(event.index, items.length) : existing, 0, restored);
      const currentItemId =
        restored.status === 'active'
          ? restored.id
          : state.agenda.currentItemId === restored.id
            ? null
            : state.agenda.currentItemId;
      return { ...state, agenda: { items, currentItemId } };
    }
  }
}

// ---------------------------------------------------------------------------
// Selectors: shared by the server and every client, so all screens agree.
// ---------------------------------------------------------------------------

export function itemElapsedMs(item: AgendaItem, now: number): number {
  return item.accumulatedMs + (item.runningSince === null ? 0 : Math.max(0, now - item.runningSince));
}

export function currentItem(state: MeetingState): AgendaItem | undefined {
  const id = state.agenda.currentItemId;
  return id === null ? undefined : state.agenda.items.find((item) => item.id === id);
}

/**
 * When each item still to come is expected to start, and when the meeting is
 * expected to end, from actual progress: first what is left of the running
 * item's planned time (nothing once it has overrun), then each pending item's
 * planned time, in agenda order.
 */
export function projectSchedule(state: MeetingState, now: number): { starts: Map<string, number>; end: number } {
  const starts = new Map<string, number>();
  if (state.status === 'ended') return { starts, end: state.endedAt ?? now };
  let cursor = state.status === 'scheduled' ? Math.max(now, state.scheduledStart) : now;
  const running = currentItem(state);
  if (running) cursor += Math.max(0, running.plannedMinutes * 60_000 - itemElapsedMs(running, now));
  for (const item of state.agenda.items) {
    if (item.status !== 'pending') continue;
    starts.set(item.id, cursor);
    cursor += item.plannedMinutes * 60_000;
  }
  return { starts, end: cursor };
}
