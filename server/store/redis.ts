import { Redis, type RedisOptions } from 'ioredis';
import type { Change } from '../../shared/events.js';
import type { MeetingState, Snapshot, VoteCounts } from '../../shared/model.js';
import { COMMAND_ID_WINDOW_MS } from '../../shared/protocol.js';
import { closeRedis } from './redis-close.js';
import { readRedisPersistence, redisDurability } from './redis-persistence.js';
import {
  type BatchEntry,
  type BatchOutcome,
  type CommandKey,
  type CommitOutcome,
  type Durability,
  type MeetingStore,
  type ModeratorLink,
  type NewMeeting,
  StoreUnavailableError,
  singleOutcome,
} from './types.js';

/** Changes kept in each meeting's log stream for replay (trimmed approximately beyond). */
const LOG_LENGTH = 10_000;

/**
 * Every key of one meeting carries the same hash tag, so the scripts below
 * touch a single slot and keep working on a Redis Cluster.
 */
const keys = (meetingId: string) => {
  const tag = `plenary:{m:${meetingId}}`;
  return {
    meeting: `${tag}:meeting`,
    log: `${tag}:log`,
    /** Sender-and-id of each remembered command → the version it was committed as. */
    commands: `${tag}:commands`,
    /** The same members, scored by commit time, to forget them after the retry window. */
    commandTimes: `${tag}:command-times`,
    voted: `${tag}:voted`,
    votes: (questionId: string) => `${tag}:votes:${questionId}`,
    voter: (participantId: string) => `${tag}:voter:${participantId}`,
    presence: `${tag}:presence`,
    /** The vote-count broadcast slot (expires by itself) and the sequence of vote reads. */
    votesSlot: `${tag}:votes-slot`,
    votesSequence: `${tag}:votes-sequence`,
    /** The id of the instance that decides the meeting's commands now (a lease that expires by itself). */
    writer: `${tag}:writer`,
    /** The meeting at version 0, as JSON: where the record's fold starts. */
    origin: `${tag}:origin`,
    /** List of every change (JSON), never trimmed: the record reads it whole while `log` is trimmed for replay. */
    archive: `${tag}:archive`,
    /** Hash: link id → the link as JSON. */
    links: `${tag}:links`,
    /** Hash: key hash → link id. */
    linkKeys: `${tag}:link-keys`,
  };
};

export const redisKeys = keys;

/**
 * Ended meetings by end time (a sorted set), for retention. One key for all
 * meetings, so it is written beside the commit script, never inside it: the
 * script stays on one slot of a Redis Cluster.
 */
const ENDED_INDEX = 'plenary:meetings:ended';

const CREATE = `
if redis.call('EXISTS', KEYS[1]) == 1 then return 0 end
redis.call('HSET', KEYS[1], 'version', 0, 'state', ARGV[1], 'moderatorKeyHash', ARGV[2])
return 1`;

/** Compare-and-set of the moderator-key hash: of two replacements at once, one wins. */
const REPLACE_KEY = `
if redis.call('HGET', KEYS[1], 'moderatorKeyHash') ~= ARGV[1] then return 0 end
redis.call('HSET', KEYS[1], 'moderatorKeyHash', ARGV[2])
return 1`;

/** Command ids forgotten per commit at most: more than one, so forgetting always keeps up with committing. */
const FORGET_BATCH = 100;

/**
 * Compare-and-set of the version, the log entries and the command ids of a
 * batch of consecutive changes, in one step (one write to the append-only
 * file for all of them). First it forgets command ids older than the retry
 * window (a bounded batch), and every commit pushes the expiry of both id keys
 * a window ahead, so a meeting nobody changes any more loses its ids by itself.
 *
 * ARGV: first version, state, log length, forget-before time, window, forget
 * batch, then per change its JSON, its command's field and its time.
 */
const COMMIT = `
local expired = redis.call('ZRANGE', KEYS[4], '-inf', '(' .. ARGV[4], 'BYSCORE', 'LIMIT', 0, ARGV[6])
if #expired > 0 then
  redis.call('HDEL', KEYS[3], unpack(expired))
  redis.call('ZREM', KEYS[4], unpack(expired))
end
local count = (#ARGV - 6) / 3
for i = 1, count do
  local previous = redis.call('HGET', KEYS[3], ARGV[6 + 3 * i - 1])
  if previous then return {'duplicate', previous, tostring(i - 1)} end
end
local current = redis.call('HGET', KEYS[1], 'version')
if not current then return {'missing', '0'} end
local first = tonumber(ARGV[1])
if tonumber(current) ~= first - 1 then return {'conflict', current} end
for i = 1, count do
  local version = tostring(first + i - 1)
  local change, field, at = ARGV[6 + 3 * i - 2], ARGV[6 + 3 * i - 1], ARGV[6 + 3 * i]
  redis.call('XADD', KEYS[2], 'MAXLEN', '~', ARGV[3], version .. '-1', 'change', change)
  redis.call('HSET', KEYS[3], field, version)
  redis.call('ZADD', KEYS[4], at, field)
  -- The record's untrimmed copy of the log (KEYS[5]); nothing above reads it.
  redis.call('RPUSH', KEYS[5], change)
end
local last = tostring(first + count - 1)
redis.call('HSET', KEYS[1], 'version', last, 'state', ARGV[2])
redis.call('PEXPIRE', KEYS[3], ARGV[5])
redis.call('PEXPIRE', KEYS[4], ARGV[5])
return {'committed', last}`;

/** The field of a command in the meeting's id hash: the sender (which has no space), a space, the id. */
const commandField = ({ sender, id }: CommandKey) => `${sender} ${id}`;

const VOTE = `
if ARGV[3] == '1' then
  redis.call('SADD', KEYS[1], ARGV[1])
  redis.call('SADD', KEYS[2], ARGV[2])
  redis.call('SADD', KEYS[3], ARGV[2])
else
  redis.call('SREM', KEYS[1], ARGV[1])
  redis.call('SREM', KEYS[3], ARGV[2])
end
return redis.call('SCARD', KEYS[1])`;

/** Sets `revokedAt` in the link's JSON once; later calls report the link as revoked already. */
const REVOKE = `
local json = redis.call('HGET', KEYS[1], ARGV[1])
if not json then return 'not_found' end
local link = cjson.decode(json)
if link.revokedAt ~= cjson.null and link.revokedAt ~= nil then return 'already_revoked' end
link.revokedAt = tonumber(ARGV[2])
redis.call('HSET', KEYS[1], ARGV[1], cjson.encode(link))
return 'revoked'`;

type ScriptRunner = (...args: (string | number)[]) => Promise<unknown>;

/**
 * Connection settings for every Redis client of an instance: fail fast while
 * Redis is away (no offline queue, one try, a command timeout) so that a
 * command gets `unavailable` within a bounded time instead of hanging, and
 * reconnect by itself with a capped backoff.
 */
export function redisOptions(extra: RedisOptions = {}): RedisOptions {
  return {
    enableOfflineQueue: false,
    maxRetriesPerRequest: 1,
    commandTimeout: 2_000,
    connectTimeout: 2_000,
    retryStrategy: (times) => Math.min(100 * 2 ** Math.min(times, 5), 2_000),
    ...extra,
  };
}

/** The scale-out store: state, event log (a stream) and votes (sets) in Redis, with AOF for durability. */
export class RedisStore implements MeetingStore {
  private readonly client: Redis;
  private readonly scripts: Record<'create' | 'commit' | 'vote' | 'replaceKey' | 'revoke', ScriptRunner>;

  constructor(url: string, onError: (error: Error) => void) {
    // The offline queue stays on until the first connection, so a store can be used as soon as it is made.
    this.client = new Redis(url, redisOptions({ enableOfflineQueue: true }));
    this.client.on('error', onError);
    this.client.once('ready', () => {
      this.client.options.enableOfflineQueue = false;
    });
    this.client.defineCommand('plenaryCreate', { numberOfKeys: 1, lua: CREATE });
    this.client.defineCommand('plenaryCommit', { numberOfKeys: 5, lua: COMMIT });
    this.client.defineCommand('plenaryVote', { numberOfKeys: 3, lua: VOTE });
    this.client.defineCommand('plenaryReplaceKey', { numberOfKeys: 1, lua: REPLACE_KEY });
    this.client.defineCommand('plenaryRevoke', { numberOfKeys: 1, lua: REVOKE });
    const commands = this.client as unknown as Record<string, ScriptRunner>;
    this.scripts = {
      create: (...args) => commands.plenaryCreate?.(...args) ?? Promise.reject(new Error('script missing')),
      commit: (...args) => commands.plenaryCommit?.(...args) ?? Promise.reject(new Error('script missing')),
      vote: (...args) => commands.plenaryVote?.(...args) ?? Promise.reject(new Error('script missing')),
      replaceKey: (...args) => commands.plenaryReplaceKey?.(...args) ?? Promise.reject(new Error('script missing')),
      revoke: (...args) => commands.plenaryRevoke?.(...args) ?? Promise.reject(new Error('script missing')),
    };
  }

  /** The underlying client, for companions that share its connection (presence). */
  get redis(): Redis {
    return this.client;
  }

  async createMeeting({ state, moderatorKeyHash }: NewMeeting): Promise<void> {
    const k = keys(state.id);
    const json = JSON.stringify(state);
    // Written first, and only if absent: a meeting that exists always has its origin, and a second create changes nothing.
    await this.call(() => this.client.set(k.origin, json, 'NX'));
    const created = await this.call(() => this.scripts.create(k.meeting, json, moderatorKeyHash));
    if (created !== 1) throw new Error(`meeting ${state.id} exists already`);
  }

  async loadMeeting(meetingId: string): Promise<Snapshot | null> {
    const [version, state] = await this.call(() => this.client.hmget(keys(meetingId).meeting, 'version', 'state'));
    if (version === null || state === null || version === undefined || state === undefined) return null;
    return { version: Number(version), meeting: JSON.parse(state) as MeetingState };
  }

  /** The meeting's current version alone: one small round trip to check a cached snapshot. */
  async currentVersion(meetingId: string): Promise<number | null> {
    const version = await this.call(() => this.client.hget(keys(meetingId).meeting, 'version'));
    return version === null ? null : Number(version);
  }

  async moderatorKeyHash(meetingId: string): Promise<string | null> {
    return this.call(() => this.client.hget(keys(meetingId).meeting, 'moderatorKeyHash'));
  }

  async replaceModeratorKeyHash(meetingId: string, currentHash: string, nextHash: string): Promise<boolean> {
    return (await this.call(() => this.scripts.replaceKey(keys(meetingId).meeting, currentHash, nextHash))) === 1;
  }

  async commit(change: Change, next: MeetingState, command: CommandKey): Promise<CommitOutcome> {
    return singleOutcome(await this.commitBatch([{ change, command }], next), change.meetingId);
  }

  async commitBatch(entries: BatchEntry[], next: MeetingState): Promise<BatchOutcome> {
    const first = entries[0];
    if (!first) throw new Error('an empty batch');
    const { meetingId, at } = first.change;
    const k = keys(meetingId);
    // Indexed before the commit: a crash in between leaves an entry that retention checks and drops,
    // never an ended meeting that retention cannot find.
    if (next.endedAt !== null && entries.some(({ change }) => change.events.some((event) => event.type === 'meeting.ended'))) {
      await this.call(() => this.client.zadd(ENDED_INDEX, next.endedAt ?? 0, meetingId));
    }
    const perChange = entries.flatMap(({ change, command }) => [JSON.stringify(change), commandField(command), change.at]);
    const result = (await this.call(() =>
      this.scripts.commit(
        k.meeting,
        k.log,
        k.commands,
        k.commandTimes,
        k.archive,
        first.change.version,
        JSON.stringify(next),
        LOG_LENGTH,
        at - COMMAND_ID_WINDOW_MS,
        COMMAND_ID_WINDOW_MS,
        FORGET_BATCH,
        ...perChange,
      ),
    )) as [string, string, string?];
    const [kind, version, index] = result;
    if (kind === 'committed') return { kind: 'committed' };
    if (kind === 'duplicate') return { kind: 'duplicate', index: Number(index), version: Number(version) };
    if (kind === 'conflict') return { kind: 'conflict', currentVersion: Number(version) };
    return { kind: 'missing' };
  }

  async committedVersion(meetingId: string, command: CommandKey): Promise<number | null> {
    const version = await this.call(() => this.client.hget(keys(meetingId).commands, commandField(command)));
    return version === null ? null : Number(version);
  }

  async changesSince(meetingId: string, afterVersion: number, limit: number): Promise<Change[] | null> {
    const k = keys(meetingId);
    const current = await this.currentVersion(meetingId);
    if (current === null || afterVersion > current || current - afterVersion > limit) return null;
    if (current === afterVersion) return [];
    const entries = await this.call(() => this.client.xrange(k.log, `${afterVersion + 1}-1`, '+', 'COUNT', limit));
    // Entries written before ids were kept per sender carry a `commandId`: it is not handed out.
    const changes = entries.map(([, fields]) => {
      const { meetingId: id, version, at, events, by } = JSON.parse(fields[1] ?? 'null') as Change;
      const change: Change = { meetingId: id, version, at, events };
      if (by) change.by = by;
      return change;
    });
    // A trimmed log misses the oldest ones: then the caller sends a snapshot instead.
    const complete =
      changes.length >= current - afterVersion && changes.every((change, i) => change.version === afterVersion + 1 + i);
    return complete ? changes.slice(0, current - afterVersion) : null;
  }

  async meetingOrigin(meetingId: string): Promise<MeetingState | null> {
    const json = await this.call(() => this.client.get(keys(meetingId).origin));
    return json === null ? null : (JSON.parse(json) as MeetingState);
  }

  async *allChanges(meetingId: string, pageSize = 1000): AsyncGenerator<Change> {
    const k = keys(meetingId);
    const last = await this.currentVersion(meetingId);
    if (last === null) return;
    // The archive's index i holds version i + 1.
    for (let start = 0; start < last; start += pageSize) {
      const stop = Math.min(start + pageSize, last) - 1;
      const page = await this.call(() => this.client.lrange(k.archive, start, stop));
      for (const json of page) yield JSON.parse(json) as Change;
      if (page.length < stop - start + 1) return;
    }
  }

  async setVote(meetingId: string, questionId: string, participantId: string, up: boolean): Promise<number> {
    const k = keys(meetingId);
    const count = await this.call(() =>
      this.scripts.vote(k.votes(questionId), k.voted, k.voter(participantId), participantId, questionId, up ? '1' : '0'),
    );
    return Number(count);
  }

  async voteCounts(meetingId: string): Promise<VoteCounts> {
    const k = keys(meetingId);
    const questionIds = await this.call(() => this.client.smembers(k.voted));
    if (questionIds.length === 0) return {};
    const pipeline = this.client.pipeline();
    for (const questionId of questionIds) pipeline.scard(k.votes(questionId));
    const results = (await this.call(() => pipeline.exec())) ?? [];
    const counts: VoteCounts = {};
    questionIds.forEach((questionId, i) => {
      const count = Number(results[i]?.[1] ?? 0);
      if (count > 0) counts[questionId] = count;
    });
    return counts;
  }

  async votesBy(meetingId: string, participantId: string): Promise<string[]> {
    return this.call(() => this.client.smembers(keys(meetingId).voter(participantId)));
  }

  async deleteMeeting(meetingId: string): Promise<boolean> {
    const k = keys(meetingId);
    const questionIds = await this.call(() => this.client.smembers(k.voted));
    const voters = new Set<string>();
    if (questionIds.length > 0) {
      const pipeline = this.client.pipeline();
      for (const questionId of questionIds) pipeline.smembers(k.votes(questionId));
      const results = (await this.call(() => pipeline.exec())) ?? [];
      for (const [, members] of results)
        for (const participantId of (members as string[] | null) ?? []) voters.add(participantId);
    }
    // Every key of the meeting shares its hash tag: one MULTI on one slot.
    const doomed = [
      k.log,
      k.commands,
      k.commandTimes,
      k.links,
      k.linkKeys,
      k.archive,
      k.origin,
      k.voted,
      k.presence,
      k.votesSlot,
      k.votesSequence,
      k.writer,
      ...questionIds.map((questionId) => k.votes(questionId)),
      ...[...voters].map((participantId) => k.voter(participantId)),
    ];
    const results = await this.call(() =>
      this.client
        .multi()
        .del(k.meeting)
        .del(...doomed)
        .exec(),
    );
    await this.call(() => this.client.zrem(ENDED_INDEX, meetingId));
    return Number(results?.[0]?.[1] ?? 0) > 0;
  }

  async meetingsEndedBefore(cutoff: number, limit: number): Promise<string[]> {
    const candidates = await this.call(() => this.client.zrangebyscore(ENDED_INDEX, '-inf', `(${cutoff}`, 'LIMIT', 0, limit));
    const ended: string[] = [];
    for (const meetingId of candidates) {
      // The index is written before the commit it belongs to: believe the meeting's own state.
      const state = await this.call(() => this.client.hget(keys(meetingId).meeting, 'state'));
      const endedAt = state === null ? null : (JSON.parse(state) as MeetingState).endedAt;
      if (endedAt !== null && endedAt < cutoff) ended.push(meetingId);
      else if (endedAt === null) await this.call(() => this.client.zrem(ENDED_INDEX, meetingId));
      else await this.call(() => this.client.zadd(ENDED_INDEX, endedAt, meetingId));
    }
    return ended;
  }

  async createModeratorLink(link: ModeratorLink): Promise<void> {
    const k = keys(link.meetingId);
    await this.call(() =>
      this.client.multi().hset(k.links, link.id, JSON.stringify(link)).hset(k.linkKeys, link.keyHash, link.id).exec(),
    );
  }

  async moderatorLinks(meetingId: string): Promise<ModeratorLink[]> {
    const all = await this.call(() => this.client.hvals(keys(meetingId).links));
    return all.map((json) => JSON.parse(json) as ModeratorLink).sort((a, b) => a.createdAt - b.createdAt);
  }

  async moderatorLinkByKeyHash(meetingId: string, keyHash: string): Promise<ModeratorLink | null> {
    const k = keys(meetingId);
    const linkId = await this.call(() => this.client.hget(k.linkKeys, keyHash));
    if (linkId === null) return null;
    const json = await this.call(() => this.client.hget(k.links, linkId));
    return json === null ? null : (JSON.parse(json) as ModeratorLink);
  }

  async revokeModeratorLink(meetingId: string, linkId: string, at: number): Promise<'revoked' | 'already_revoked' | 'not_found'> {
    const result = await this.call(() => this.scripts.revoke(keys(meetingId).links, linkId, at));
    return result as 'revoked' | 'already_revoked' | 'not_found';
  }

  async settingOrInit(key: string, value: string): Promise<string> {
    const redisKey = `plenary:setting:${key}`;
    await this.call(() => this.client.set(redisKey, value, 'NX'));
    const stored = await this.call(() => this.client.get(redisKey));
    if (stored === null) throw new Error(`setting ${key} vanished`);
    return stored;
  }

  async setting(key: string): Promise<string | null> {
    return this.call(() => this.client.get(`plenary:setting:${key}`));
  }

  async ping(): Promise<void> {
    await this.call(() => this.client.ping());
  }

  /** Read afresh each time: Redis may have been restarted with other settings. */
  async durability(): Promise<Durability> {
    return redisDurability(await this.call(() => readRedisPersistence(this.client)));
  }

  async close(): Promise<void> {
    await closeRedis(this.client);
  }

  /** Any failure to reach Redis becomes StoreUnavailableError: the caller answers `unavailable`. */
  private async call<T>(operation: () => Promise<T>): Promise<T> {
    try {
      return await operation();
    } catch (error) {
      if (error instanceof Error && /ERR|WRONGTYPE|NOSCRIPT/.test(error.message) && this.client.status === 'ready') throw error;
      throw new StoreUnavailableError(error);
    }
  }
}
