import type { Server, Socket } from 'socket.io';
import type { ModeratorIdentity, Participant, Role } from '../../shared/model.js';
import type { ClientToServerEvents, ServerToClientEvents } from '../../shared/protocol.js';

export interface SocketData {
  meetingId: string;
  role: Role;
  participant: Participant | null;
  /**
   * Who sends this socket's commands, the same on every socket and instance:
   * `p:<participant id>`, `m:<moderator link>` (a prefix of its key's hash),
   * or `a:<client address>` for attendees and displays. Command ids are
   * deduplicated, and commands rate-limited, per sender.
   */
  sender: string;
  /** For a moderator: the chair, or the co-moderator link it connected with. */
  moderator: ModeratorIdentity | null;
}

export type PlenaryIo = Server<ClientToServerEvents, ServerToClientEvents, Record<string, never>, SocketData>;
export type PlenarySocket = Socket<ClientToServerEvents, ServerToClientEvents, Record<string, never>, SocketData>;
