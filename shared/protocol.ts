import { z } from 'zod';
import type { CommandEnvelope } from './commands.js';
import type { ErrorBody } from './errors.js';
import type { Change } from './events.js';
import type { ModeratorIdentity, Participant, PresenceCounts, Role, Snapshot, VoteCounts } from './model.js';

/**
 * The Socket.IO handshake's `auth` object. The role follows from what it
 * carries: a moderator key, a participant token, `display: true`, or nothing
 * (an attendee). Secrets travel here, never in the URL.
 */
export const HandshakeAuth = z.strictObject({
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

export type SyncAck =
  | { ok: true; kind: 'changes'; changes: Change[] }
  | { ok: true; kind: 'snapshot'; snapshot: Snapshot }
  | { ok: false; error: ErrorBody };

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
  /** The questions this participant has voted for (empty for other roles). */
  myVotes: string[];
  serverTime: number;
}

export interface ServerToClientEvents {
  welcome: (welcome: Welcome) => void;
  /** One committed change; apply when `version` is the next one, resync on a gap. */
  change: (change: Change) => void;
  /** Coalesced: at most about once a second per meeting. */
  presence: (counts: PresenceCounts) => void;
  /** Exact vote counts of the questions that changed, coalesced to a few messages a second per meeting. */
  votes: (counts: VoteCounts) => void;
}

export interface ClientToServerEvents {
  command: (envelope: CommandEnvelope, ack: (result: CommandAck) => void) => void;
  /** Changes after `sinceVersion`, or a fresh snapshot when the log no longer holds them. */
  sync: (request: { sinceVersion: number }, ack: (result: SyncAck) => void) => void;
  /** The server's clock, for the client's offset estimate. */
  clock: (ack: (serverTime: number) => void) => void;
}

/** Error codes of a refused handshake, in `connect_error`'s `data`. */
export interface HandshakeErrorData {
  code: 'not_found' | 'unauthorized' | 'invalid' | 'unavailable';
  message: string;
}
