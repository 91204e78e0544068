import type { Attendance, PresenceCounts, Role } from '../shared/model.js';

interface ParticipantPresence {
  attendance: Attendance;
  connections: number;
  /** Server time the last connection closed; null while connected. */
  disconnectedAt: number | null;
}

interface MeetingPresence {
  /** Connections per participant: a participant with two tabs counts once. */
  participants: Map<string, ParticipantPresence>;
  attendees: number;
  moderators: number;
  timer: NodeJS.Timeout | null;
  lastSentAt: number;
}

export interface PresenceMember {
  role: Role;
  participantId?: string | undefined;
  attendance?: Attendance | undefined;
}

/** The delay before the first broadcast of a burst, so joins in one tick travel as one message. */
const FIRST_BROADCAST_DELAY_MS = 50;
/** Disconnected participants remembered per meeting, so that the list can show since when. */
const MAX_REMEMBERED_OFFLINE = 5000;

/**
 * Live presence per meeting. Broadcasts are coalesced to at most one per
 * `intervalMs` per meeting: a room filling up with N people costs about
 * N/interval messages per client instead of N. Participants whose
 * connection dropped are remembered with the time it did, and reported for
 * those on the speakers list (`onFloor`), who keep their place meanwhile.
 */
export class Presence {
  private readonly meetings = new Map<string, MeetingPresence>();

  constructor(
    private readonly publish: (meetingId: string, counts: PresenceCounts) => void,
    private readonly onFloor: (meetingId: string) => ReadonlySet<string>,
    private readonly intervalMs = 1000,
  ) {}

  join(meetingId: string, member: PresenceMember): void {
    const meeting = this.meeting(meetingId);
    if (member.role === 'participant' && member.participantId && member.attendance) {
      const entry = meeting.participants.get(member.participantId);
      if (entry) {
        entry.connections++;
        entry.disconnectedAt = null;
      } else
        meeting.participants.set(member.participantId, { attendance: member.attendance, connections: 1, disconnectedAt: null });
    } else if (member.role === 'attendee') meeting.attendees++;
    else if (member.role === 'moderator') meeting.moderators++;
    this.schedule(meetingId, meeting);
  }

  leave(meetingId: string, member: PresenceMember): void {
    const meeting = this.meetings.get(meetingId);
    if (!meeting) return;
    if (member.role === 'participant' && member.participantId) {
      const entry = meeting.participants.get(member.participantId);
      if (entry && --entry.connections <= 0) {
        entry.connections = 0;
        entry.disconnectedAt = Date.now();
        this.forgetOldest(meeting);
      }
    } else if (member.role === 'attendee') meeting.attendees = Math.max(0, meeting.attendees - 1);
    else if (member.role === 'moderator') meeting.moderators = Math.max(0, meeting.moderators - 1);
    this.schedule(meetingId, meeting);
  }

  counts(meetingId: string): PresenceCounts {
    const meeting = this.meetings.get(meetingId);
    const counts: PresenceCounts = { inRoom: 0, remote: 0, attendees: 0, moderators: 0, offline: {} };
    if (!meeting) return counts;
    const onFloor = this.onFloor(meetingId);
    for (const [participantId, { attendance, disconnectedAt }] of meeting.participants) {
      if (disconnectedAt !== null) {
        if (onFloor.has(participantId)) counts.offline[participantId] = disconnectedAt;
      } else if (attendance === 'in_room') counts.inRoom++;
      else counts.remote++;
    }
    counts.attendees = meeting.attendees;
    counts.moderators = meeting.moderators;
    return counts;
  }

  stop(): void {
    for (const meeting of this.meetings.values()) if (meeting.timer) clearTimeout(meeting.timer);
    this.meetings.clear();
  }

  private meeting(meetingId: string): MeetingPresence {
    let meeting = this.meetings.get(meetingId);
    if (!meeting) {
      meeting = { participants: new Map(), attendees: 0, moderators: 0, timer: null, lastSentAt: 0 };
      this.meetings.set(meetingId, meeting);
    }
    return meeting;
  }

  private forgetOldest(meeting: MeetingPresence): void {
    if (meeting.participants.size <= MAX_REMEMBERED_OFFLINE) return;
    for (const [participantId, entry] of meeting.participants) {
      if (entry.disconnectedAt !== null) {
        meeting.participants.delete(participantId);
        return;
      }
    }
  }

  private schedule(meetingId: string, meeting: MeetingPresence): void {
    if (meeting.timer) return;
    const delay = Math.max(FIRST_BROADCAST_DELAY_MS, meeting.lastSentAt + this.intervalMs - Date.now());
    meeting.timer = setTimeout(() => {
      meeting.timer = null;
      meeting.lastSentAt = Date.now();
      this.publish(meetingId, this.counts(meetingId));
    }, delay);
    meeting.timer.unref();
  }
}
