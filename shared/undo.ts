import { stopClock } from './agenda.js';
import type { Command } from './commands.js';
import type { DecideContext } from './decide-context.js';
import { DomainError, ErrorCode } from './errors.js';
import type { DomainEvent } from './events.js';
import { MAX_WAITING_ENTRIES } from './floor.js';
import type { MeetingState, ModeratorRole, UndoKind, UndoOffer } from './model.js';
import { findQuestion } from './questions.js';

/** How long an action can be undone, by the server's clock. */
export const UNDO_WINDOW_MS = 10_000;
/** Offers kept in the state at most; older ones drop out even within the window. */
const MAX_OFFERS = 20;

type OfferBody = UndoOffer extends infer O ? (O extends UndoOffer ? Omit<O, 'id' | 'at' | 'by'> : never) : never;

/**
 * The undo offer for a moderator command that just decided `events`, or null.
 * It holds what is needed to restore the exact previous place.
 */
export function undoOfferFor(
  state: MeetingState,
  command: Command,
  events: readonly DomainEvent[],
  ctx: DecideContext,
): DomainEvent[] {
  if (ctx.role !== 'moderator' || events.length === 0) return [];
  const body = offerBody(state, command, events);
  if (!body) return [];
  const offer = { ...body, id: ctx.newId(), at: ctx.now, by: ctx.moderator?.label ?? 'chair' } as UndoOffer;
  return [{ type: 'meeting.undoOffered', offer }];
}

function offerBody(state: MeetingState, command: Command, events: readonly DomainEvent[]): OfferBody | null {
  const { floor, agenda } = state;
  switch (command.type) {
    case 'floor.remove': {
      const index = floor.queue.findIndex((entry) => entry.id === command.payload.entryId);
      const entry = floor.queue[index];
      return entry ? { kind: 'floor.remove', entry, index } : null;
    }
    case 'floor.grant': {
      const granted = events.find((event) => event.type === 'floor.granted');
      if (!granted) return null;
      const index = floor.queue.findIndex((entry) => entry.id === granted.entryId);
      const entry = floor.queue[index];
      return entry
        ? { kind: 'floor.grant', entry, index, previous: floor.current, previousLastSpeaker: floor.lastSpeaker }
        : null;
    }
    case 'agenda.skip':
    case 'agenda.remove': {
      const index = agenda.items.findIndex((item) => item.id === command.payload.itemId);
      const item = agenda.items[index];
      return item ? { kind: command.type, item, index } : null;
    }
    case 'agenda.next': {
      const startedId = events.find((event) => event.type === 'agenda.itemStarted')?.itemId;
      const started = agenda.items.find((item) => item.id === startedId);
      if (!started) return null;
      const completed = agenda.items.find((item) => item.id === agenda.currentItemId) ?? null;
      return { kind: 'agenda.next', started, completed };
    }
    case 'question.dismiss': {
      const question = findQuestion(state, command.payload.questionId);
      return {
        kind: 'question.dismiss',
        questionId: question.id,
        previousStatus: question.status,
        wasHighlighted: state.questions.highlightedId === question.id,
      };
    }
    default:
      return null;
  }
}

/** Which moderator roles may undo each kind of action: the same who may do it. */
function mayUndo(role: ModeratorRole, kind: UndoKind): boolean {
  return role !== 'remote_moderator' || kind.startsWith('floor.') || kind.startsWith('question.');
}

const unsafe = (why: string) => new DomainError(ErrorCode.conflict, `this can no longer be undone: ${why}`);

/**
 * The events that undo one offer, or a DomainError: `not_found` for an unknown
 * offer, `undo_expired` after UNDO_WINDOW_MS, `conflict` when a later change
 * makes the restoration unsafe, `forbidden` for a role that may not do it.
 */
export function decideUndo(state: MeetingState, undoId: string, ctx: DecideContext): DomainEvent[] {
  const offer = state.undo.find((candidate) => candidate.id === undoId);
  if (!offer) throw new DomainError(ErrorCode.notFound, `nothing to undo with id '${undoId}'`);
  if (ctx.now - offer.at > UNDO_WINDOW_MS) {
    throw new DomainError(ErrorCode.undoExpired, `an action can be undone for ${UNDO_WINDOW_MS / 1000} seconds only`);
  }
  const role = ctx.moderator?.role ?? 'chair';
  if (!mayUndo(role, offer.kind)) throw new DomainError(ErrorCode.forbidden, `the ${role} role may not undo ${offer.kind}`);
  const done: DomainEvent = { type: 'meeting.undone', undoId };
  const { floor, agenda } = state;
  switch (offer.kind) {
    case 'floor.remove': {
      const { entry } = offer;
      if (floor.queue.some((e) => e.id === entry.id) || floor.current?.entry.id === entry.id) {
        throw unsafe('the entry is back already');
      }
      if (floor.queue.some((e) => e.participantId === entry.participantId && e.type === entry.type)) {
        throw unsafe('this person asked again with the same type');
      }
      if (floor.queue.length >= MAX_WAITING_ENTRIES) throw unsafe('the speakers list is full');
      return [{ type: 'floor.entryRestored', entry, index: offer.index }, done];
    }
    case 'floor.grant': {
      if (floor.current?.entry.id !== offer.entry.id || floor.current.grantedAt !== offer.at) {
        throw unsafe('the floor has changed since');
      }
      if (offer.previous && floor.queue.some((e) => e.id === offer.previous?.entry.id)) {
        throw unsafe('the previous speaker is on the list again');
      }
      return [{ type: 'floor.grantUndone', offer }, done];
    }
    case 'agenda.skip':
    case 'agenda.remove': {
      const now = agenda.items.find((item) => item.id === offer.item.id);
      if (offer.kind === 'agenda.skip' && now?.status !== 'skipped') throw unsafe('the item has changed since');
      if (offer.kind === 'agenda.remove' && now) throw unsafe('the item is back already');
      if (offer.item.status === 'active' && agenda.currentItemId !== null) throw unsafe('another item runs now');
      return [{ type: 'agenda.itemRestored', item: stopClock(offer.item, offer.at), index: offer.index }, done];
    }
    case 'agenda.next': {
      if (agenda.currentItemId !== offer.started.id) throw unsafe('the agenda has moved on');
      const completed = offer.completed;
      if (completed && agenda.items.find((item) => item.id === completed.id)?.status !== 'done') {
        throw unsafe('the previous item has changed since');
      }
      const startedIndex = agenda.items.findIndex((item) => item.id === offer.started.id);
      const events: DomainEvent[] = [{ type: 'agenda.itemRestored', item: offer.started, index: startedIndex }];
      if (completed) {
        const index = agenda.items.findIndex((item) => item.id === completed.id);
        events.push({ type: 'agenda.itemRestored', item: stopClock(completed, offer.at), index });
      }
      return [...events, done];
    }
    case 'question.dismiss': {
      const question = findQuestion(state, offer.questionId);
      if (question.status !== 'dismissed') throw unsafe('the question has changed since');
      const events: DomainEvent[] = [
        { type: 'question.restored', question: { ...question, status: offer.previousStatus, dismissReason: '' } },
      ];
      if (offer.wasHighlighted && state.questions.highlightedId === null) {
        events.push({ type: 'question.highlighted', questionId: question.id });
      }
      return [...events, done];
    }
  }
}

/** Applies `meeting.undoOffered` / `meeting.undone`; offers past the window drop out as new ones arrive. */
export function evolveUndo(
  state: MeetingState,
  event: Extract<DomainEvent, { type: 'meeting.undoOffered' | 'meeting.undone' }>,
  at: number,
): MeetingState {
  if (event.type === 'meeting.undone') {
    return { ...state, undo: state.undo.filter((offer) => offer.id !== event.undoId) };
  }
  const live = state.undo.filter((offer) => at - offer.at <= UNDO_WINDOW_MS);
  return { ...state, undo: [...live, event.offer].slice(-MAX_OFFERS) };
}

/** The offers that can still be undone at `now` (the client's estimate of the server's clock), newest first. */
export function liveOffers(state: MeetingState, now: number): UndoOffer[] {
  return state.undo.filter((offer) => now - offer.at <= UNDO_WINDOW_MS).reverse();
}
