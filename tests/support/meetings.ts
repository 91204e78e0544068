import type { z } from 'zod';
import { newMeetingState } from '../../server/meetings/create.js';
import type { Command } from '../../shared/commands.js';
import { DomainError } from '../../shared/errors.js';
import type { CreateMeetingInput, MeetingState } from '../../shared/model.js';
import { applyEvents, decide } from '../../shared/reducer.js';

export const sampleInput: z.output<typeof CreateMeetingInput> = {
  title: 'Open consultation: final briefing',
  venue: { name: 'ITU headquarters', room: 'Room A', city: 'Geneva' },
  timeZone: 'Europe/Zurich',
  startsAt: '2020-02-28T14:00:00+01:00',
  endsAt: '2020-02-28T15:30:00+01:00',
  languages: ['en', 'ar'],
  agenda: [
    { title: 'Opening', minutes: 5, presenters: ['Secretariat'], notes: '' },
    { title: 'Report', minutes: 15, presenters: [], notes: '' },
    { title: 'Discussion', minutes: 30, presenters: [], notes: '' },
  ],
};

/** The HTTP body of a valid meeting, for integration tests. */
export const sampleBody = {
  title: sampleInput.title,
  venue: sampleInput.venue,
  timeZone: sampleInput.timeZone,
  startsAt: sampleInput.startsAt,
  endsAt: sampleInput.endsAt,
  agenda: sampleInput.agenda.map(({ title, minutes, presenters }) => ({ title, minutes, presenters })),
};

export function idSequence(prefix = 'id'): () => string {
  let n = 0;
  return () => `${prefix}${++n}`;
}

export function sampleMeeting(input = sampleInput): MeetingState {
  return newMeetingState('m1', input, idSequence('item'));
}

/** Runs one command through the pure reducer, as the server does. */
export function run(state: MeetingState, command: Command, now = 1_000_000, newId = idSequence('new')): MeetingState {
  return applyEvents(state, decide(state, command, { now, newId, role: 'moderator', participant: null }), now);
}

export function refusal(state: MeetingState, command: Command): DomainError {
  try {
    decide(state, command, { now: 0, newId: idSequence(), role: 'moderator', participant: null });
  } catch (error) {
    if (error instanceof DomainError) return error;
    throw error;
  }
  throw new Error(`expected ${command.type} to be refused`);
}
