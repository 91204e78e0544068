import {
  decideAgendaAdd,
  decideAgendaComplete,
  decideAgendaEdit,
  decideAgendaMove,
  decideAgendaNext,
  decideAgendaRemove,
  decideAgendaSkip,
  decideAgendaStart,
  evolveAgenda,
} from './agenda.js';
import type { Command } from './commands.js';
import type { DecideContext } from './decide-context.js';
import type { Change, DomainEvent } from './events.js';
import { clearingAfterItem, decideFloor, decideLeave, evolveFloor } from './floor.js';
import { decideMeetingAnnounce, decideMeetingEnd, decideMeetingPause, decideMeetingResume, evolveMeeting } from './meeting.js';
import type { MeetingState } from './model.js';
import { assertVotable, decideQuestion, evolveQuestions } from './questions.js';
import { decideUndo, evolveUndo, undoOfferFor } from './undo.js';

/**
 * The one pure entry point for every command: the events it causes, or a
 * thrown DomainError. An empty list means "nothing to change" and commits nothing.
 */
export function decide(state: MeetingState, command: Command, ctx: DecideContext): DomainEvent[] {
  const events = decideOnly(state, command, ctx);
  const all = [...events, ...clearingAfterItem(state, events)];
  return [...all, ...undoOfferFor(state, command, all, ctx)];
}

function decideOnly(state: MeetingState, command: Command, ctx: DecideContext): DomainEvent[] {
  switch (command.type) {
    case 'floor.request':
    case 'floor.edit':
    case 'floor.withdraw':
    case 'floor.remove':
    case 'floor.move':
    case 'floor.resetOrder':
    case 'floor.grant':
    case 'floor.finish':
    case 'floor.close':
    case 'floor.open':
    case 'floor.configure':
    case 'floor.setEntryLimit':
    case 'floor.timer':
    case 'floor.extend':
    case 'floor.inscribe':
    case 'floor.putBack':
      return decideFloor(state, command, ctx);
    case 'question.vote':
      // Votes are a set beside the meeting, not events of it: this only checks the question takes votes.
      assertVotable(state, command.payload.questionId);
      return [];
    case 'question.ask':
    case 'question.edit':
    case 'question.withdraw':
    case 'question.approve':
    case 'question.dismiss':
    case 'question.answer':
    case 'question.highlight':
    case 'question.attach':
    case 'question.toFloor':
    case 'questions.configure':
      return decideQuestion(state, command, ctx);
    case 'agenda.add':
      return decideAgendaAdd(state, command.payload, ctx);
    case 'agenda.edit':
      return decideAgendaEdit(state, command.payload);
    case 'agenda.move':
      return decideAgendaMove(state, command.payload);
    case 'agenda.remove':
      return decideAgendaRemove(state, command.payload);
    case 'agenda.start':
      return decideAgendaStart(state, command.payload);
    case 'agenda.complete':
      return decideAgendaComplete(state, command.payload);
    case 'agenda.skip':
      return decideAgendaSkip(state, command.payload);
    case 'agenda.next':
      return decideAgendaNext(state, command.payload);
    case 'meeting.pause':
      return decideMeetingPause(state);
    case 'meeting.resume':
      return decideMeetingResume(state);
    case 'meeting.end':
      return decideMeetingEnd(state);
    case 'participant.leave':
      return decideLeave(state, ctx);
    case 'meeting.announce':
      return decideMeetingAnnounce(state, command.payload, ctx);
    case 'meeting.undo':
      return decideUndo(state, command.payload.undoId, ctx);
  }
}

/** Applies one event at server time `at`. The client runs exactly this code on every change it receives. */
export function evolve(state: MeetingState, event: DomainEvent, at: number): MeetingState {
  switch (event.type) {
    case 'agenda.itemAdded':
    case 'agenda.itemEdited':
    case 'agenda.itemMoved':
    case 'agenda.itemRemoved':
    case 'agenda.itemStarted':
    case 'agenda.itemCompleted':
    case 'agenda.itemSkipped':
    case 'agenda.itemRestored':
      return evolveAgenda(state, event, at);
    case 'floor.requested':
    case 'floor.entryEdited':
    case 'floor.entryRemoved':
    case 'floor.entryMoved':
    case 'floor.orderReset':
    case 'floor.granted':
    case 'floor.turnEnded':
    case 'floor.closed':
    case 'floor.opened':
    case 'floor.cleared':
    case 'floor.configured':
    case 'floor.entryLimitSet':
    case 'floor.timerStarted':
    case 'floor.timerPaused':
    case 'floor.timerReset':
    case 'floor.timerExtended':
    case 'floor.entryRestored':
    case 'floor.grantUndone':
    case 'floor.putBack':
      return evolveFloor(state, event, at);
    case 'question.asked':
    case 'question.edited':
    case 'question.approved':
    case 'question.dismissed':
    case 'question.answered':
    case 'question.attached':
    case 'question.sentToFloor':
    case 'question.restored':
    case 'question.withdrawn':
    case 'question.hidden':
    case 'question.highlighted':
    case 'questions.configured':
      return evolveQuestions(state, event);
    case 'meeting.started':
    case 'meeting.paused':
    case 'meeting.resumed':
    case 'meeting.ended':
    case 'meeting.announced':
    case 'meeting.announcementCleared':
      return evolveMeeting(state, event, at);
    case 'meeting.undoOffered':
    case 'meeting.undone':
      return evolveUndo(state, event, at);
    default:
      // Only a client older than its server can meet one; it then resyncs from a fresh snapshot.
      throw new UnknownEventError(String((event as { type?: unknown }).type));
  }
}

/** An event of a type this code does not know: the sender is newer than the receiver. */
export class UnknownEventError extends Error {
  constructor(readonly eventType: string) {
    super(`unknown event type '${eventType}'`);
    this.name = 'UnknownEventError';
  }
}

export function applyEvents(state: MeetingState, events: readonly DomainEvent[], at: number): MeetingState {
  return events.reduce((acc, event) => evolve(acc, event, at), state);
}

export function applyChange(state: MeetingState, change: Change): MeetingState {
  return applyEvents(state, change.events, change.at);
}
