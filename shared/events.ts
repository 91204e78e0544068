import type { AgendaItem, FloorEntry, FloorPolicy, ModeratorRole, Question, RequestType, UndoOffer } from './model.js';

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
  /** Undo: the item as it was, back at `index` (replacing it in place when it is still there). */
  | { type: 'agenda.itemRestored'; item: AgendaItem; index: number }
  | { type: 'floor.requested'; entry: FloorEntry }
  | { type: 'floor.entryEdited'; entryId: string; changes: { type?: RequestType; topic?: string } }
  | { type: 'floor.entryRemoved'; entryId: string; reason: 'withdrawn' | 'removed' }
  | { type: 'floor.entryMoved'; entryId: string; toIndex: number }
  | { type: 'floor.orderReset' }
  | { type: 'floor.granted'; entryId: string }
  | { type: 'floor.turnEnded'; entryId: string }
  | { type: 'floor.closed' }
  | { type: 'floor.opened' }
  | { type: 'floor.cleared' }
  | { type: 'floor.configured'; policy?: FloorPolicy; defaultLimitMs?: number | null; clearOnItemComplete?: boolean }
  | { type: 'floor.entryLimitSet'; entryId: string; limitMs: number | null }
  /** Undo of a removal: the entry back at `index` of the list. */
  | { type: 'floor.entryRestored'; entry: FloorEntry; index: number }
  /** Undo of a grant: the granted entry back at `index`, the previous speaker (if any) back with the floor. */
  | { type: 'floor.grantUndone'; offer: Extract<UndoOffer, { kind: 'floor.grant' }> }
  /** The last finished speaker goes back to the top of the list; their turn leaves the record. */
  | { type: 'floor.putBack'; entryId: string }
  | { type: 'floor.timerStarted'; entryId: string }
  | { type: 'floor.timerPaused'; entryId: string }
  | { type: 'floor.timerReset'; entryId: string }
  | { type: 'floor.timerExtended'; entryId: string; byMs: number }
  /**
   * Question events carry the whole question as it is afterwards: each
   * audience gets it with what it may see (see shared/audience.ts,
   * projectEvent), and applying one is an upsert.
   */
  | { type: 'question.asked'; question: Question }
  | { type: 'question.edited'; question: Question }
  | { type: 'question.approved'; question: Question }
  | { type: 'question.dismissed'; question: Question }
  | { type: 'question.answered'; question: Question }
  | { type: 'question.attached'; question: Question }
  | { type: 'question.sentToFloor'; question: Question }
  /** Undo of a dismissal: the question as it was before. */
  | { type: 'question.restored'; question: Question }
  | { type: 'question.withdrawn'; questionId: string }
  /** The question left this audience's view (dismissed, or never shown to it). */
  | { type: 'question.hidden'; questionId: string }
  | { type: 'question.highlighted'; questionId: string | null }
  | { type: 'questions.configured'; preModeration: boolean }
  | { type: 'meeting.started' }
  | { type: 'meeting.paused' }
  | { type: 'meeting.resumed' }
  | { type: 'meeting.ended' }
  | { type: 'meeting.announced'; text: string; endsAt: number | null }
  | { type: 'meeting.announcementCleared' }
  | { type: 'meeting.undoOffered'; offer: UndoOffer }
  | { type: 'meeting.undone'; undoId: string };

export type DomainEventType = DomainEvent['type'];

/**
 * One committed change of one meeting: the events of one command, applied in
 * order. `version` goes up by exactly one per change. It does not name the
 * command's id: ids belong to their sender, who has it in the ack.
 */
export interface Change {
  meetingId: string;
  version: number;
  /** Server time (ms) of the commit; the time of every event in it. */
  at: number;
  events: DomainEvent[];
  /** The moderator whose command this was; only moderators receive it. */
  by?: { linkId: string | null; label: string; role: ModeratorRole };
}
