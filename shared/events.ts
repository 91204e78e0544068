import type { AgendaItem } from './model.js';

/** Fields of an agenda item that `agenda.edit` may change. */
export interface AgendaItemChanges {
  title?: string;
  plannedMinutes?: number;
  presenters?: string[];
  notes?: string;
}

/**
 * Domain events, past tense. They carry everything a client needs to apply
 * them without asking again; the time they happened is the change's `at`.
 */
export type DomainEvent =
  | { type: 'agenda.itemAdded'; item: AgendaItem; index: number }
  | { type: 'agenda.itemEdited'; itemId: string; changes: AgendaItemChanges }
  | { type: 'agenda.itemMoved'; itemId: string; toIndex: number }
  | { type: 'agenda.itemRemoved'; itemId: string }
  | { type: 'agenda.itemStarted'; itemId: string }
  | { type: 'agenda.itemCompleted'; itemId: string }
  | { type: 'agenda.itemSkipped'; itemId: string }
  | { type: 'meeting.started' }
  | { type: 'meeting.paused' }
  | { type: 'meeting.resumed' }
  | { type: 'meeting.ended' };

export type DomainEventType = DomainEvent['type'];

/**
 * One committed change of one meeting: the events of one command, applied in
 * order. `version` goes up by exactly one per change.
 */
export interface Change {
  meetingId: string;
  version: number;
  /** Server time (ms) of the commit; the time of every event in it. */
  at: number;
  /** The client-made id of the command that produced it, for deduplication. */
  commandId: string;
  events: DomainEvent[];
}
