import type { z } from 'zod';
import type { Command } from '../../shared/commands.js';
import { DomainError, ErrorCode } from '../../shared/errors.js';
import type { Change } from '../../shared/events.js';
import type { CreateMeetingInput, ModeratorIdentity, Participant, Role, Snapshot } from '../../shared/model.js';
import type { CommandAck, SyncAck } from '../../shared/protocol.js';
import { applyEvents, decide } from '../../shared/reducer.js';
import { hashModeratorKey, newModeratorKey } from '../auth/secrets.js';
import type { MeetingStore } from '../store/types.js';
import { newMeetingState } from './create.js';

/** How many times a command is decided again after losing a race with another writer. */
const MAX_CONFLICT_RETRIES = 5;
/** Meetings whose latest snapshot is kept in memory. */
const CACHE_LIMIT = 1000;
/** Changes a resync replays before it sends a snapshot instead. */
const RESYNC_LIMIT = 500;

/** Who sends a command: their role and, for a participant, who they are. */
export interface Actor {
  role: Role;
  participant: Participant | null;
  /** For a moderator: the chair or which co-moderator link; recorded on every change it makes. */
  moderator?: ModeratorIdentity | null;
}

export interface MeetingServiceDeps {
  store: MeetingStore;
  /**
   * Other instances write to the same store: a cached snapshot is used only
   * after checking, in one small round trip, that its version is current.
   */
  sharedStore: boolean;
  now: () => number;
  newId: () => string;
  /** Called with every change this instance commits, right after the commit: the fan-out. */
  onCommitted: (change: Change) => void;
  /** Called after every vote, for the coalesced broadcast of counts. */
  onVoted: (meetingId: string, questionId: string) => void;
}

/**
 * The one path of every change: decide (pure reducer) → commit (atomic
 * compare-and-set on the version) → fan-out. Commands of one meeting are
 * serialised within an instance, so that only another instance can make a
 * commit lose its race; then the command is decided again on fresh state.
 */
export class MeetingService {
  private readonly cache = new Map<string, Snapshot>();
  private readonly queues = new Map<string, Promise<unknown>>();

  constructor(private readonly deps: MeetingServiceDeps) {}

  async create(input: z.output<typeof CreateMeetingInput>): Promise<{ meetingId: string; moderatorKey: string }> {
    const meetingId = this.deps.newId();
    const moderatorKey = newModeratorKey();
    await this.createWithKey(meetingId, input, moderatorKey);
    return { meetingId, moderatorKey };
  }

  async createWithKey(meetingId: string, input: z.output<typeof CreateMeetingInput>, moderatorKey: string): Promise<void> {
    const state = newMeetingState(meetingId, input, this.deps.newId);
    await this.deps.store.createMeeting({ state, moderatorKeyHash: hashModeratorKey(moderatorKey) });
    this.remember({ version: 0, meeting: state });
  }

  async snapshot(meetingId: string): Promise<Snapshot | null> {
    const cached = this.cache.get(meetingId);
    if (cached && (!this.deps.sharedStore || (await this.deps.store.currentVersion(meetingId)) === cached.version)) return cached;
    const loaded = await this.deps.store.loadMeeting(meetingId);
    if (loaded) this.remember(loaded);
    return loaded;
  }

  /** Participants waiting for or holding the floor, from the cached state (empty when not cached). */
  participantsOnFloor(meetingId: string): ReadonlySet<string> {
    const floor = this.cache.get(meetingId)?.meeting.floor;
    if (!floor) return new Set();
    const ids = new Set(floor.queue.map((entry) => entry.participantId));
    if (floor.current) ids.add(floor.current.entry.participantId);
    return ids;
  }

  execute(meetingId: string, commandId: string, command: Command, actor: Actor): Promise<CommandAck> {
    // Votes do not change the meeting's state: they skip the queue, so a storm of them is not serialised.
    if (command.type === 'question.vote') return this.vote(meetingId, command, actor);
    return this.serialised(meetingId, async () => {
      for (let attempt = 0; attempt <= MAX_CONFLICT_RETRIES; attempt++) {
        const current = await this.snapshot(meetingId);
        if (!current) throw new DomainError(ErrorCode.notFound, 'no such meeting');
        const now = this.deps.now();
        let events: ReturnType<typeof decide>;
        try {
          events = decide(current.meeting, command, { now, newId: this.deps.newId, ...actor });
        } catch (error) {
          // A retry of a command that was applied before may be refused by the
          // state it produced itself; it is a duplicate, not an error.
          const version = await this.deps.store.committedVersion(meetingId, commandId);
          if (version === null) throw error;
          await this.republish(meetingId, version);
          return { ok: true, version, duplicate: true };
        }
        if (events.length === 0) {
          const version = await this.deps.store.committedVersion(meetingId, commandId);
          return version === null ? { ok: true, version: current.version } : { ok: true, version, duplicate: true };
        }

        const change: Change = { meetingId, version: current.version + 1, at: now, commandId, events };
        if (actor.moderator) change.by = actor.moderator;
        const next = applyEvents(current.meeting, events, now);
        const outcome = await this.deps.store.commit(change, next);
        switch (outcome.kind) {
          case 'committed':
            this.remember({ version: change.version, meeting: next });
            this.deps.onCommitted(change);
            return { ok: true, version: change.version };
          case 'duplicate':
            await this.republish(meetingId, outcome.version);
            return { ok: true, version: outcome.version, duplicate: true };
          case 'conflict':
            this.cache.delete(meetingId);
        }
      }
      const error = new DomainError(ErrorCode.conflict, 'the meeting is changing too fast; try again');
      return { ok: false, error: error.toBody() };
    });
  }

  /**
   * A commit whose reply was lost (a Redis timeout) may never have been
   * broadcast: when its retry comes back as a duplicate, send the change again.
   * Clients drop a version they already have, so a second copy costs nothing.
   */
  private async republish(meetingId: string, version: number): Promise<void> {
    // Only a remote store can lose a reply; the embedded one commits synchronously.
    if (!this.deps.sharedStore) return;
    const changes = await this.deps.store.changesSince(meetingId, version - 1, 500);
    const change = changes?.[0];
    if (change?.version === version) this.deps.onCommitted(change);
  }

  private async vote(meetingId: string, command: Extract<Command, { type: 'question.vote' }>, actor: Actor): Promise<CommandAck> {
    const current = await this.snapshot(meetingId);
    if (!current) throw new DomainError(ErrorCode.notFound, 'no such meeting');
    const voter = actor.participant;
    if (!voter) throw new DomainError(ErrorCode.forbidden, 'only a participant can vote');
    decide(current.meeting, command, { now: this.deps.now(), newId: this.deps.newId, ...actor });
    const { questionId, up } = command.payload;
    const count = await this.deps.store.setVote(meetingId, questionId, voter.id, up);
    this.deps.onVoted(meetingId, questionId);
    return { ok: true, version: current.version, votes: count };
  }

  async sync(meetingId: string, sinceVersion: number): Promise<SyncAck> {
    const changes = await this.deps.store.changesSince(meetingId, sinceVersion, RESYNC_LIMIT);
    if (changes) return { ok: true, kind: 'changes', changes };
    const snapshot = await this.deps.store.loadMeeting(meetingId);
    if (!snapshot) return { ok: false, error: { code: ErrorCode.notFound, message: 'no such meeting' } };
    return { ok: true, kind: 'snapshot', snapshot };
  }

  private remember(snapshot: Snapshot): void {
    const id = snapshot.meeting.id;
    this.cache.delete(id);
    this.cache.set(id, snapshot);
    if (this.cache.size > CACHE_LIMIT) {
      const oldest = this.cache.keys().next().value;
      if (oldest !== undefined) this.cache.delete(oldest);
    }
  }

  private serialised<T>(meetingId: string, task: () => Promise<T>): Promise<T> {
    const previous = this.queues.get(meetingId) ?? Promise.resolve();
    const run = previous.then(task, task);
    const tail = run.catch(() => undefined);
    this.queues.set(meetingId, tail);
    void tail.then(() => {
      if (this.queues.get(meetingId) === tail) this.queues.delete(meetingId);
    });
    return run;
  }
}
