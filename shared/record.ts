import type { Change, DomainEvent } from './events.js';
import {
  type AgendaItem,
  type AgendaItemStatus,
  ATTENDANCE,
  type Attendance,
  CHAIR_LABEL,
  type FloorEntry,
  type Language,
  type MeetingState,
  type MeetingStatus,
  type QuestionStatus,
  type RequestType,
  type SpeakingStats,
  STAKEHOLDER_GROUPS,
  type StakeholderGroup,
  type Venue,
  type VoteCounts,
} from './model.js';
import { evolve } from './reducer.js';

/**
 * The meeting's record: what happened, built by folding the meeting's whole
 * change log with the same reducer that runs the meeting, so it is exact.
 * The JSON schema is documented in docs/RECORD.md; `schema` changes when a
 * field changes meaning or goes away.
 */
export const RECORD_SCHEMA = 'plenary.record/1';

export const RECORD_AUDIENCES = ['moderators', 'public'] as const;
export type RecordAudience = (typeof RECORD_AUDIENCES)[number];

export interface RecordMeeting {
  id: string;
  title: string;
  venue: Venue;
  /** IANA zone of the venue; every time below is epoch ms, shown in this zone by the formats. */
  timeZone: string;
  scheduledStart: number;
  scheduledEnd: number;
  status: MeetingStatus;
  startedAt: number | null;
  endedAt: number | null;
  languages: Language[];
  remoteUrl: string | null;
}

/** An agenda item as it ran. `removed`: taken off the agenda after it had run. */
export interface RecordItem {
  id: string;
  title: string;
  presenters: string[];
  plannedMinutes: number;
  status: AgendaItemStatus | 'removed';
  startedAt: number | null;
  endedAt: number | null;
  /** Time the item ran, pauses of the meeting excluded. */
  durationMs: number;
  /** Duration beyond the planned minutes; 0 when within. */
  overrunMs: number;
}

/** How an entry reached the speakers list. */
export type AddedVia = 'request' | 'inscription' | 'question';

/** One turn at the floor, in the order they were held. */
export interface RecordTurn {
  /** 1, 2, … in the order of the turns. */
  n: number;
  /** The agenda item running when the floor was given; null: before any item. */
  agendaItemId: string | null;
  participantId: string;
  name: string;
  affiliation: string;
  stakeholderGroup: StakeholderGroup;
  attendance: Attendance;
  type: RequestType;
  topic: string;
  addedVia: AddedVia;
  /**
   * Who put the person on the list: null when they asked themselves; the
   * moderator link's label for an inscription (public) or, in the moderators'
   * record, for a question sent to the floor.
   */
  addedBy: string | null;
  grantedAt: number;
  /** Null while the turn is still going on (`asOf`). */
  endedAt: number | null;
  /** The limit of the turn, extensions included; null: no limit. */
  limitMs: number | null;
  extensions: number;
  extendedMs: number;
  /** Time on the countdown: the time the speaker actually had. */
  spokenMs: number;
  /** Time beyond the limit; 0 when within or without a limit. */
  overrunMs: number;
  /** Moderators' record only: who ended the turn (a moderator's label, or the speaker). */
  endedBy?: { kind: 'speaker' | 'moderator'; label: string | null } | null;
}

export type RecordQuestionStatus = Exclude<QuestionStatus, 'approved'> | 'open' | 'put_to_room' | 'sent_to_floor';

export interface RecordQuestion {
  n: number;
  id: string;
  text: string;
  anonymous: boolean;
  /** Never given for an anonymous question, in either record. */
  author: { name: string; affiliation: string; stakeholderGroup: StakeholderGroup; attendance: Attendance } | null;
  agendaItemId: string | null;
  askedAt: number;
  /** Votes when the record was made. */
  votes: number;
  /**
   * What became of it: `answered`; `put_to_room` (shown on the room display,
   * not marked answered); `sent_to_floor` (its author was put on the list);
   * `open` (approved, nothing more); `dismissed` and `pending` (moderators only).
   */
  status: RecordQuestionStatus;
  answeredAt: number | null;
  /** Moderators' record only. */
  dismissReason?: string;
}

export interface RecordPause {
  startedAt: number;
  /** Null while the meeting is still paused. */
  endedAt: number | null;
  durationMs: number;
  agendaItemId: string | null;
}

export interface RecordStatistics {
  byGroup: Record<StakeholderGroup, SpeakingStats>;
  byAttendance: Record<Attendance, SpeakingStats>;
  total: SpeakingStats;
  /** Share (0–1) of the speaking time that went to remote participants; null when nobody spoke. */
  remoteShare: number | null;
}

export interface MeetingRecord {
  schema: typeof RECORD_SCHEMA;
  audience: RecordAudience;
  /** Server time (ms) the record describes the meeting at. */
  asOf: number;
  /** The meeting's version (number of changes) folded into the record. */
  version: number;
  meeting: RecordMeeting;
  agenda: RecordItem[];
  turns: RecordTurn[];
  questions: RecordQuestion[];
  pauses: RecordPause[];
  statistics: RecordStatistics;
}

// ---------------------------------------------------------------------------
// Building
// ---------------------------------------------------------------------------

interface PendingExtras {
  extensions: number;
  extendedMs: number;
}

type Ended = NonNullable<RecordTurn['endedBy']>;

/**
 * Folds a meeting's changes, in version order, into its record. Feed it
 * change by change (the store pages them), then `finish`. Pure: no I/O, no clock.
 */
export class RecordBuilder {
  private state: MeetingState;
  private version = 0;
  private readonly turns: Omit<RecordTurn, 'n'>[] = [];
  private readonly pauses: RecordPause[] = [];
  /** Extensions of the turn in progress, by entry id. */
  private readonly extras = new Map<string, PendingExtras>();
  /** Who added each entry the log has seen, when a moderator did. */
  private readonly addedByModerator = new Map<string, string>();
  /** Entries that came from a question. */
  private readonly fromQuestion = new Set<string>();
  /** Questions ever shown on the room display. */
  private readonly shown = new Set<string>();
  /** Items removed from the agenda after they had run, as they were. */
  private readonly removedItems = new Map<string, AgendaItem>();

  constructor(origin: MeetingState) {
    this.state = origin;
  }

  add(change: Change): void {
    if (change.version !== this.version + 1) {
      throw new Error(`record: change ${change.version} follows ${this.version}; the log has a gap`);
    }
    for (const event of change.events) this.apply(event, change);
    this.version = change.version;
  }

  private apply(event: DomainEvent, change: Change): void {
    const before = this.state;
    const at = change.at;
    const after = evolve(before, event, at);
    this.state = after;
    const moderator = change.by ? change.by.label : null;
    switch (event.type) {
      case 'floor.requested':
        if (moderator !== null) this.addedByModerator.set(event.entry.id, moderator);
        break;
      case 'question.sentToFloor':
        if (event.question.floorEntryId) this.fromQuestion.add(event.question.floorEntryId);
        break;
      case 'question.highlighted':
        if (event.questionId) this.shown.add(event.questionId);
        break;
      case 'floor.timerExtended': {
        const extras = this.extras.get(event.entryId) ?? { extensions: 0, extendedMs: 0 };
        this.extras.set(event.entryId, { extensions: extras.extensions + 1, extendedMs: extras.extendedMs + event.byMs });
        break;
      }
      case 'floor.turnEnded':
      case 'floor.cleared': {
        const ended = before.floor.current;
        const turn = after.floor.spoken.at(-1);
        if (ended && turn && turn.entry.id === ended.entry.id && after.floor.current === null) {
          const by: Ended = moderator !== null ? { kind: 'moderator', label: moderator } : { kind: 'speaker', label: null };
          this.pushTurn(turn.entry, turn.agendaItemId, turn.grantedAt, turn.endedAt, turn.limitMs, turn.spokenMs, by);
        }
        break;
      }
      case 'floor.grantUndone': {
        this.extras.delete(event.offer.entry.id);
        // The grant had ended the previous turn: undoing it gives that turn back to its speaker.
        const previous = event.offer.previous;
        const last = this.turns.at(-1);
        if (
          previous &&
          before.floor.spoken.at(-1)?.entry.id === previous.entry.id &&
          last?.participantId === previous.entry.participantId
        ) {
          this.turns.pop();
          this.extras.set(previous.entry.id, { extensions: last.extensions, extendedMs: last.extendedMs });
        }
        break;
      }
      case 'floor.putBack': {
        // The finished turn leaves the record; the speaker waits again.
        if (before.floor.spoken.at(-1)?.entry.id === event.entryId && this.turns.at(-1)) this.turns.pop();
        break;
      }
      case 'agenda.itemRemoved': {
        const item = before.agenda.items.find((candidate) => candidate.id === event.itemId);
        if (item && item.startedAt !== null) this.removedItems.set(item.id, item);
        break;
      }
      case 'agenda.itemRestored':
        this.removedItems.delete(event.item.id);
        break;
      case 'meeting.paused':
        this.pauses.push({ startedAt: at, endedAt: null, durationMs: 0, agendaItemId: before.agenda.currentItemId });
        break;
      case 'meeting.resumed':
      case 'meeting.ended':
        this.closePause(at);
        break;
      default:
        break;
    }
  }

  private closePause(at: number): void {
    const open = this.pauses.at(-1);
    if (open && open.endedAt === null) {
      open.endedAt = at;
      open.durationMs = at - open.startedAt;
    }
  }

  private pushTurn(
    entry: FloorEntry,
    agendaItemId: string | null,
    grantedAt: number,
    endedAt: number | null,
    limitMs: number | null,
    spokenMs: number,
    endedBy: Ended | null,
  ): void {
    const extras = this.extras.get(entry.id) ?? { extensions: 0, extendedMs: 0 };
    this.extras.delete(entry.id);
    const addedVia: AddedVia =
      entry.addedBy !== undefined ? 'inscription' : this.fromQuestion.has(entry.id) ? 'question' : 'request';
    this.turns.push({
      agendaItemId,
      participantId: entry.participantId,
      name: entry.name,
      affiliation: entry.affiliation,
      stakeholderGroup: entry.stakeholderGroup,
      attendance: entry.attendance,
      type: entry.type,
      topic: entry.topic,
      addedVia,
      addedBy: entry.addedBy ?? this.addedByModerator.get(entry.id) ?? null,
      grantedAt,
      endedAt,
      limitMs,
      extensions: extras.extensions,
      extendedMs: extras.extendedMs,
      spokenMs,
      overrunMs: limitMs === null ? 0 : Math.max(0, spokenMs - limitMs),
      endedBy,
    });
  }

  /**
   * The moderators' record with the store's vote counts, as of `now` (server
   * ms) while the meeting runs; an ended meeting's record is as of its end,
   * so it reads the same whenever it is asked for.
   */
  finish(votes: VoteCounts, now: number): MeetingRecord {
    const state = this.state;
    const asOf = state.status === 'ended' && state.endedAt !== null ? state.endedAt : now;
    const turns: RecordTurn[] = this.turns.map((turn, i) => ({ n: i + 1, ...turn }));
    const current = state.floor.current;
    if (current) {
      const spokenMs = current.accumulatedMs + (current.runningSince === null ? 0 : Math.max(0, asOf - current.runningSince));
      const extras = this.extras.get(current.entry.id) ?? { extensions: 0, extendedMs: 0 };
      const entry = current.entry;
      turns.push({
        n: turns.length + 1,
        agendaItemId: current.agendaItemId ?? null,
        participantId: entry.participantId,
        name: entry.name,
        affiliation: entry.affiliation,
        stakeholderGroup: entry.stakeholderGroup,
        attendance: entry.attendance,
        type: entry.type,
        topic: entry.topic,
        addedVia: entry.addedBy !== undefined ? 'inscription' : this.fromQuestion.has(entry.id) ? 'question' : 'request',
        addedBy: entry.addedBy ?? this.addedByModerator.get(entry.id) ?? null,
        grantedAt: current.grantedAt,
        endedAt: null,
        limitMs: current.limitMs,
        extensions: extras.extensions,
        extendedMs: extras.extendedMs,
        spokenMs,
        overrunMs: current.limitMs === null ? 0 : Math.max(0, spokenMs - current.limitMs),
        endedBy: null,
      });
    }
    const pauses = this.pauses.map((pause) =>
      pause.endedAt === null ? { ...pause, durationMs: Math.max(0, asOf - pause.startedAt) } : { ...pause },
    );
    return {
      schema: RECORD_SCHEMA,
      audience: 'moderators',
      asOf,
      version: this.version,
      meeting: {
        id: state.id,
        title: state.title,
        venue: state.venue,
        timeZone: state.timeZone,
        scheduledStart: state.scheduledStart,
        scheduledEnd: state.scheduledEnd,
        status: state.status,
        startedAt: state.startedAt,
        endedAt: state.endedAt,
        languages: state.languages,
        remoteUrl: state.remoteUrl,
      },
      agenda: this.agenda(asOf),
      turns,
      questions: this.questions(votes),
      pauses,
      statistics: statisticsOf(turns),
    };
  }

  private agenda(asOf: number): RecordItem[] {
    const toRecord = (item: AgendaItem, removed: boolean): RecordItem => {
      const durationMs = item.accumulatedMs + (item.runningSince === null ? 0 : Math.max(0, asOf - item.runningSince));
      return {
        id: item.id,
        title: item.title,
        presenters: item.presenters,
        plannedMinutes: item.plannedMinutes,
        status: removed ? 'removed' : item.status,
        startedAt: item.startedAt,
        endedAt: item.endedAt,
        durationMs,
        overrunMs: Math.max(0, durationMs - item.plannedMinutes * 60_000),
      };
    };
    const items = this.state.agenda.items.map((item) => toRecord(item, false));
    const removed = [...this.removedItems.values()].map((item) => toRecord(item, true));
    return [...items, ...removed];
  }

  private questions(votes: VoteCounts): RecordQuestion[] {
    return this.state.questions.items.map((question, i) => {
      let status: RecordQuestionStatus;
      if (question.status === 'approved') {
        status = question.floorEntryId !== null ? 'sent_to_floor' : this.shown.has(question.id) ? 'put_to_room' : 'open';
      } else {
        status = question.status;
      }
      const author = question.anonymous || !question.author ? null : question.author;
      return {
        n: i + 1,
        id: question.id,
        text: question.text,
        anonymous: question.anonymous,
        author: author
          ? {
              name: author.name,
              affiliation: author.affiliation,
              stakeholderGroup: author.stakeholderGroup,
              attendance: author.attendance,
            }
          : null,
        agendaItemId: question.agendaItemId,
        askedAt: question.askedAt,
        votes: votes[question.id] ?? 0,
        status,
        answeredAt: question.answeredAt,
        dismissReason: question.dismissReason,
      };
    });
  }
}

/** Builds the moderators' record of a meeting from its state at version 0 and all its changes, in order. */
export function buildRecord(origin: MeetingState, changes: Iterable<Change>, votes: VoteCounts, asOf: number): MeetingRecord {
  const builder = new RecordBuilder(origin);
  for (const change of changes) builder.add(change);
  return builder.finish(votes, asOf);
}

const emptyStats = (): SpeakingStats => ({ interventions: 0, speakingMs: 0 });

/** Statistics computed from the turns themselves, so the totals always add up. */
export function statisticsOf(turns: readonly RecordTurn[]): RecordStatistics {
  const byGroup = Object.fromEntries(STAKEHOLDER_GROUPS.map((group) => [group, emptyStats()])) as Record<
    StakeholderGroup,
    SpeakingStats
  >;
  const byAttendance = Object.fromEntries(ATTENDANCE.map((attendance) => [attendance, emptyStats()])) as Record<
    Attendance,
    SpeakingStats
  >;
  const total = emptyStats();
  for (const turn of turns) {
    for (const stats of [byGroup[turn.stakeholderGroup], byAttendance[turn.attendance], total]) {
      stats.interventions += 1;
      stats.speakingMs += turn.spokenMs;
    }
  }
  return {
    byGroup,
    byAttendance,
    total,
    remoteShare: total.speakingMs === 0 ? null : byAttendance.remote.speakingMs / total.speakingMs,
  };
}

// ---------------------------------------------------------------------------
// The public record
// ---------------------------------------------------------------------------

const PUBLIC_QUESTION_STATUSES: ReadonlySet<RecordQuestionStatus> = new Set(['answered', 'put_to_room', 'sent_to_floor', 'open']);

/**
 * The record anyone may read: what the public view of the meeting showed.
 * No dismissed or pending questions, no dismissal reasons, no anonymous
 * authors, and nothing that only moderators receive (who ended a turn, which
 * moderator sent a question to the floor).
 */
export function publicRecord(record: MeetingRecord): MeetingRecord {
  const questions = record.questions
    .filter((question) => PUBLIC_QUESTION_STATUSES.has(question.status))
    .map(({ dismissReason: _reason, ...question }, i) => ({
      ...question,
      n: i + 1,
      author: question.anonymous ? null : question.author,
    }));
  const turns = record.turns.map(({ endedBy: _endedBy, ...turn }) => ({
    ...turn,
    // Which moderator link inscribed someone is for moderators: the public view shows every inscription as the chair's.
    addedBy: turn.addedVia === 'inscription' ? CHAIR_LABEL : null,
  }));
  return { ...record, audience: 'public', turns, questions };
}
