import { stopClock } from './agenda.js';
import { DomainError, ErrorCode } from './errors.js';
import type { DomainEvent } from './events.js';
import type { MeetingState } from './model.js';

// The meeting's lifecycle: scheduled → live → ended, and pause/resume while live.

export function decideMeetingPause(state: MeetingState): DomainEvent[] {
  if (state.status !== 'live') throw new DomainError(ErrorCode.invalidState, 'only a live meeting can be paused');
  return state.pausedAt === null ? [{ type: 'meeting.paused' }] : [];
}

export function decideMeetingResume(state: MeetingState): DomainEvent[] {
  if (state.status !== 'live') throw new DomainError(ErrorCode.invalidState, 'only a live meeting can be resumed');
  return state.pausedAt === null ? [] : [{ type: 'meeting.resumed' }];
}

export function decideMeetingEnd(state: MeetingState): DomainEvent[] {
  if (state.status === 'ended') throw new DomainError(ErrorCode.invalidState, 'the meeting has already ended');
  const current = state.agenda.currentItemId;
  return [...(current === null ? [] : [{ type: 'agenda.itemCompleted', itemId: current } as const]), { type: 'meeting.ended' }];
}

function mapCurrentItem(
  state: MeetingState,
  update: Parameters<typeof stopClock>[0] extends infer I ? (item: I) => I : never,
): MeetingState {
  const current = state.agenda.currentItemId;
  if (current === null) return state;
  return {
    ...state,
    agenda: { ...state.agenda, items: state.agenda.items.map((item) => (item.id === current ? update(item) : item)) },
  };
}

type MeetingEvent = Extract<DomainEvent, { type: `meeting.${string}` }>;

export function evolveMeeting(state: MeetingState, event: MeetingEvent, at: number): MeetingState {
  switch (event.type) {
    case 'meeting.started':
      return { ...state, status: 'live', startedAt: state.startedAt ?? at };
    case 'meeting.paused':
      return { ...mapCurrentItem(state, (item) => stopClock(item, at)), pausedAt: at };
    case 'meeting.resumed':
      return { ...mapCurrentItem(state, (item) => ({ ...item, runningSince: at })), pausedAt: null };
    case 'meeting.ended':
      return { ...state, status: 'ended', endedAt: at, pausedAt: null };
  }
}
