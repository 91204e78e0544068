import { isOpenToAll } from './audience.js';
import type { Command } from './commands.js';
import type { DecideContext } from './decide-context.js';
import { DomainError, ErrorCode } from './errors.js';
import type { DomainEvent } from './events.js';
import { MAX_ENTRIES_PER_PARTICIPANT, MAX_WAITING_ENTRIES } from './floor.js';
import type { FloorEntry, MeetingState, Question, QuestionsState } from './model.js';

export const MAX_QUESTIONS = 1000;
export const MAX_OPEN_QUESTIONS_PER_PARTICIPANT = 20;

export function initialQuestions(): QuestionsState {
  return { preModeration: false, items: [], highlightedId: null };
}

// ---------------------------------------------------------------------------
// Decide
// ---------------------------------------------------------------------------

type QuestionCommand = Exclude<
  Extract<Command, { type: `question.${string}` | `questions.${string}` }>,
  { type: 'question.vote' }
>;

export function findQuestion(state: MeetingState, questionId: string): Question {
  const question = state.questions.items.find((candidate) => candidate.id === questionId);
  if (!question) throw new DomainError(ErrorCode.notFound, `no question with id '${questionId}'`);
  return question;
}

function ownOpenQuestion(state: MeetingState, questionId: string, ctx: DecideContext): Question {
  const question = findQuestion(state, questionId);
  if (question.author?.participantId !== ctx.participant?.id)
    throw new DomainError(ErrorCode.forbidden, 'this is not your question');
  if (question.status === 'answered') throw new DomainError(ErrorCode.invalidState, 'an answered question cannot be changed');
  return question;
}

/** Whether a participant may vote on this question now. */
export function assertVotable(state: MeetingState, questionId: string): Question {
  const question = findQuestion(state, questionId);
  if (question.status !== 'approved') throw new DomainError(ErrorCode.invalidState, 'only open, approved questions take votes');
  return question;
}

export function decideQuestion(state: MeetingState, command: QuestionCommand, ctx: DecideContext): DomainEvent[] {
  const { questions } = state;
  switch (command.type) {
    case 'question.ask': {
      const participant = ctx.participant;
      if (!participant) throw new DomainError(ErrorCode.forbidden, 'only a participant can ask');
      if (state.status === 'ended') throw new DomainError(ErrorCode.invalidState, 'the meeting has ended');
      if (questions.items.length >= MAX_QUESTIONS)
        throw new DomainError(ErrorCode.invalidState, 'this meeting takes no more questions');
      const open = questions.items.filter(
        (q) => q.author?.participantId === participant.id && q.status !== 'answered' && q.status !== 'dismissed',
      );
      if (open.length >= MAX_OPEN_QUESTIONS_PER_PARTICIPANT) {
        throw new DomainError(ErrorCode.invalidState, `at most ${MAX_OPEN_QUESTIONS_PER_PARTICIPANT} open questions per person`);
      }
      const question: Question = {
        id: ctx.newId(),
        text: command.payload.text,
        anonymous: command.payload.anonymous,
        author: {
          participantId: participant.id,
          name: participant.name,
          affiliation: participant.affiliation,
          stakeholderGroup: participant.stakeholderGroup,
          attendance: participant.attendance,
        },
        agendaItemId: state.agenda.currentItemId,
        // Strictly after the last question: an audience that sees questions late (on approval) puts
        // them in place by this time, so two questions of one millisecond must not tie.
        askedAt: Math.max(ctx.now, (questions.items.at(-1)?.askedAt ?? 0) + 1),
        status: questions.preModeration ? 'pending' : 'approved',
        dismissReason: '',
        editedAt: null,
        answeredAt: null,
        floorEntryId: null,
      };
      return [{ type: 'question.asked', question }];
    }
    case 'question.edit': {
      const question = ownOpenQuestion(state, command.payload.questionId, ctx);
      if (question.text === command.payload.text) return [];
      // Under pre-moderation new wording is new text: it waits for approval again.
      const status = questions.preModeration && question.status === 'approved' ? 'pending' : question.status;
      const events: DomainEvent[] = [
        { type: 'question.edited', question: { ...question, text: command.payload.text, editedAt: ctx.now, status } },
      ];
      if (status === 'pending' && questions.highlightedId === question.id)
        events.push({ type: 'question.highlighted', questionId: null });
      return events;
    }
    case 'question.withdraw': {
      const question = ownOpenQuestion(state, command.payload.questionId, ctx);
      return [{ type: 'question.withdrawn', questionId: question.id }];
    }
    case 'question.approve': {
      const question = findQuestion(state, command.payload.questionId);
      if (question.status === 'approved') return [];
      if (question.status === 'answered') throw new DomainError(ErrorCode.invalidState, 'the question is already answered');
      return [{ type: 'question.approved', question: { ...question, status: 'approved', dismissReason: '' } }];
    }
    case 'question.dismiss': {
      const question = findQuestion(state, command.payload.questionId);
      if (question.status === 'dismissed') return [];
      const events: DomainEvent[] = [
        { type: 'question.dismissed', question: { ...question, status: 'dismissed', dismissReason: command.payload.reason } },
      ];
      if (questions.highlightedId === question.id) events.push({ type: 'question.highlighted', questionId: null });
      return events;
    }
    case 'question.answer': {
      const question = findQuestion(state, command.payload.questionId);
      if (question.status === 'answered') return [];
      if (question.status !== 'approved')
        throw new DomainError(ErrorCode.invalidState, 'approve the question before marking it answered');
      return [{ type: 'question.answered', question: { ...question, status: 'answered', answeredAt: ctx.now } }];
    }
    case 'question.highlight': {
      const { questionId } = command.payload;
      if (questionId === questions.highlightedId) return [];
      if (questionId !== null && !isOpenToAll(findQuestion(state, questionId))) {
        throw new DomainError(ErrorCode.invalidState, 'only an approved question can be shown to the room');
      }
      return [{ type: 'question.highlighted', questionId }];
    }
    case 'question.attach': {
      const question = findQuestion(state, command.payload.questionId);
      const { agendaItemId } = command.payload;
      if (agendaItemId !== null && !state.agenda.items.some((item) => item.id === agendaItemId)) {
        throw new DomainError(ErrorCode.notFound, `no agenda item with id '${agendaItemId}'`);
      }
      return agendaItemId === question.agendaItemId
        ? []
        : [{ type: 'question.attached', question: { ...question, agendaItemId } }];
    }
    case 'question.toFloor': {
      const question = findQuestion(state, command.payload.questionId);
      const author = question.author;
      if (!author) throw new DomainError(ErrorCode.invalidState, 'this question has no author to give the floor to');
      // Giving the floor names the speaker to everybody: an anonymous author must ask for it themselves.
      if (question.anonymous)
        throw new DomainError(ErrorCode.invalidState, 'the question was asked anonymously; its author can ask for the floor');
      if (question.floorEntryId !== null)
        throw new DomainError(ErrorCode.invalidState, 'this question has gone to the floor already');
      if (question.status === 'dismissed')
        throw new DomainError(ErrorCode.invalidState, 'a dismissed question cannot go to the floor');
      if (state.status === 'ended') throw new DomainError(ErrorCode.invalidState, 'the meeting has ended');
      const waiting = state.floor.queue.filter((entry) => entry.participantId === author.participantId);
      if (waiting.some((entry) => entry.type === 'new_topic')) {
        throw new DomainError(ErrorCode.invalidState, 'the author already waits for the floor with a new topic');
      }
      if (waiting.length >= MAX_ENTRIES_PER_PARTICIPANT)
        throw new DomainError(ErrorCode.invalidState, 'the author has as many requests as one person may');
      if (state.floor.queue.length >= MAX_WAITING_ENTRIES)
        throw new DomainError(ErrorCode.invalidState, 'the speakers list is full');
      const entry: FloorEntry = {
        id: ctx.newId(),
        type: 'new_topic',
        participantId: author.participantId,
        name: author.name,
        affiliation: author.affiliation,
        stakeholderGroup: author.stakeholderGroup,
        attendance: 'remote',
        topic: question.text.length > 140 ? `${question.text.slice(0, 139)}…` : question.text,
        requestedAt: ctx.now,
        seq: state.floor.nextSeq,
        pinned: false,
        limitMs: null,
      };
      const approved = question.status === 'pending' ? 'approved' : question.status;
      return [
        { type: 'floor.requested', entry },
        { type: 'question.sentToFloor', question: { ...question, status: approved, floorEntryId: entry.id } },
      ];
    }
    case 'questions.configure':
      return command.payload.preModeration === questions.preModeration
        ? []
        : [{ type: 'questions.configured', preModeration: command.payload.preModeration }];
  }
}

// ---------------------------------------------------------------------------
// Evolve
// ---------------------------------------------------------------------------

type QuestionEvent = Extract<DomainEvent, { type: `question.${string}` | `questions.${string}` }>;

/**
 * Replaces the question, or inserts it in the order of asking: a question an
 * audience sees late (on approval) lands where it stands for everybody else.
 */
function upsert(items: readonly Question[], question: Question): Question[] {
  const index = items.findIndex((candidate) => candidate.id === question.id);
  if (index !== -1) {
    const next = [...items];
    next[index] = question;
    return next;
  }
  const after = items.findIndex((candidate) => candidate.askedAt > question.askedAt);
  return after === -1 ? [...items, question] : [...items.slice(0, after), question, ...items.slice(after)];
}

export function evolveQuestions(state: MeetingState, event: QuestionEvent): MeetingState {
  const questions = state.questions;
  const withItems = (items: Question[], highlightedId = questions.highlightedId): MeetingState => ({
    ...state,
    questions: { ...questions, items, highlightedId },
  });
  switch (event.type) {
    case 'question.asked':
    case 'question.edited':
    case 'question.approved':
    case 'question.dismissed':
    case 'question.answered':
    case 'question.attached':
    case 'question.sentToFloor':
    case 'question.restored':
      return withItems(upsert(questions.items, event.question));
    case 'question.withdrawn':
    case 'question.hidden': {
      const highlighted = questions.highlightedId === event.questionId ? null : questions.highlightedId;
      return withItems(
        questions.items.filter((question) => question.id !== event.questionId),
        highlighted,
      );
    }
    case 'question.highlighted':
      return withItems(questions.items, event.questionId);
    case 'questions.configured':
      return { ...state, questions: { ...questions, preModeration: event.preModeration } };
  }
}

// ---------------------------------------------------------------------------
// Selectors
// ---------------------------------------------------------------------------

export type QuestionSort = 'votes' | 'time';

/** Most votes first (then oldest), or newest first. */
export function sortQuestions(
  items: readonly Question[],
  votes: Readonly<Record<string, number>>,
  sort: QuestionSort,
): Question[] {
  return [...items].sort((a, b) =>
    sort === 'votes' ? (votes[b.id] ?? 0) - (votes[a.id] ?? 0) || a.askedAt - b.askedAt : b.askedAt - a.askedAt,
  );
}
