import type { ModeratorIdentity, Participant, Role } from './model.js';

/** What a reducer may know besides the state and the command. */
export interface DecideContext {
  /** Server time (ms) of the decision. */
  now: number;
  /** A fresh id for an entity the command creates. */
  newId: () => string;
  role: Role;
  /** The participant sending the command, when the sender is one. */
  participant: Participant | null;
  /** The moderator sending the command, when the sender is one (absent: the chair). */
  moderator?: ModeratorIdentity | null;
}
