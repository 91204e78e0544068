import type { Change } from '../../shared/events.js';
import type { MeetingState, Snapshot, VoteCounts } from '../../shared/model.js';

/** The result of an attempt to commit a change. */
export type CommitOutcome =
  | { kind: 'committed' }
  /** Another writer advanced the meeting first; reload and decide again. */
  | { kind: 'conflict'; currentVersion: number }
  /** This command id was committed before, as `version`. */
  | { kind: 'duplicate'; version: number };

/** A meeting as first written: its state at version 0 and the hash of its moderator key. */
export interface NewMeeting {
  state: MeetingState;
  moderatorKeyHash: string;
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
  /** The meeting's version alone, or null for an unknown meeting. */
  currentVersion(meetingId: string): Promise<number | null>;
  /**
   * Atomically: if the meeting is at `change.version - 1` and the command id
   * is new, append the change to the event log and store `next` as the
   * meeting's state at `change.version`.
   */
  commit(change: Change, next: MeetingState): Promise<CommitOutcome>;
  /** The version a command id was committed as, or null if it never was. */
  committedVersion(meetingId: string, commandId: string): Promise<number | null>;
  /**
   * Changes after `afterVersion`, oldest first, at most `limit`; null when the
   * log no longer holds them all (the caller sends a snapshot instead).
   */
  changesSince(meetingId: string, afterVersion: number, limit: number): Promise<Change[] | null>;
  /**
   * Adds (`up`) or takes back one participant's vote on a question, atomically
   * and idempotently, and returns the question's exact count afterwards.
   */
  setVote(meetingId: string, questionId: string, participantId: string, up: boolean): Promise<number>;
  /** Every question's vote count (questions without votes are left out). */
  voteCounts(meetingId: string): Promise<VoteCounts>;
  /** The questions one participant has voted for. */
  votesBy(meetingId: string, participantId: string): Promise<string[]>;
  /** Stores `value` under `key` unless a value is there; returns the value that is there afterwards. */
  settingOrInit(key: string, value: string): Promise<string>;
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
