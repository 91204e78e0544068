import { create } from 'zustand';
import type { Issue } from '../../../shared/errors.js';
import type { ModeratorIdentity, Participant, PresenceCounts, Role, VoteCounts } from '../../../shared/model.js';
import { emptyLocalMeeting, type LocalMeeting } from './sync.js';

export type ConnectionStatus = 'connecting' | 'live' | 'reconnecting' | 'offline' | 'refused';

export interface PlenaryState {
  connection: ConnectionStatus;
  /** Why the server refused the connection (bad link, unknown meeting). */
  refusal: { code: string; message: string; reason?: string | undefined } | null;
  /** Browser time of the last message from the server; shown when the connection is not live. */
  lastHeardAt: number | null;
  role: Role | null;
  self: Participant | null;
  /** For a moderator connection: the chair or which co-moderator link (label, role). */
  moderator: ModeratorIdentity | null;
  local: LocalMeeting;
  presence: PresenceCounts;
  /** Vote counts of the questions this client sees. */
  votes: VoteCounts;
  /** The vote sequence of each count from a `votes` message, and the welcome's (see state/votes.ts). */
  voteSequences: Record<string, number>;
  votesBase: number;
  /** Questions this participant has voted for. */
  myVotes: readonly string[];
  /** Server clock minus browser clock, in ms. */
  clockOffsetMs: number;
  /** The last command error to show, with a serial so the same error twice is shown twice. */
  notice: { serial: number; code: string; message: string; issues?: Issue[] } | null;
}

/** The one store of the client. Socket listeners in connection.ts are its only writers. */
export const usePlenary = create<PlenaryState>(() => ({
  connection: 'connecting',
  refusal: null,
  lastHeardAt: null,
  role: null,
  self: null,
  moderator: null,
  local: emptyLocalMeeting,
  presence: { inRoom: 0, remote: 0, attendees: 0, moderators: 0, offline: {} },
  votes: {},
  voteSequences: {},
  votesBase: 0,
  myVotes: [],
  clockOffsetMs: 0,
  notice: null,
}));

export const useMeeting = () => usePlenary((state) => state.local.snapshot?.meeting ?? null);
