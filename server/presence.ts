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

/** One instance's view of a meeting's presence, which `merge` combines across instances. */
export interface LocalPresence extends PresenceCounts {
  /** Participants on the speakers list connected to this instance. */
  onlineOnFloor: string[];
}

/** Combines this instance's presence with the other instances' (identity on a single instance). */
export type PresenceMerge = (meetingId: string, local: LocalPresence) => Promise<PresenceCounts>;

export const singleInstance: PresenceMerge = async (_meetingId, { onlineOnFloor: _, ...counts }) => counts;

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

  private readonly lastPublished = new Map<string, PresenceCounts>();
  private readonly heartbeat: NodeJS.Timeout;

  constructor(
    private readonly publish: (meetingId: string, counts: PresenceCounts) => void,
    private readonly onFloor: (meetingId: string) => ReadonlySet<string>,
    private readonly merge: PresenceMerge = singleInstance,
    private readonly intervalMs = 1000,
    heartbeatMs = 10_000,
  ) {
    // Other instances forget an instance that stops reporting: report now and then even when nothing changes.
    this.heartbeat = setInterval(() => {
      for (const [meetingId, meeting] of this.meetings) this.schedule(meetingId, meeting);
    }, heartbeatMs);
    this.heartbeat.unref();
  }

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

  /** The counts last broadcast for the meeting (all instances), else this instance's own. */
  counts(meetingId: string): PresenceCounts {
    const published = this.lastPublished.get(meetingId);
    if (published) return published;
    const { onlineOnFloor: _, ...counts } = this.local(meetingId);
    return counts;
  }

  private local(meetingId: string): LocalPresence {
    const meeting = this.meetings.get(meetingId);
    const counts: LocalPresence = { inRoom: 0, remote: 0, attendees: 0, moderators: 0, offline: {}, onlineOnFloor: [] };
    if (!meeting) return counts;
    const onFloor = this.onFloor(meetingId);
    for (const [participantId, { attendance, disconnectedAt }] of meeting.participants) {
      if (disconnectedAt !== null) {
        if (onFloor.has(participantId)) counts.offline[participantId] = disconnectedAt;
        continue;
      }
      if (onFloor.has(participantId)) counts.onlineOnFloor.push(participantId);
      if (attendance === 'in_room') counts.inRoom++;
      else counts.remote++;
    }
    counts.attendees = meeting.attendees;
    counts.moderators = meeting.moderators;
    return counts;
  }

  stop(): void {
    clearInterval(this.heartbeat);
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
      this.merge(meetingId, this.local(meetingId))
        .then((counts) => {
          this.lastPublished.set(meetingId, counts);
          this.publish(meetingId, counts);
        })
        .catch(() => {
          // Redis away: the next change or heartbeat reports again.
        });
      const idle = meeting.participants.size === 0 && meeting.attendees === 0 && meeting.moderators === 0;
      if (idle) this.meetings.delete(meetingId);
    }, delay);
    meeting.timer.unref();
  }
}
