import type { Change } from '../../shared/events.js';
import type { CoModeratorRole, MeetingState, Snapshot, VoteCounts } from '../../shared/model.js';

/** The result of an attempt to commit a change. */
export type CommitOutcome =
  | { kind: 'committed' }
  /** Another writer advanced the meeting first; reload and decide again. */
  | { kind: 'conflict'; currentVersion: number }
  /** This command id was committed before, as `version`. */
  | { kind: 'duplicate'; version: number };

/** The result of an attempt to commit several changes at once. */
export type BatchOutcome =
  | { kind: 'committed' }
  /** Another writer advanced the meeting first; nothing was written. */
  | { kind: 'conflict'; currentVersion: number }
  /** The command of entry `index` was committed before, as `version`; nothing was written. */
  | { kind: 'duplicate'; index: number; version: number }
  /** The meeting does not exist (any more: deleted, perhaps by another instance); nothing was written. */
  | { kind: 'missing' };

/** A batch of one's outcome as `commit` reports it. */
export function singleOutcome(outcome: BatchOutcome, meetingId: string): CommitOutcome {
  if (outcome.kind === 'missing') throw new Error(`meeting ${meetingId} does not exist`);
  return outcome.kind === 'duplicate' ? { kind: 'duplicate', version: outcome.version } : outcome;
}

/** One change of a batch and the command that made it. */
export interface BatchEntry {
  change: Change;
  command: CommandKey;
}

/**
 * A command as the store deduplicates it: the client-made id within its
 * sender (a participant, a moderator link), so two senders' ids never collide.
 * `sender` is made by the server and contains no space.
 */
export interface CommandKey {
  sender: string;
  id: string;
}

/** A meeting as first written: its state at version 0 and the hash of its moderator key. */
export interface NewMeeting {
  state: MeetingState;
  moderatorKeyHash: string;
}

/** One co-moderator link: its own key (only the hash is kept), a label and a role. */
/** What revoking a co-moderator link did. */
export type RevokeOutcome = 'revoked' | 'already_revoked' | 'not_found';

export interface ModeratorLink {
  id: string;
  meetingId: string;
  label: string;
  role: CoModeratorRole;
  keyHash: string;
  createdAt: number;
  /** Server time (ms) of revocation; null while valid. */
  revokedAt: number | null;
}

/**
 * Whether an acknowledged change survives a crash of the store's process
 * (SIGKILL, OOM kill): `ok`, or the reason it may not.
 */
export interface Durability {
  ok: boolean;
  reason?: string;
}

/**
 * Where meetings live. Every implementation passes the same contract suite
 * (tests/store/contract.ts). All methods are async because the scale-out
 * store is remote; an unreachable store rejects with StoreUnavailableError.
 */
export interface MeetingStore {
  createMeeting(meeting: NewMeeting): Promise<void>;
  loadMeeting(meetingId: string): Promise<Snapshot | null>;
  moderatorKeyHash(meetingId: string): Promise<string | null>;
  /**
   * Compare-and-set of the moderator-key hash: stores `nextHash` only while
   * the meeting's hash is still `currentHash`; false otherwise (another
   * replacement won, or no such meeting).
   */
  replaceModeratorKeyHash(meetingId: string, currentHash: string, nextHash: string): Promise<boolean>;
  /** The meeting's version alone, or null for an unknown meeting. */
  currentVersion(meetingId: string): Promise<number | null>;
  /**
   * Atomically: if the meeting is at `change.version - 1` and the command is
   * new for its sender, append the change to the event log and store `next`
   * as the meeting's state at `change.version`. Command ids are remembered for
   * COMMAND_ID_WINDOW_MS after their commit (by `change.at`) and forgotten by
   * a later commit; no store keeps them longer than that plus the time to the
   * next commit.
   */
  commit(change: Change, next: MeetingState, command: CommandKey): Promise<CommitOutcome>;
  /**
   * `commit` for consecutive changes of one meeting (their versions follow
   * one another, their command ids differ), all or nothing: one round trip
   * and one durable write for all of them, with `next` the state after the
   * last. The meeting service commits a meeting's queued commands this way.
   */
  commitBatch(entries: BatchEntry[], next: MeetingState): Promise<BatchOutcome>;
  /** The version a sender's command id was committed as, or null if it never was (or is forgotten). */
  committedVersion(meetingId: string, command: CommandKey): Promise<number | null>;
  /**
   * Changes after `afterVersion`, oldest first, at most `limit`; null when the
   * log no longer holds them all (the caller sends a snapshot instead).
   */
  changesSince(meetingId: string, afterVersion: number, limit: number): Promise<Change[] | null>;
  /** The meeting as it was created (version 0), the start of the record's fold; null for an unknown meeting. */
  meetingOrigin(meetingId: string): Promise<MeetingState | null>;
  /**
   * Every change of the meeting, oldest first, read in pages of `pageSize`,
   * up to the version current when the reading starts. Unlike `changesSince`
   * it never misses old changes: the record reads the whole log.
   */
  allChanges(meetingId: string, pageSize?: number): AsyncGenerator<Change>;
  /**
   * Adds (`up`) or takes back one participant's vote on a question, atomically
   * and idempotently, and returns the question's exact count afterwards.
   */
  setVote(meetingId: string, questionId: string, participantId: string, up: boolean): Promise<number>;
  /** Every question's vote count (questions without votes are left out). */
  voteCounts(meetingId: string): Promise<VoteCounts>;
  /** The questions one participant has voted for. */
  votesBy(meetingId: string, participantId: string): Promise<string[]>;
  /**
   * Deletes the meeting with everything of it: state, moderator key hash, log,
   * command ids, votes (with who voted), presence. True if it existed.
   */
  deleteMeeting(meetingId: string): Promise<boolean>;
  /**
   * Ids of meetings that ended (`endedAt` of their state) before `cutoff`
   * (ms since the epoch), oldest first, at most `limit`: what retention deletes.
   */
  meetingsEndedBefore(cutoff: number, limit: number): Promise<string[]>;
  /** Stores a new co-moderator link of an existing meeting. */
  createModeratorLink(link: ModeratorLink): Promise<void>;
  /** The meeting's co-moderator links, revoked ones included, oldest first. */
  moderatorLinks(meetingId: string): Promise<ModeratorLink[]>;
  /** The link whose key hashes to `keyHash`, revoked or not; null when none. */
  moderatorLinkByKeyHash(meetingId: string, keyHash: string): Promise<ModeratorLink | null>;
  /**
   * Marks a link revoked at `at`: 'revoked', or 'already_revoked' (the first
   * time stays), or 'not_found'.
   */
  revokeModeratorLink(meetingId: string, linkId: string, at: number): Promise<RevokeOutcome>;
  /** Stores `value` under `key` unless a value is there; returns the value that is there afterwards. */
  settingOrInit(key: string, value: string): Promise<string>;
  /** The value stored under `key` by settingOrInit, or null when none is. */
  setting(key: string): Promise<string | null>;
  /** Resolves when the store answers. */
  ping(): Promise<void>;
  /**
   * Whether an acknowledged change survives a crash of the store's own
   * process, for stores whose settings live outside Plenary (Redis).
   * Absent: durable by construction (SQLite commits to its WAL before answering).
   */
  durability?(): Promise<Durability>;
  close(): Promise<void>;
}

export class StoreUnavailableError extends Error {
  constructor(cause?: unknown) {
    super('the store is unavailable', { cause });
    this.name = 'StoreUnavailableError';
  }
}
