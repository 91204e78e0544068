import type { Command } from '../../shared/commands.js';
import type { DecideContext } from '../../shared/decide-context.js';
import { DomainError } from '../../shared/errors.js';
import type { Attendance, MeetingState, Participant, StakeholderGroup } from '../../shared/model.js';
import { applyEvents, decide } from '../../shared/reducer.js';
import { idSequence } from './meetings.js';

export function person(name: string, attendance: Attendance, stakeholderGroup: StakeholderGroup = 'government'): Participant {
  return { id: `p-${name.toLowerCase()}`, name, affiliation: `${name}'s org`, stakeholderGroup, attendance };
}

export type Actor = Participant | 'chair';

const ids = idSequence('e');

function context(actor: Actor, now: number): DecideContext {
  return actor === 'chair'
    ? { now, newId: ids, role: 'moderator', participant: null }
    : { now, newId: ids, role: 'participant', participant: actor };
}

/** Runs a command as `actor` through the pure reducer. */
export function act(state: MeetingState, actor: Actor, command: Command, now = 1_000): MeetingState {
  return applyEvents(state, decide(state, command, context(actor, now)), now);
}

export function refused(state: MeetingState, actor: Actor, command: Command): DomainError {
  try {
    decide(state, command, context(actor, 0));
  } catch (error) {
    if (error instanceof DomainError) return error;
    throw error;
  }
  throw new Error(`expected ${command.type} to be refused`);
}

export const queueNames = (state: MeetingState) => state.floor.queue.map((entry) => entry.name);
export const entryOf = (state: MeetingState, name: string) => {
  const entry = state.floor.queue.find((candidate) => candidate.name === name);
  if (!entry) throw new Error(`${name} is not waiting`);
  return entry;
};
