import { randomUUID } from 'node:crypto';
import type { z } from 'zod';
import type { Command } from '../../shared/commands.js';
import { DomainError, ErrorCode } from '../../shared/errors.js';
import type { Change } from '../../shared/events.js';
import type {
  CreateMeetingInput,
  MeetingState,
  ModeratorIdentity,
  Participant,
  Role,
  Snapshot,
  VoteCounts,
} from '../../shared/model.js';
import type { CommandAck, SyncAck } from '../../shared/protocol.js';
import { applyChange, applyEvents, decide } from '../../shared/reducer.js';
import { hashModeratorKey, moderatorKeyMatches, newModeratorKey } from '../auth/secrets.js';
import { newId } from '../ids.js';
import { loadRecord } from '../record/index.js';
import type { CommandKey, Durability, MeetingStore, ModeratorLink, RevokeOutcome } from '../store/types.js';
import { LocalWriters, type Writers } from '../writers/writers.js';
import { newMeetingState } from './create.js';

/** The chair's identity: whoever holds the meeting's own moderator key. */
export const CHAIR: ModeratorIdentity = { linkId: null, label: 'chair', role: 'chair' };

/**
 * How long a command is decided again after losing races with other
 * instances' writers before it is refused. A command that names no expected
 * state is never refused for losing a race within this time; with the store's
 * own command timeout (2 s) it bounds every ack (README "Many writers").
 */
export const COMMAND_DEADLINE_MS = 8_000;
/** First backoff after a lost race (ms); doubles per loss up to BACKOFF_CAP_MS, jittered over [0, that]. */
const BACKOFF_BASE_MS = 4;
const BACKOFF_CAP_MS = 200;
/** Meetings whose latest snapshot is kept in memory, at most (only meetings held by a connection are). */
const CACHE_LIMIT = 1000;
/** Changes a stale cached snapshot is brought forward by before the whole meeting is read instead. */
const CATCH_UP_LIMIT = 50;
/** Changes a resync replays before it sends a snapshot instead. */
const RESYNC_LIMIT = 500;
/** Meetings the retention sweep reads from the store at a time. */
const SWEEP_BATCH = 100;
/** The most co-moderator links one meeting may have (revoked ones count). */
export const MAX_MODERATOR_LINKS = 50;
/** The setting that marks a meeting's record public before the meeting has ended. */
const recordPublishedKey = (meetingId: string) => `record-published:${meetingId}`;

/** How long a lost race makes the meeting's next commits ask the store for its version first (ms). */
const RACE_MEMORY_MS = 10_000;
/** Commands of one meeting committed together at most (the rest wait for the next commit). */
const MAX_BATCH = 100;

/** A command waiting for its meeting's next commit, with how to answer it. */
interface PendingCommand {
  key: CommandKey;
  command: Command;
  actor: Actor;
  /** After this (ms since the epoch), a lost race refuses it with `conflict` instead of deciding it again. */
  deadline: number;
  settle: (ack: CommandAck) => void;
  fail: (error: unknown) => void;
}

/** A command of a batch that changes nothing: refused (`refusal`), or without effect (null), at `version`. */
interface Unchanged {
  entry: PendingCommand;
  refusal: unknown;
  version: number;
}

/** A command as it travels to the instance that decides its meeting's commands (JSON). */
export interface ForwardedCommand {
  key: CommandKey;
  command: Command;
  actor: Actor;
  /** When the command stops being decided again after lost races (ms since the epoch, from its arrival). */
  deadline: number;
}

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
  /**
   * Which instance decides a meeting's commands (default: this one, for a
   * store of its own). In a cluster, one writer per meeting: its commands are
   * committed together there instead of racing each other from several
   * instances.
   */
  writers?: Writers<ForwardedCommand>;
  now: () => number;
  newId: () => string;
  /** Called with every change this instance commits, right after the commit: the fan-out. */
  onCommitted: (change: Change) => void;
  /** Called when a commit lost its race with another instance (metrics). */
  onConflict?: () => void;
  /** Called after every vote, for the coalesced broadcast of counts. */
  onVoted: (meetingId: string, questionId: string) => void;
  /** Called when a meeting's moderator key was replaced: connections made with the old one must go. */
  onModeratorKeyReplaced: (meetingId: string) => void;
  /** Called when a co-moderator link was revoked (or found revoked): its connections must go, on every instance. */
  onModeratorLinkRevoked: (meetingId: string, linkId: string) => void;
  /** Called once a meeting and all its data are gone from the store: tell its clients, drop what is held for it. */
  onDeleted: (meetingId: string) => void;
}

/** What the service holds in memory, for tests and benchmarks. */
export interface MeetingServiceStats {
  heldMeetings: number;
  cachedSnapshots: number;
  commandQueues: number;
}

export type KeyReplacement = { ok: true; moderatorKey: string } | { ok: false; code: 'not_found' | 'unauthorized' };
export type NewModeratorLink = { ok: true; link: ModeratorLink; moderatorKey: string } | { ok: false; code: 'too_many' };

/**
 * The one path of every change: decide (pure reducer) → commit (atomic
 * compare-and-set on the version) → fan-out. Commands of one meeting are
 * serialised within an instance, so that only another instance can make a
 * commit lose its race; then the command is decided again on fresh state.
 *
 * Snapshots are cached only for meetings held in memory (someone is connected,
 * or was within the idle grace): memory follows live meetings, not every
 * meeting ever read. Presence says when a meeting is held and released.
 */
export class MeetingService {
  private readonly cache = new Map<string, Snapshot>();
  private readonly queues = new Map<string, Promise<unknown>>();
  /** Commands waiting for their meeting's next commit, in arrival order. */
  private readonly pending = new Map<string, PendingCommand[]>();
  /** When a commit of the meeting last lost a race with another instance (forgotten after RACE_MEMORY_MS). */
  private readonly lastLostRace = new Map<string, number>();
  private readonly held = new Set<string>();
  private readonly writers: Writers<ForwardedCommand>;

  constructor(private readonly deps: MeetingServiceDeps) {
    this.writers = deps.writers ?? new LocalWriters();
    // Forwarded commands are decided here as they are: routing them again could send them back and forth.
    // Their deadline is the one they arrived with (never later than a command arriving here now).
    this.writers.serve((meetingId, { key, command, actor, deadline }) =>
      this.decideHere(meetingId, key, command, actor, Math.min(deadline, this.deps.now() + COMMAND_DEADLINE_MS)),
    );
  }

  async create(input: z.output<typeof CreateMeetingInput>): Promise<{ meetingId: string; moderatorKey: string }> {
    const meetingId = this.deps.newId();
    const moderatorKey = newModeratorKey();
    await this.createWithKey(meetingId, input, moderatorKey);
    return { meetingId, moderatorKey };
  }

  async createWithKey(meetingId: string, input: z.output<typeof CreateMeetingInput>, moderatorKey: string): Promise<void> {
    const state = newMeetingState(meetingId, input, this.deps.newId);
    await this.deps.store.createMeeting({ state, moderatorKeyHash: hashModeratorKey(moderatorKey) });
  }

  /** Someone connected to the meeting on this instance: its snapshot is worth keeping. */
  hold(meetingId: string): void {
    this.held.add(meetingId);
  }

  /** Nobody has been connected to the meeting for the idle grace: keep nothing for it. */
  release(meetingId: string): void {
    this.held.delete(meetingId);
    this.cache.delete(meetingId);
    this.lastLostRace.delete(meetingId);
    this.writers.release(meetingId);
  }

  /** Whether `key` is the meeting's moderator key; null for an unknown meeting. */
  async moderatorKeyMatches(meetingId: string, key: string): Promise<boolean | null> {
    const hash = await this.deps.store.moderatorKeyHash(meetingId);
    return hash === null ? null : moderatorKeyMatches(key, hash);
  }

  /**
   * Deletes the meeting and all its data (state, log, votes, participants,
   * command ids, presence) from the store, after any command of it in
   * progress here. False for an unknown meeting.
   */
  delete(meetingId: string): Promise<boolean> {
    return this.serialised(meetingId, async () => {
      const deleted = await this.deps.store.deleteMeeting(meetingId);
      this.release(meetingId);
      if (deleted) this.deps.onDeleted(meetingId);
      return deleted;
    });
  }

  /** Retention: deletes every meeting that ended before `cutoff` (ms since the epoch); returns their ids. */
  async deleteEndedBefore(cutoff: number): Promise<string[]> {
    const deleted: string[] = [];
    for (;;) {
      const candidates = await this.deps.store.meetingsEndedBefore(cutoff, SWEEP_BATCH);
      let progress = false;
      for (const meetingId of candidates) {
        if (await this.delete(meetingId)) {
          deleted.push(meetingId);
          progress = true;
        }
      }
      // A batch that deleted nothing (another instance was faster) would come back the same.
      if (candidates.length < SWEEP_BATCH || !progress) return deleted;
    }
  }

  stats(): MeetingServiceStats {
    return { heldMeetings: this.held.size, cachedSnapshots: this.cache.size, commandQueues: this.queues.size };
  }

  /**
   * Who a moderator key belongs to now: the chair (the meeting's own key), a
   * co-moderator link that is not revoked, or nobody (null).
   */
  async moderatorIdentity(meetingId: string, key: string): Promise<ModeratorIdentity | null> {
    const holder = await this.keyHolder(meetingId, key);
    return holder === 'no_meeting' ? null : holder;
  }

  /** As `moderatorIdentity`, telling an unknown meeting apart ('no_meeting'), for answers that must. */
  async keyHolder(meetingId: string, key: string): Promise<ModeratorIdentity | null | 'no_meeting'> {
    const hash = await this.deps.store.moderatorKeyHash(meetingId);
    if (hash === null) return 'no_meeting';
    if (moderatorKeyMatches(key, hash)) return CHAIR;
    const link = key === '' ? null : await this.deps.store.moderatorLinkByKeyHash(meetingId, hashModeratorKey(key));
    return link && link.revokedAt === null ? { linkId: link.id, label: link.label, role: link.role } : null;
  }

  /** The meeting's co-moderator links, revoked ones too, oldest first. */
  moderatorLinks(meetingId: string): Promise<ModeratorLink[]> {
    return this.deps.store.moderatorLinks(meetingId);
  }

  /** A new co-moderator link; its key is returned once and only its hash is stored. */
  async addModeratorLink(meetingId: string, label: string, role: ModeratorLink['role']): Promise<NewModeratorLink> {
    if ((await this.deps.store.moderatorLinks(meetingId)).length >= MAX_MODERATOR_LINKS) return { ok: false, code: 'too_many' };
    const moderatorKey = newModeratorKey();
    const link: ModeratorLink = {
      // Link ids are unique across meetings in the SQLite store: as long as meeting ids.
      id: newId(),
      meetingId,
      label,
      role,
      keyHash: hashModeratorKey(moderatorKey),
      createdAt: this.deps.now(),
      revokedAt: null,
    };
    await this.deps.store.createModeratorLink(link);
    return { ok: true, link, moderatorKey };
  }

  /** Revokes a co-moderator link and disconnects its sockets everywhere, even when it was revoked before. */
  async revokeModeratorLink(meetingId: string, linkId: string): Promise<RevokeOutcome> {
    const outcome = await this.deps.store.revokeModeratorLink(meetingId, linkId, this.deps.now());
    // A socket may have slipped in on another instance between the first revocation and now.
    if (outcome !== 'not_found') this.deps.onModeratorLinkRevoked(meetingId, linkId);
    return outcome;
  }

  /** Marks a one-time claim code used; false when it was used already (by any instance). */
  async markClaimUsed(nonce: string): Promise<boolean> {
    const mine = randomUUID();
    return (await this.deps.store.settingOrInit(`claimed:${nonce}`, mine)) === mine;
  }

  /** The meeting's record as of `asOf`, built from its whole log; null when it has none. */
  record(meetingId: string, asOf: number): ReturnType<typeof loadRecord> {
    return loadRecord(this.deps.store, meetingId, asOf);
  }

  /** Whether the chair has published the record before the meeting ended. */
  async recordPublished(meetingId: string): Promise<boolean> {
    return (await this.deps.store.setting(recordPublishedKey(meetingId))) !== null;
  }

  /** Publishes the meeting's record (once; publishing again changes nothing). */
  async publishRecord(meetingId: string): Promise<void> {
    await this.deps.store.settingOrInit(recordPublishedKey(meetingId), String(this.deps.now()));
  }

  /** Whether `key` is the meeting's moderator key now (false for an unknown meeting). */
  async isModeratorKey(meetingId: string, key: string): Promise<boolean> {
    return (await this.moderatorKeyMatches(meetingId, key)) === true;
  }

  /**
   * Gives the meeting a new moderator key, for the holder of the current one.
   * The old key stops working at once and its connections are closed; of two
   * replacements at the same moment, one wins and the other is unauthorized.
   */
  async replaceModeratorKey(meetingId: string, currentKey: string): Promise<KeyReplacement> {
    const hash = await this.deps.store.moderatorKeyHash(meetingId);
    if (hash === null) return { ok: false, code: 'not_found' };
    if (!moderatorKeyMatches(currentKey, hash)) return { ok: false, code: 'unauthorized' };
    const moderatorKey = newModeratorKey();
    if (!(await this.deps.store.replaceModeratorKeyHash(meetingId, hash, hashModeratorKey(moderatorKey)))) {
      return { ok: false, code: 'unauthorized' };
    }
    this.deps.onModeratorKeyReplaced(meetingId);
    return { ok: true, moderatorKey };
  }

  async snapshot(meetingId: string): Promise<Snapshot | null> {
    const cached = this.cache.get(meetingId);
    if (cached && !this.deps.sharedStore) return cached;
    if (cached) {
      const version = await this.deps.store.currentVersion(meetingId);
      if (version === cached.version) return cached;
      // Another instance committed: replaying its few changes costs far less than reading and parsing the whole meeting.
      if (version !== null && version > cached.version) {
        const caughtUp = await this.catchUp(cached);
        if (caughtUp) return caughtUp;
      }
    }
    const loaded = await this.deps.store.loadMeeting(meetingId);
    if (loaded) this.remember(loaded);
    return loaded;
  }

  /** The cached snapshot brought forward by the log's changes after it; null when the log does not reach back. */
  private async catchUp(cached: Snapshot): Promise<Snapshot | null> {
    const changes = await this.deps.store.changesSince(cached.meeting.id, cached.version, CATCH_UP_LIMIT);
    if (!changes || changes.length === 0) return null;
    let meeting = cached.meeting;
    for (const change of changes) meeting = applyChange(meeting, change);
    const snapshot = { version: (changes[changes.length - 1] as Change).version, meeting };
    this.remember(snapshot);
    return snapshot;
  }

  /**
   * Brings a held meeting's cached state up to the store's (shared store
   * only; one small round trip when current). Changes decided on other
   * instances (the meeting's writer) reach this cache only so, or through a
   * join or a vote here.
   */
  async refreshCache(meetingId: string): Promise<void> {
    if (this.deps.sharedStore && this.cache.has(meetingId)) await this.snapshot(meetingId);
  }

  /** Stores `value` under a deployment-wide setting unless one is there; returns the setting's value. */
  settingOrInit(key: string, value: string): Promise<string> {
    return this.deps.store.settingOrInit(key, value);
  }

  /** Resolves when the store answers, with whether an acknowledged change would survive a crash of it. */
  async storeHealth(): Promise<Durability> {
    await this.deps.store.ping();
    return (await this.deps.store.durability?.()) ?? { ok: true };
  }

  /** Every question's exact vote count, from the store. */
  voteCounts(meetingId: string): Promise<VoteCounts> {
    return this.deps.store.voteCounts(meetingId);
  }

  /** The questions one participant has voted for. */
  votesBy(meetingId: string, participantId: string): Promise<string[]> {
    return this.deps.store.votesBy(meetingId, participantId);
  }

  /** The meeting's state as cached here (a held meeting), without a round trip; null when not cached. */
  cachedMeeting(meetingId: string): MeetingState | null {
    return this.cache.get(meetingId)?.meeting ?? null;
  }

  /** The version of the meeting's cached state (a held meeting); null when not cached. */
  cachedVersion(meetingId: string): number | null {
    return this.cache.get(meetingId)?.version ?? null;
  }

  /** Participants waiting for or holding the floor, from the cached state (empty when not cached). */
  participantsOnFloor(meetingId: string): ReadonlySet<string> {
    const floor = this.cache.get(meetingId)?.meeting.floor;
    if (!floor) return new Set();
    const ids = new Set(floor.queue.map((entry) => entry.participantId));
    if (floor.current) ids.add(floor.current.entry.participantId);
    return ids;
  }

  /**
   * Decides, commits and fans out one command; `key` (its sender and id)
   * makes a retry count once. Commands of a meeting that arrive while one of
   * its commits is in flight wait, and are then decided one after the other
   * and committed together (group commit): one round trip and one durable
   * write for all of them, so a busy meeting is not limited to one commit per
   * disk flush. In a cluster, the command is decided by the meeting's writer
   * instance (see server/writers/), so that its batches hold the commands of
   * every instance instead of racing theirs.
   */
  execute(meetingId: string, key: CommandKey, command: Command, actor: Actor): Promise<CommandAck> {
    // Votes do not change the meeting's state: they skip the queue, so a storm of them is not serialised.
    if (command.type === 'question.vote') return this.vote(meetingId, command, actor);
    const deadline = this.deps.now() + COMMAND_DEADLINE_MS;
    return this.writers.route(meetingId, { key, command, actor, deadline }, () =>
      this.decideHere(meetingId, key, command, actor, deadline),
    );
  }

  /** Stops taking commands for other instances and gives up this instance's writer leases (stopping). */
  closeWriters(): Promise<void> {
    return this.writers.close();
  }

  /** Decides and commits a command on this instance: queued for its meeting's next batch. */
  private decideHere(meetingId: string, key: CommandKey, command: Command, actor: Actor, deadline: number): Promise<CommandAck> {
    return new Promise<CommandAck>((settle, fail) => {
      const entry: PendingCommand = { key, command, actor, deadline, settle, fail };
      const waiting = this.pending.get(meetingId);
      if (waiting) {
        waiting.push(entry);
        return;
      }
      this.pending.set(meetingId, [entry]);
      void this.serialised(meetingId, () => this.drain(meetingId));
    });
  }

  /** Takes the meeting's next batch of waiting commands and commits it; the rest wait for the next drain. */
  private async drain(meetingId: string): Promise<void> {
    const waiting = this.pending.get(meetingId) ?? [];
    const batch: PendingCommand[] = [];
    const senders = new Set<string>();
    // A command id twice in one batch (a client's quick retry) would be applied twice: it waits for the next one.
    while (batch.length < MAX_BATCH && waiting.length > 0) {
      const next = waiting[0] as PendingCommand;
      const field = `${next.key.sender} ${next.key.id}`;
      if (senders.has(field)) break;
      senders.add(field);
      batch.push(waiting.shift() as PendingCommand);
    }
    if (waiting.length === 0) this.pending.delete(meetingId);
    else void this.serialised(meetingId, () => this.drain(meetingId));
    try {
      await this.commitTogether(meetingId, batch);
    } catch (error) {
      // The store failed (unavailable, timed out): every command still waiting on this batch is told. A commit
      // whose reply was lost may have been applied: the cached state is no longer known to be current.
      this.cache.delete(meetingId);
      for (const entry of batch) entry.fail(error);
    }
  }

  /**
   * Decides the batch's commands in order, each on the state the ones before
   * it produced, and commits every change at once. A lost race (another
   * instance committed first) decides them all again on the fresh state, with
   * a jittered pause after the first retry, until each command's deadline.
   * Refusals and commands that change nothing are answered only once the
   * state they were decided on is known to be the meeting's.
   */
  private async commitTogether(meetingId: string, batch: PendingCommand[]): Promise<void> {
    let todo = batch;
    // Deciding on the cache without asking Redis saves a round trip when this instance is the meeting's only
    // writer; where others write too, it would mostly lose the race (and send the state for nothing).
    let trustCache = !this.deps.sharedStore || !this.racedRecently(meetingId);
    for (let attempt = 0; todo.length > 0; attempt++) {
      const cached = trustCache ? this.cache.get(meetingId) : undefined;
      const current = cached ?? (await this.snapshot(meetingId));
      if (!current) {
        for (const entry of todo) entry.fail(new DomainError(ErrorCode.notFound, 'no such meeting'));
        return;
      }
      const now = this.deps.now();
      let meeting = current.meeting;
      let version = current.version;
      const accepted: { entry: PendingCommand; change: Change }[] = [];
      /** Commands that change nothing, with the version of the state they were decided on. */
      const unchanged: Unchanged[] = [];
      for (const entry of todo) {
        let events: ReturnType<typeof decide>;
        try {
          events = decide(meeting, entry.command, { now, newId: this.deps.newId, ...entry.actor });
        } catch (refusal) {
          unchanged.push({ entry, refusal, version });
          continue;
        }
        if (events.length === 0) {
          unchanged.push({ entry, refusal: null, version });
          continue;
        }
        const change: Change = { meetingId, version: version + 1, at: now, events };
        if (entry.actor.moderator) change.by = entry.actor.moderator;
        meeting = applyEvents(meeting, events, now);
        version = change.version;
        accepted.push({ entry, change });
      }

      if (accepted.length === 0) {
        // Decided on a cached state another instance may have moved past: check before refusing.
        if (cached && this.deps.sharedStore && (await this.deps.store.currentVersion(meetingId)) !== current.version) {
          trustCache = false;
          continue;
        }
        await this.answerUnchanged(meetingId, unchanged);
        return;
      }
      const outcome = await this.deps.store.commitBatch(
        accepted.map(({ entry, change }) => ({ change, command: entry.key })),
        meeting,
      );
      if (outcome.kind === 'committed') {
        this.remember({ version, meeting });
        for (const { entry, change } of accepted) {
          this.deps.onCommitted(change);
          entry.settle({ ok: true, version: change.version });
        }
        await this.answerUnchanged(meetingId, unchanged);
        return;
      }
      if (outcome.kind === 'missing') {
        // Deleted since it was cached (perhaps by another instance): as for a meeting never found.
        this.cache.delete(meetingId);
        for (const entry of todo) entry.fail(new DomainError(ErrorCode.notFound, 'no such meeting'));
        return;
      }
      if (outcome.kind === 'duplicate') {
        // A retry of a command committed before: answered as such, and the others decided again without it.
        const { entry } = accepted[outcome.index] as { entry: PendingCommand };
        await this.republish(meetingId, outcome.version);
        entry.settle({ ok: true, version: outcome.version, duplicate: true });
        todo = todo.filter((other) => other !== entry);
        continue;
      }
      // Lost a race with another instance: decide again on the fresh state (snapshot() catches up), after a
      // jittered pause so that instances racing for one meeting spread out instead of colliding again.
      this.deps.onConflict?.();
      // Remembered only for a meeting held here: release() forgets it with the rest.
      if (this.held.has(meetingId)) this.lastLostRace.set(meetingId, this.deps.now());
      trustCache = false;
      // The first retry goes at once (catching up is one round trip); later ones back off, jittered.
      const pause = attempt === 0 ? 0 : Math.random() * Math.min(BACKOFF_CAP_MS, BACKOFF_BASE_MS * 2 ** attempt);
      const late = todo.filter((entry) => this.deps.now() + pause >= entry.deadline);
      for (const entry of late) {
        const error = new DomainError(ErrorCode.conflict, 'the meeting is changing too fast; try again');
        entry.settle({ ok: false, error: error.toBody() });
      }
      todo = todo.filter((entry) => !late.includes(entry));
      if (pause > 0 && todo.length > 0) await new Promise((resolve) => setTimeout(resolve, pause));
    }
  }

  /** Whether a commit of the meeting lost a race with another instance within RACE_MEMORY_MS. */
  private racedRecently(meetingId: string): boolean {
    const at = this.lastLostRace.get(meetingId);
    if (at === undefined) return false;
    if (this.deps.now() - at < RACE_MEMORY_MS) return true;
    this.lastLostRace.delete(meetingId);
    return false;
  }

  /**
   * Answers commands that changed nothing, now that the states they were
   * decided on are the meeting's. A refused command may be a
   * retry of one applied before, refused by the state it produced itself: it
   * is a duplicate, not an error; likewise for one that changes nothing.
   */
  private async answerUnchanged(meetingId: string, unchanged: Unchanged[]): Promise<void> {
    await Promise.all(
      unchanged.map(async ({ entry, refusal, version }) => {
        try {
          const committedAs = await this.deps.store.committedVersion(meetingId, entry.key);
          if (committedAs !== null) {
            if (refusal !== null) await this.republish(meetingId, committedAs);
            entry.settle({ ok: true, version: committedAs, duplicate: true });
          } else if (refusal !== null) {
            entry.fail(refusal);
          } else {
            entry.settle({ ok: true, version });
          }
        } catch (error) {
          entry.fail(error);
        }
      }),
    );
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

  /** The changes after `sinceVersion`, else (or when `snapshotOnly`) a fresh snapshot. */
  async sync(meetingId: string, sinceVersion: number, snapshotOnly = false): Promise<SyncAck> {
    const changes = snapshotOnly ? null : await this.deps.store.changesSince(meetingId, sinceVersion, RESYNC_LIMIT);
    if (changes) return { ok: true, kind: 'changes', changes };
    const snapshot = await this.deps.store.loadMeeting(meetingId);
    if (!snapshot) return { ok: false, error: { code: ErrorCode.notFound, message: 'no such meeting' } };
    return { ok: true, kind: 'snapshot', snapshot };
  }

  private remember(snapshot: Snapshot): void {
    const id = snapshot.meeting.id;
    if (!this.held.has(id)) return;
    // A read (a join, a vote, a presence refresh) that started before a commit here may end after it:
    // the cache never goes back to an older version, or the next commit would decide on it and lose its race.
    const cached = this.cache.get(id);
    if (cached && cached.version > snapshot.version) return;
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
