import { z } from 'zod';
import type { CommandEnvelope } from './commands.js';
import { PROTOCOL_VERSION } from './constants.js';
import type { ErrorBody } from './errors.js';
import type { Change } from './events.js';
import type { ModeratorIdentity, Participant, PresenceCounts, Role, Snapshot, VoteCounts } from './model.js';

/**
 * The protocol version a handshake declares. Read before the rest of `auth`
 * is checked, so a client of another version is told `incompatible` even when
 * its other fields differ. A handshake without one is version 1: clients made
 * before versions existed (and simple scripts) spoke version 1.
 */
export function declaredProtocolVersion(auth: unknown): unknown {
  if (typeof auth !== 'object' || auth === null || !('protocolVersion' in auth)) return 1;
  return auth.protocolVersion;
}

/**
 * The Socket.IO handshake's `auth` object. The role follows from what it
 * carries: a moderator key, a participant token, `display: true`, or nothing
 * (an attendee). Secrets travel here, never in the URL.
 */
export const HandshakeAuth = z.strictObject({
  protocolVersion: z.literal(PROTOCOL_VERSION).optional(),
  meetingId: z.string().min(1).max(64),
  moderatorKey: z.string().min(1).max(200).optional(),
  token: z.string().min(1).max(2000).optional(),
  display: z.boolean().optional(),
});
export type HandshakeAuth = z.infer<typeof HandshakeAuth>;

export type CommandAck =
  | {
      ok: true;
      version: number;
      duplicate?: true;
      /** For `question.vote`: the question's exact count afterwards. */
      votes?: number;
    }
  | { ok: false; error: ErrorBody };

/**
 * A resync: the changes after `sinceVersion`, or with `snapshot: true` always
 * a fresh snapshot (a client that could not apply a change asks for one).
 */
export interface SyncRequest {
  sinceVersion: number;
  snapshot?: boolean;
}

export type SyncAck =
  | { ok: true; kind: 'changes'; changes: Change[] }
  | { ok: true; kind: 'snapshot'; snapshot: Snapshot }
  | { ok: false; error: ErrorBody };

/**
 * Vote counts read at one moment. `sequence` goes up with every read of the
 * meeting's counts, across instances: a client keeps, per question, the
 * sequence of the count it shows, and ignores a count with a sequence not
 * above it (messages from two instances can arrive in either order).
 */
export interface VotesMessage {
  sequence: number;
  counts: VoteCounts;
}

/**
 * Presence, with the meeting's version as the reporting instance knows it
 * (absent when it holds no state of the meeting). A client still behind it a
 * moment later missed a change on the way, and asks for it.
 */
export interface PresenceMessage extends PresenceCounts {
  version?: number;
}

/** Sent once per connection, after the socket has joined its meeting's room. */
export interface Welcome {
  role: Role;
  /** The participant this connection speaks for, when the role is participant. */
  self: Participant | null;
  /** Which moderator this connection is (chair or a co-moderator link), when the role is moderator. */
  moderator?: ModeratorIdentity | null;
  snapshot: Snapshot;
  presence: PresenceCounts;
  /** Vote counts of the questions this connection may see. */
  votes: VoteCounts;
  /** Every count in `votes` is at least as new as this vote sequence (see `VotesMessage`). */
  votesSequence: number;
  /** The questions this participant has voted for (empty for other roles). */
  myVotes: string[];
  serverTime: number;
}

export interface ServerToClientEvents {
  welcome: (welcome: Welcome) => void;
  /** One committed change; apply when `version` is the next one, resync on a gap. */
  change: (change: Change) => void;
  /** Coalesced: at most about once a second per meeting, and every 10 s at least. */
  presence: (message: PresenceMessage) => void;
  /** Exact vote counts of the questions that changed: at most four messages a second per meeting, all instances together. */
  votes: (message: VotesMessage) => void;
  /**
   * The meeting was deleted (by its moderator, or by retention): the server
   * disconnects right after, and connecting again is refused with `not_found`.
   */
  meetingDeleted: (notice: { meetingId: string }) => void;
}

export interface ClientToServerEvents {
  command: (envelope: CommandEnvelope, ack: (result: CommandAck) => void) => void;
  /** Changes after `sinceVersion`, or a fresh snapshot when the log no longer holds them or one is asked for. */
  sync: (request: SyncRequest, ack: (result: SyncAck) => void) => void;
  /** The server's clock, for the client's offset estimate. */
  clock: (ack: (serverTime: number) => void) => void;
}

/** Error codes of a refused handshake, in `connect_error`'s `data`. */
export interface HandshakeErrorData {
  code: 'not_found' | 'unauthorized' | 'invalid' | 'unavailable' | 'forbidden_origin' | 'incompatible';
  message: string;
  /** With `unauthorized`: the participant token was genuine but has expired (join again). */
  reason?: 'expired';
}

// Plain constants live in constants.ts, so the browser bundle gets them without zod.
export { COMMAND_ID_WINDOW_MS, PROTOCOL_VERSION } from './constants.js';
