import type { Attendance, PresenceCounts, Role } from '../../shared/model.js';
import type { LocalPresence, PresenceLedger } from './ledger.js';
import { LocalPresenceLedger } from './ledger-local.js';

interface ParticipantPresence {
  attendance: Attendance;
  connections: number;
  /** Server time the last connection closed; null while connected. */
  disconnectedAt: number | null;
}

interface MeetingPresence {
  /** Every connection to the meeting on this instance, whatever its role: the meeting is held while one is open. */
  connections: number;
  /** Connections per participant: a participant with two tabs counts once. */
  participants: Map<string, ParticipantPresence>;
  attendees: number;
  moderators: number;
  /** The next coalesced broadcast. */
  timer: NodeJS.Timeout | null;
  /** Armed once the last connection has closed and its broadcast has left; releases the meeting when it fires. */
  idleTimer: NodeJS.Timeout | null;
  lastSentAt: number;
}

export interface PresenceMember {
  role: Role;
  participantId?: string | undefined;
  attendance?: Attendance | undefined;
}

export interface PresenceOptions {
  publish: (meetingId: string, counts: PresenceCounts) => void;
  onFloor: (meetingId: string) => ReadonlySet<string>;
  /**
   * Runs before each report of this instance's view, so that `onFloor` reads a
   * current floor (the meeting service brings its cached state forward: the
   * floor may have changed on another instance).
   */
  beforeReport?: (meetingId: string) => Promise<void>;
  /** How presence is combined across instances (default: this instance alone). */
  ledger?: PresenceLedger;
  /** Shortest time between two broadcasts of one meeting (default 1 s). */
  intervalMs?: number;
  /** How often an instance reports meetings it holds even when nothing changed (default 10 s). */
  heartbeatMs?: number;
  /** How long a meeting nobody is connected to stays in memory (default 5 min). */
  idleGraceMs?: number;
  /** The first connection of a meeting not held in memory arrived. */
  onHeld?: (meetingId: string) => void;
  /** The meeting has had no connection for `idleGraceMs`: everything held for it may go. */
  onReleased?: (meetingId: string) => void;
  onError?: (error: unknown) => void;
}

/** What presence holds in memory, for tests and benchmarks. */
export interface PresenceStats {
  meetings: number;
  published: number;
  timers: number;
}

/** The delay before the first broadcast of a burst, so joins in one tick travel as one message. */
const FIRST_BROADCAST_DELAY_MS = 50;
/** Disconnected participants remembered per meeting, so that the list can show since when. */
const MAX_REMEMBERED_OFFLINE = 5000;

/**
 * Live presence per meeting, and the owner of which meetings this instance
 * holds in memory. Broadcasts are coalesced to at most one per `intervalMs`
 * per meeting: a room filling up with N people costs about N/interval
 * messages per client instead of N. Participants whose connection dropped
 * are remembered with the time it did, and reported for those on the
 * speakers list (`offline`), who keep their place meanwhile; that memory
 * lasts as long as the meeting is held. A meeting is held while a connection
 * is open and `idleGraceMs` after the last one closed; then it is forgotten
 * and `onReleased` lets the other holders forget it too.
 */
export class Presence {
  private readonly meetings = new Map<string, MeetingPresence>();
  private readonly lastPublished = new Map<string, PresenceCounts>();
  /** Runs only while some meeting has a connection. */
  private heartbeat: NodeJS.Timeout | null = null;
  private readonly ledger: PresenceLedger;
  private readonly intervalMs: number;
  private readonly heartbeatMs: number;
  private readonly idleGraceMs: number;

  constructor(private readonly options: PresenceOptions) {
    this.ledger = options.ledger ?? new LocalPresenceLedger();
    this.intervalMs = options.intervalMs ?? 1000;
    this.heartbeatMs = options.heartbeatMs ?? 10_000;
    this.idleGraceMs = options.idleGraceMs ?? 300_000;
  }

  join(meetingId: string, member: PresenceMember): void {
    const meeting = this.meeting(meetingId);
    meeting.connections++;
    if (meeting.idleTimer) {
      clearTimeout(meeting.idleTimer);
      meeting.idleTimer = null;
    }
    if (member.role === 'participant' && member.participantId && member.attendance) {
      const entry = meeting.participants.get(member.participantId);
      if (entry) {
        entry.connections++;
        entry.disconnectedAt = null;
      } else
        meeting.participants.set(member.participantId, { attendance: member.attendance, connections: 1, disconnectedAt: null });
    } else if (member.role === 'attendee') meeting.attendees++;
    else if (member.role === 'moderator') meeting.moderators++;
    this.startHeartbeat();
    this.schedule(meetingId, meeting);
  }

  leave(meetingId: string, member: PresenceMember): void {
    const meeting = this.meetings.get(meetingId);
    if (!meeting) return;
    meeting.connections = Math.max(0, meeting.connections - 1);
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

  /** Drops the meeting at once, without a last broadcast (it was deleted). */
  forget(meetingId: string): void {
    const meeting = this.meetings.get(meetingId);
    if (meeting) this.clearTimers(meeting);
    this.meetings.delete(meetingId);
    this.lastPublished.delete(meetingId);
    this.stopHeartbeatWhenIdle();
  }

  stats(): PresenceStats {
    let timers = this.heartbeat ? 1 : 0;
    for (const meeting of this.meetings.values()) timers += (meeting.timer ? 1 : 0) + (meeting.idleTimer ? 1 : 0);
    return { meetings: this.meetings.size, published: this.lastPublished.size, timers };
  }

  stop(): void {
    if (this.heartbeat) clearInterval(this.heartbeat);
    this.heartbeat = null;
    for (const meeting of this.meetings.values()) this.clearTimers(meeting);
    this.meetings.clear();
    this.lastPublished.clear();
  }

  private local(meetingId: string): LocalPresence {
    const meeting = this.meetings.get(meetingId);
    const counts: LocalPresence = { inRoom: 0, remote: 0, attendees: 0, moderators: 0, offline: {}, onlineOnFloor: [] };
    if (!meeting) return counts;
    const onFloor = this.options.onFloor(meetingId);
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

  private meeting(meetingId: string): MeetingPresence {
    let meeting = this.meetings.get(meetingId);
    if (!meeting) {
      meeting = {
        connections: 0,
        participants: new Map(),
        attendees: 0,
        moderators: 0,
        timer: null,
        idleTimer: null,
        lastSentAt: 0,
      };
      this.meetings.set(meetingId, meeting);
      this.options.onHeld?.(meetingId);
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
      const sent = (this.options.beforeReport?.(meetingId) ?? Promise.resolve())
        .catch(() => undefined)
        .then(() => this.ledger.merge(meetingId, this.local(meetingId)))
        .then((counts) => {
          // Released meanwhile: nobody here to tell, and nothing may be kept for it.
          if (this.meetings.get(meetingId) !== meeting) return;
          this.lastPublished.set(meetingId, counts);
          this.options.publish(meetingId, counts);
        })
        .catch(() => {
          // Redis away: the next change or heartbeat reports again.
        });
      // The grace starts once the broadcast saying the last one left has gone out.
      void sent.then(() => this.armIdle(meetingId, meeting));
    }, delay);
    meeting.timer.unref();
  }

  private armIdle(meetingId: string, meeting: MeetingPresence): void {
    if (meeting.connections > 0 || meeting.timer || meeting.idleTimer || this.meetings.get(meetingId) !== meeting) return;
    meeting.idleTimer = setTimeout(() => {
      meeting.idleTimer = null;
      this.release(meetingId, meeting);
    }, this.idleGraceMs);
    meeting.idleTimer.unref();
  }

  private release(meetingId: string, meeting: MeetingPresence): void {
    if (meeting.connections > 0 || this.meetings.get(meetingId) !== meeting) return;
    this.clearTimers(meeting);
    this.meetings.delete(meetingId);
    this.lastPublished.delete(meetingId);
    this.stopHeartbeatWhenIdle();
    this.ledger.forget(meetingId).catch((error: unknown) => this.options.onError?.(error));
    this.options.onReleased?.(meetingId);
  }

  private clearTimers(meeting: MeetingPresence): void {
    if (meeting.timer) clearTimeout(meeting.timer);
    if (meeting.idleTimer) clearTimeout(meeting.idleTimer);
    meeting.timer = null;
    meeting.idleTimer = null;
  }

  private startHeartbeat(): void {
    if (this.heartbeat) return;
    // Other instances forget an instance that stops reporting: report now and then even when nothing changes,
    // but only for meetings someone is connected to here.
    this.heartbeat = setInterval(() => {
      for (const [meetingId, meeting] of this.meetings) if (meeting.connections > 0) this.schedule(meetingId, meeting);
    }, this.heartbeatMs);
    this.heartbeat.unref();
  }

  private stopHeartbeatWhenIdle(): void {
    if (this.meetings.size > 0 || !this.heartbeat) return;
    clearInterval(this.heartbeat);
    this.heartbeat = null;
  }
}
