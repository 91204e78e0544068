import { currentItem, nextPendingItem, projectSchedule } from '../../../shared/agenda.js';
import type { AgendaItem, MeetingState } from '../../../shared/model.js';

/** A meeting started more than this far from its booked start (a demo, a rescheduled session) is planned from its real start. */
const SAME_SESSION_MS = 12 * 60 * 60_000;

export type ScheduleStatus =
  | { kind: 'countdown'; msToStart: number }
  | { kind: 'delayed'; minutes: number }
  /** `itemMinutes`: the current item's start against its planned start (negative: early). `endLateMinutes`: past the planned end, never below 0. */
  | { kind: 'running'; itemMinutes: number; endLateMinutes: number };

/** When the plan put `item`: the booked start plus the planned minutes of every item before it. */
function plannedStart(meeting: MeetingState, item: AgendaItem, baseline: number): number {
  let cursor = baseline;
  for (const candidate of meeting.agenda.items) {
    if (candidate.id === item.id) return cursor;
    cursor += candidate.plannedMinutes * 60_000;
  }
  return cursor;
}

/**
 * How the meeting runs against its plan: before the start, the time to it; then how late or early
 * the current item began against its planned start, and how far past the planned end the meeting
 * is expected to finish. An agenda shorter than the booked slot is not "ahead": ending early is on time.
 * Null when there is nothing to say: the meeting has ended, or it has not started a day after its booked start.
 */
export function scheduleStatus(meeting: MeetingState, now: number): ScheduleStatus | null {
  if (meeting.status === 'ended') return null;
  if (meeting.status === 'scheduled') {
    if (now < meeting.scheduledStart) return { kind: 'countdown', msToStart: meeting.scheduledStart - now };
    // Not started, booked more than SAME_SESSION_MS ago (a demo, a meeting moved to another day): not "late".
    if (now - meeting.scheduledStart > SAME_SESSION_MS) return null;
    return { kind: 'delayed', minutes: Math.floor((now - meeting.scheduledStart) / 60_000) };
  }
  const { startedAt, scheduledStart } = meeting;
  const baseline = startedAt !== null && Math.abs(startedAt - scheduledStart) > SAME_SESSION_MS ? startedAt : scheduledStart;
  const plannedEnd = baseline + (meeting.scheduledEnd - meeting.scheduledStart);
  const { starts, end } = projectSchedule(meeting, now);
  const running = currentItem(meeting);
  const next = running ? undefined : nextPendingItem(meeting);
  let itemMinutes = 0;
  if (running?.startedAt != null)
    itemMinutes = Math.round((running.startedAt - plannedStart(meeting, running, baseline)) / 60_000);
  else if (next) itemMinutes = Math.round(((starts.get(next.id) ?? now) - plannedStart(meeting, next, baseline)) / 60_000);
  return { kind: 'running', itemMinutes, endLateMinutes: Math.max(0, Math.round((end - plannedEnd) / 60_000)) };
}
