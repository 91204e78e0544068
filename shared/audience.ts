import { CHAIR_LABEL } from './constants.js';
import type { Change, DomainEvent } from './events.js';
import type { FloorEntry, MeetingState, Question, Role, Snapshot, UndoOffer, VoteCounts } from './model.js';

/**
 * Who receives what. Every way the server sends meeting data (changes,
 * welcomes, resyncs, HTTP snapshots, vote counts) goes through these
 * functions, so a question a viewer may not see, and its votes, never reach
 * them. Moderators see everything; a participant also sees their own
 * questions whole; everybody else sees open questions, redacted.
 */

/** Who is looking: moderators see everything; a participant also sees their own questions whole. */
export interface Viewer {
  role: Role;
  participantId: string | null;
}

export const PUBLIC_VIEWER: Viewer = { role: 'attendee', participantId: null };

export const isOpenToAll = (question: Question) => question.status === 'approved' || question.status === 'answered';

export function canSee(viewer: Viewer, question: Question): boolean {
  return viewer.role === 'moderator' || isOpenToAll(question) || isAuthor(viewer, question);
}

function isAuthor(viewer: Viewer, question: Question): boolean {
  return viewer.participantId !== null && question.author?.participantId === viewer.participantId;
}

/** The question as `viewer` may see it: no author when anonymous, no dismissal reason for others. */
export function redact(viewer: Viewer, question: Question): Question {
  if (viewer.role === 'moderator' || isAuthor(viewer, question)) return question;
  return { ...question, author: question.anonymous ? null : question.author, dismissReason: '' };
}

type QuestionEvent = Extract<DomainEvent, { question: Question }>;

/**
 * Every event type, classified: whether it carries a whole question that each
 * audience must receive in its own form. A new event type does not compile
 * until it is listed here, and the checks below fail when the list disagrees
 * with the events' fields, so a question cannot leak past the projection.
 */
const CARRIES_QUESTION = {
  'agenda.itemAdded': false,
  'agenda.itemEdited': false,
  'agenda.itemMoved': false,
  'agenda.itemRemoved': false,
  'agenda.itemStarted': false,
  'agenda.itemCompleted': false,
  'agenda.itemSkipped': false,
  'agenda.itemRestored': false,
  'floor.requested': false,
  'floor.entryEdited': false,
  'floor.entryRemoved': false,
  'floor.entryMoved': false,
  'floor.orderReset': false,
  'floor.granted': false,
  'floor.turnEnded': false,
  'floor.closed': false,
  'floor.opened': false,
  'floor.cleared': false,
  'floor.configured': false,
  'floor.entryLimitSet': false,
  'floor.entryRestored': false,
  'floor.grantUndone': false,
  'floor.putBack': false,
  'floor.timerStarted': false,
  'floor.timerPaused': false,
  'floor.timerReset': false,
  'floor.timerExtended': false,
  'question.asked': true,
  'question.edited': true,
  'question.approved': true,
  'question.dismissed': true,
  'question.answered': true,
  'question.attached': true,
  'question.sentToFloor': true,
  'question.restored': true,
  'question.withdrawn': false,
  'question.hidden': false,
  'question.highlighted': false,
  'questions.configured': false,
  'meeting.started': false,
  'meeting.paused': false,
  'meeting.resumed': false,
  'meeting.ended': false,
  'meeting.announced': false,
  'meeting.announcementCleared': false,
  'meeting.undoOffered': false,
  'meeting.undone': false,
} as const satisfies Record<DomainEvent['type'], boolean>;

type Listed = {
  [T in keyof typeof CARRIES_QUESTION]: (typeof CARRIES_QUESTION)[T] extends true ? T : never;
}[keyof typeof CARRIES_QUESTION];
/** A field that can hold a question, alone or in a list. */
type HoldsQuestion<Field> = Question extends Field
  ? true
  : Field extends readonly (infer Item)[]
    ? Question extends Item
      ? true
      : false
    : false;
/** The events with a question in any field, whatever the field's name. */
type HoldingAQuestion<Event> = Event extends unknown
  ? true extends { [K in keyof Event]-?: HoldsQuestion<Event[K]> }[keyof Event]
    ? Event
    : never
  : never;
type Same<A, B> = [A] extends [B] ? ([B] extends [A] ? true : false) : false;
// Compile-time checks: the listed events are exactly those carrying `question`, and no event holds a question elsewhere.
const listedAreTheQuestionEvents: Same<Listed, QuestionEvent['type']> = true;
const questionsOnlyInTheQuestionField: Same<HoldingAQuestion<DomainEvent>['type'], QuestionEvent['type']> = true;
void listedAreTheQuestionEvents;
void questionsOnlyInTheQuestionField;

/** The events that carry a whole question, which each audience receives in its own form. */
export function carriesQuestion(event: DomainEvent): event is QuestionEvent {
  return CARRIES_QUESTION[event.type];
}

/**
 * Which moderator link did what is for moderators: everybody else sees an
 * inscribed entry as added by "chair" and undo offers without a name.
 */
const anonymousEntry = (entry: FloorEntry): FloorEntry =>
  entry.addedBy === undefined || entry.addedBy === CHAIR_LABEL ? entry : { ...entry, addedBy: CHAIR_LABEL };
function anonymousOffer(offer: UndoOffer): UndoOffer {
  const named = { ...offer, by: CHAIR_LABEL };
  if (named.kind === 'floor.remove') return { ...named, entry: anonymousEntry(named.entry) };
  if (named.kind === 'floor.grant') {
    const previous = named.previous && { ...named.previous, entry: anonymousEntry(named.previous.entry) };
    return { ...named, entry: anonymousEntry(named.entry), previous };
  }
  return named;
}
const namesModerator = (entry: FloorEntry | undefined) => entry?.addedBy !== undefined && entry.addedBy !== CHAIR_LABEL;
function carriesModeratorLabel(event: DomainEvent): boolean {
  if (event.type === 'floor.requested') return namesModerator(event.entry);
  if (event.type !== 'meeting.undoOffered') return false;
  const { offer } = event;
  if (offer.by !== CHAIR_LABEL) return true;
  if (offer.kind === 'floor.remove') return namesModerator(offer.entry);
  return offer.kind === 'floor.grant' && (namesModerator(offer.entry) || namesModerator(offer.previous?.entry));
}

/** One event as `viewer` may receive it. */
export function projectEvent(viewer: Viewer, event: DomainEvent): DomainEvent {
  if (viewer.role !== 'moderator' && carriesModeratorLabel(event)) {
    if (event.type === 'floor.requested') return { ...event, entry: anonymousEntry(event.entry) };
    if (event.type === 'meeting.undoOffered') return { ...event, offer: anonymousOffer(event.offer) };
  }
  if (carriesQuestion(event)) {
    return canSee(viewer, event.question)
      ? { ...event, question: redact(viewer, event.question) }
      : { type: 'question.hidden', questionId: event.question.id };
  }
  return event;
}

export function projectChange(viewer: Viewer, change: Change): Change {
  if (viewer.role === 'moderator') return change;
  // Which moderator link acted is for moderators only.
  const { by, ...open } = change;
  if (!change.events.some((event) => carriesQuestion(event) || carriesModeratorLabel(event))) {
    return by ? open : change;
  }
  return { ...open, events: change.events.map((event) => projectEvent(viewer, event)) };
}

export function projectState(viewer: Viewer, meeting: MeetingState): MeetingState {
  if (viewer.role === 'moderator') return meeting;
  const items = meeting.questions.items
    .filter((question) => canSee(viewer, question))
    .map((question) => redact(viewer, question));
  const { floor } = meeting;
  return {
    ...meeting,
    questions: { ...meeting.questions, items },
    floor: {
      ...floor,
      queue: floor.queue.map(anonymousEntry),
      current: floor.current && { ...floor.current, entry: anonymousEntry(floor.current.entry) },
      spoken: floor.spoken.map((turn) => ({ ...turn, entry: anonymousEntry(turn.entry) })),
    },
    undo: meeting.undo.map(anonymousOffer),
  };
}

export function projectSnapshot(viewer: Viewer, snapshot: Snapshot): Snapshot {
  return { version: snapshot.version, meeting: projectState(viewer, snapshot.meeting) };
}

/** The authors whose own view of `change` differs from everybody else's. */
export function authorsWithOwnView(change: Change): string[] {
  const authors = new Set<string>();
  for (const event of change.events) {
    if (!carriesQuestion(event)) continue;
    const author = event.question.author?.participantId;
    if (author && (event.question.anonymous || !isOpenToAll(event.question))) authors.add(author);
  }
  return [...authors];
}

/** The vote counts of the questions `viewer` may see in `meeting`. */
export function projectVotes(viewer: Viewer, meeting: MeetingState, counts: VoteCounts): VoteCounts {
  if (viewer.role === 'moderator') return counts;
  const visible = new Map(meeting.questions.items.map((question) => [question.id, question]));
  const shown: VoteCounts = {};
  for (const [questionId, count] of Object.entries(counts)) {
    const question = visible.get(questionId);
    if (question && canSee(viewer, question)) shown[questionId] = count;
  }
  return shown;
}

/** Whether `viewer` sees the meeting exactly as the public does (one shared encoding serves them). */
export function seesAsPublic(viewer: Viewer, meeting: MeetingState): boolean {
  if (viewer.role === 'moderator') return false;
  if (viewer.participantId === null) return true;
  return !meeting.questions.items.some(
    (question) => isAuthor(viewer, question) && (question.anonymous || !isOpenToAll(question)),
  );
}
