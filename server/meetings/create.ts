import type { z } from 'zod';
import { initialFloor } from '../../shared/floor.js';
import type { AgendaItem, CreateMeetingInput, MeetingState } from '../../shared/model.js';
import { initialQuestions } from '../../shared/questions.js';

type ParsedCreateMeeting = z.output<typeof CreateMeetingInput>;

/** The state of a meeting that has just been created (version 0). */
export function newMeetingState(id: string, input: ParsedCreateMeeting, newId: () => string): MeetingState {
  const items: AgendaItem[] = input.agenda.map((item) => ({
    id: newId(),
    title: item.title,
    notes: item.notes,
    presenters: item.presenters,
    plannedMinutes: item.minutes,
    status: 'pending',
    startedAt: null,
    endedAt: null,
    accumulatedMs: 0,
    runningSince: null,
  }));
  return {
    id,
    title: input.title,
    venue: input.venue,
    timeZone: input.timeZone,
    scheduledStart: Date.parse(input.startsAt),
    scheduledEnd: Date.parse(input.endsAt),
    remoteUrl: input.remoteUrl ?? null,
    languages: input.languages,
    status: 'scheduled',
    startedAt: null,
    endedAt: null,
    pausedAt: null,
    agenda: { items, currentItemId: null },
    floor: initialFloor(),
    questions: initialQuestions(),
    announcement: null,
    undo: [],
  };
}
