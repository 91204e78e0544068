import { z } from 'zod';
import {
  ATTENDANCE,
  FLOOR_POLICIES,
  LANGUAGES,
  MAX_AGENDA_ITEMS,
  MAX_ITEM_MINUTES,
  type QUESTION_STATUSES,
  REQUEST_TYPES,
  type ROLES,
  STAKEHOLDER_GROUPS,
} from './constants.js';

// The constants live apart from the schemas so that the client can use them without zod.
export {
  ATTENDANCE,
  CHAIR_LABEL,
  FLOOR_POLICIES,
  LANGUAGES,
  MAX_AGENDA_ITEMS,
  MAX_ITEM_MINUTES,
  MAX_QUESTION_LENGTH,
  QUESTION_STATUSES,
  REQUEST_TYPES,
  ROLES,
  STAKEHOLDER_GROUPS,
} from './constants.js';

/** Trimmed text with bounds, so nothing unbounded ever reaches a reducer or a store. */
export const text = (min: number, max: number) => z.string().trim().min(min).max(max);

export const StakeholderGroup = z.enum(STAKEHOLDER_GROUPS);
export type StakeholderGroup = z.infer<typeof StakeholderGroup>;

export const Attendance = z.enum(ATTENDANCE);
export type Attendance = z.infer<typeof Attendance>;

/** The six UN languages; the interface speaks each of them. */
export const Language = z.enum(LANGUAGES);
export type Language = z.infer<typeof Language>;

export function isIanaTimeZone(value: string): boolean {
  try {
    new Intl.DateTimeFormat('en', { timeZone: value });
    return value.includes('/') || value === 'UTC';
  } catch {
    return false;
  }
}

export const TimeZone = z
  .string()
  .max(64)
  .refine(isIanaTimeZone, {
    message: 'must be an IANA time zone such as Europe/Zurich',
    params: { code: 'not_time_zone' },
  });

export const Venue = z.strictObject({
  name: text(1, 120),
  room: text(0, 80).default(''),
  city: text(0, 80).default(''),
});
export type Venue = z.infer<typeof Venue>;

export const AgendaItemFields = {
  title: text(1, 200),
  minutes: z.int().min(1).max(MAX_ITEM_MINUTES),
  presenters: z.array(text(1, 120)).max(20),
  notes: text(0, 2000),
};

export const AgendaItemInput = z.strictObject({
  title: AgendaItemFields.title,
  minutes: AgendaItemFields.minutes,
  presenters: AgendaItemFields.presenters.default([]),
  notes: AgendaItemFields.notes.default(''),
});
export type AgendaItemInput = z.infer<typeof AgendaItemInput>;

const isoDateTime = z.iso.datetime({ offset: true });

export const CreateMeetingInput = z
  .strictObject({
    title: text(1, 200),
    venue: Venue,
    timeZone: TimeZone,
    startsAt: isoDateTime,
    endsAt: isoDateTime,
    remoteUrl: z
      .url({ protocol: /^https?$/ })
      .max(500)
      .optional(),
    languages: z.array(Language).min(1).max(LANGUAGES.length).default(['en']),
    agenda: z.array(AgendaItemInput).max(MAX_AGENDA_ITEMS).default([]),
  })
  .refine((m) => Date.parse(m.endsAt) > Date.parse(m.startsAt), {
    message: 'endsAt must be after startsAt',
    path: ['endsAt'],
    params: { code: 'ends_before_start' },
  });
export type CreateMeetingInput = z.input<typeof CreateMeetingInput>;

export const ParticipantProfile = z.strictObject({
  name: text(1, 80),
  affiliation: text(0, 120).default(''),
  stakeholderGroup: StakeholderGroup,
  attendance: Attendance,
});
export type ParticipantProfileInput = z.input<typeof ParticipantProfile>;
export type ParticipantProfile = z.infer<typeof ParticipantProfile>;

/** A participant as everybody may see them; the id is stable for the meeting. */
export interface Participant extends ParticipantProfile {
  id: string;
}

export type AgendaItemStatus = 'pending' | 'active' | 'done' | 'skipped';

/**
 * Elapsed time is kept as an accumulated part plus a running part, so that
 * pauses cost nothing to represent and every client computes the same figure
 * from server timestamps.
 */
export interface AgendaItem {
  id: string;
  title: string;
  notes: string;
  presenters: string[];
  plannedMinutes: number;
  status: AgendaItemStatus;
  /** Server time (ms) the item was first started. */
  startedAt: number | null;
  /** Server time (ms) the item was last completed or skipped. */
  endedAt: number | null;
  /** Time run before `runningSince`. */
  accumulatedMs: number;
  /** Server time (ms) the item's clock is running from; null while paused or not active. */
  runningSince: number | null;
}

export type MeetingStatus = 'scheduled' | 'live' | 'ended';

/** The public state of one meeting: everything an attendee may see. No secrets live here. */
export interface MeetingState {
  id: string;
  title: string;
  venue: Venue;
  timeZone: string;
  /** Scheduled start and end, server epoch ms. */
  scheduledStart: number;
  scheduledEnd: number;
  remoteUrl: string | null;
  languages: Language[];
  status: MeetingStatus;
  startedAt: number | null;
  endedAt: number | null;
  /** Set while the chair has paused the meeting. */
  pausedAt: number | null;
  agenda: {
    items: AgendaItem[];
    currentItemId: string | null;
  };
  floor: FloorState;
  questions: QuestionsState;
  /** The message the chair projects on every display and view; null: none. */
  announcement: Announcement | null;
  /** Recent moderator actions that can still be undone (see shared/undo.ts). */
  undo: UndoOffer[];
}

export interface Announcement {
  text: string;
  /** Server time (ms) a countdown runs to; null: no countdown. */
  endsAt: number | null;
  at: number;
}

/** What a moderator link may do; the chair holds the meeting's own moderator key. */
export const MODERATOR_ROLES = ['chair', 'co_chair', 'remote_moderator'] as const;
export type ModeratorRole = (typeof MODERATOR_ROLES)[number];
export const CoModeratorRole = z.enum(['co_chair', 'remote_moderator']);
export type CoModeratorRole = z.infer<typeof CoModeratorRole>;

/** Which moderator acts: the chair (linkId null) or one co-moderator link. */
export interface ModeratorIdentity {
  linkId: string | null;
  label: string;
  role: ModeratorRole;
}

/**
 * One undoable action, with what is needed to put everything back exactly.
 * Offered for UNDO_WINDOW_MS by the server's clock.
 */
export type UndoOffer = {
  id: string;
  /** Server time (ms) of the action. */
  at: number;
  /** Label of the moderator who acted. */
  by: string;
} & (
  | { kind: 'floor.remove'; entry: FloorEntry; index: number }
  | {
      kind: 'floor.grant';
      entry: FloorEntry;
      index: number;
      previous: CurrentSpeaker | null;
      previousLastSpeaker: FloorState['lastSpeaker'];
    }
  | { kind: 'agenda.skip' | 'agenda.remove'; item: AgendaItem; index: number }
  | { kind: 'agenda.next'; started: AgendaItem; completed: AgendaItem | null }
  | { kind: 'question.dismiss'; questionId: string; previousStatus: QuestionStatus; wasHighlighted: boolean }
);
export type UndoKind = UndoOffer['kind'];

export const RequestType = z.enum(REQUEST_TYPES);
export type RequestType = z.infer<typeof RequestType>;

export const FloorPolicy = z.enum(FLOOR_POLICIES);
export type FloorPolicy = z.infer<typeof FloorPolicy>;

/** One request for the floor, with who asked as they were when they asked. */
export interface FloorEntry {
  id: string;
  type: RequestType;
  participantId: string;
  name: string;
  affiliation: string;
  stakeholderGroup: StakeholderGroup;
  attendance: Attendance;
  /** Optional one-line topic; empty when none. */
  topic: string;
  requestedAt: number;
  /** Arrival order within the meeting: first come, first served. */
  seq: number;
  /** Placed by hand: keeps its position while the suggested order fills the others. */
  pinned: boolean;
  /** This entry's own speaking-time limit; null: the meeting default. */
  limitMs: number | null;
  /** Label of the moderator who put this person on the list (`floor.inscribe`); absent when they asked themselves. */
  addedBy?: string;
}

/** One finished turn, for the list of who has spoken. */
export interface SpokenTurn {
  entry: FloorEntry;
  /** The agenda item running when the floor was given; null: none. */
  agendaItemId: string | null;
  grantedAt: number;
  endedAt: number;
  spokenMs: number;
  limitMs: number | null;
}

/** Whoever has the floor, and their countdown (same accumulated + running model as agenda items). */
export interface CurrentSpeaker {
  entry: FloorEntry;
  grantedAt: number;
  /** Speaking-time limit for this turn, extensions included; null: no limit. */
  limitMs: number | null;
  accumulatedMs: number;
  runningSince: number | null;
  /** The countdown was running when the chair paused the whole meeting; it resumes with it. */
  heldByMeetingPause: boolean;
  /** The agenda item running when the floor was given. */
  agendaItemId?: string | null;
}

export interface SpeakingStats {
  interventions: number;
  speakingMs: number;
}

export interface FloorState {
  open: boolean;
  policy: FloorPolicy;
  /** Default speaking-time limit; null: no limit. */
  defaultLimitMs: number | null;
  /** Clear the list (and end the turn) when an agenda item completes. */
  clearOnItemComplete: boolean;
  /** Waiting entries in the order they will be called. */
  queue: FloorEntry[];
  current: CurrentSpeaker | null;
  /** Who spoke last, for the ordering policies. */
  lastSpeaker: { attendance: Attendance; stakeholderGroup: StakeholderGroup } | null;
  nextSeq: number;
  /** Finished turns, oldest first (the latest MAX_SPOKEN_TURNS). */
  spoken: SpokenTurn[];
  /**
   * Everybody who has been on the list (asked, or was inscribed), so that the
   * chair can inscribe them again by name; public, like the entries themselves.
   */
  people: Participant[];
  /** Finished turns only; selectors add the running one. */
  stats: {
    byGroup: Record<StakeholderGroup, SpeakingStats>;
    byAttendance: Record<Attendance, SpeakingStats>;
  };
}

export type QuestionStatus = (typeof QUESTION_STATUSES)[number];

/** Who asked, as they were when they asked. */
export interface QuestionAuthor {
  participantId: string;
  name: string;
  affiliation: string;
  stakeholderGroup: StakeholderGroup;
  attendance: Attendance;
}

/**
 * A remote question. Its votes are not here: they are a set of voters kept
 * beside the meeting (see the store), so that thousands of votes neither grow
 * the snapshot nor each take a version.
 */
export interface Question {
  id: string;
  text: string;
  /** Hidden from everybody but moderators and the author. */
  anonymous: boolean;
  /** Null in views where the author is hidden. */
  author: QuestionAuthor | null;
  agendaItemId: string | null;
  askedAt: number;
  status: QuestionStatus;
  /** Why a moderator dismissed it; only its author and moderators see it. */
  dismissReason: string;
  editedAt: number | null;
  answeredAt: number | null;
  /** The floor request made from this question, if any. */
  floorEntryId: string | null;
}

export interface QuestionsState {
  /** New questions wait for a moderator's approval before others see them. */
  preModeration: boolean;
  items: Question[];
  highlightedId: string | null;
}

/** Vote counts by question id. */
export type VoteCounts = Record<string, number>;

export interface Snapshot {
  version: number;
  meeting: MeetingState;
}

export interface PresenceCounts {
  inRoom: number;
  remote: number;
  attendees: number;
  moderators: number;
  /** Participants on the speakers list whose connection dropped, with the time (server ms) it did. */
  offline: Record<string, number>;
}

export type Role = (typeof ROLES)[number];
