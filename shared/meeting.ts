import { stopClock } from './agenda.js';
import type { CommandPayload } from './commands.js';
import type { DecideContext } from './decide-context.js';
import { DomainError, ErrorCode } from './errors.js';
import type { DomainEvent } from './events.js';
import { stopSpeakerClock } from './floor.js';
import type { MeetingState } from './model.js';

/** The longest countdown a projected message may carry. */
export const MAX_ANNOUNCEMENT_MS = 24 * 60 * 60_000;

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
  const events: DomainEvent[] = [];
  const current = state.agenda.currentItemId;
  if (current !== null) events.push({ type: 'agenda.itemCompleted', itemId: current });
  const speaker = state.floor.current;
  if (speaker) events.push({ type: 'floor.turnEnded', entryId: speaker.entry.id });
  events.push({ type: 'meeting.ended' });
  return events;
}

export function decideMeetingAnnounce(
  state: MeetingState,
  p: CommandPayload<'meeting.announce'>,
  ctx: DecideContext,
): DomainEvent[] {
  if (p.text === null) return state.announcement ? [{ type: 'meeting.announcementCleared' }] : [];
  if (p.endsAt !== null && (p.endsAt <= ctx.now || p.endsAt - ctx.now > MAX_ANNOUNCEMENT_MS)) {
    throw new DomainError(ErrorCode.invalidState, 'a countdown must end in the next 24 hours');
  }
  return [{ type: 'meeting.announced', text: p.text, endsAt: p.endsAt }];
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

/** A meeting pause stops the speaker's countdown too, and remembers to restart it on resume. */
function holdSpeaker(state: MeetingState, at: number): MeetingState {
  const speaker = state.floor.current;
  if (!speaker || speaker.runningSince === null) return state;
  return { ...state, floor: { ...state.floor, current: { ...stopSpeakerClock(speaker, at), heldByMeetingPause: true } } };
}

function releaseSpeaker(state: MeetingState, at: number): MeetingState {
  const speaker = state.floor.current;
  if (!speaker?.heldByMeetingPause) return state;
  return { ...state, floor: { ...state.floor, current: { ...speaker, runningSince: at, heldByMeetingPause: false } } };
}

type MeetingEvent = Exclude<
  Extract<DomainEvent, { type: `meeting.${string}` }>,
  { type: 'meeting.undoOffered' | 'meeting.undone' }
>;

export function evolveMeeting(state: MeetingState, event: MeetingEvent, at: number): MeetingState {
  switch (event.type) {
    case 'meeting.started':
      return { ...state, status: 'live', startedAt: state.startedAt ?? at };
    case 'meeting.paused':
      return {
        ...holdSpeaker(
          mapCurrentItem(state, (item) => stopClock(item, at)),
          at,
        ),
        pausedAt: at,
      };
    case 'meeting.resumed':
      return {
        ...releaseSpeaker(
          mapCurrentItem(state, (item) => ({ ...item, runningSince: at })),
          at,
        ),
        pausedAt: null,
      };
    case 'meeting.ended':
      return { ...state, status: 'ended', endedAt: at, pausedAt: null };
    case 'meeting.announced':
      return { ...state, announcement: { text: event.text, endsAt: event.endsAt, at } };
    case 'meeting.announcementCleared':
      return { ...state, announcement: null };
  }
}
