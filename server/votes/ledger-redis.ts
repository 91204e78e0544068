import type { Redis } from 'ioredis';
import type { VoteCounts } from '../../shared/model.js';
import { redisKeys } from '../store/redis.js';
import { closeRedis } from '../store/redis-close.js';
import { subscriberOf } from '../store/redis-subscriber.js';
import type { VoteLedger, VotesMessage } from './ledger.js';

const CHANNEL = 'plenary:votes';

/** The slot: whoever sets it first broadcasts; the others learn how long it still runs. */
const CLAIM = `
if redis.call('SET', KEYS[1], '1', 'PX', ARGV[1], 'NX') then return 0 end
local left = redis.call('PTTL', KEYS[1])
if left < 0 then return 1 end
return left`;

/**
 * Counts and sequence in one step (a script runs alone): the order of the
 * sequence numbers is the order of the reads. KEYS: the sequence, the set of
 * voted questions, then one vote set per question (ARGV: their ids, in the
 * same order), so every key is declared, as a Redis Cluster requires. When
 * reading every voted question (ARGV[1] = '*', the ids listed beforehand),
 * a set that changed meanwhile answers -1 and the caller lists them again.
 */
const READ = `
if ARGV[1] == '*' then
  if redis.call('SCARD', KEYS[2]) ~= #KEYS - 2 then return {-1} end
  for i = 3, #KEYS do
    if redis.call('SISMEMBER', KEYS[2], ARGV[i - 1]) == 0 then return {-1} end
  end
end
local sequence = redis.call('INCR', KEYS[1])
local out = {sequence}
local offset = 0
if ARGV[1] == '*' then offset = 1 end
for i = 3, #KEYS do
  out[#out + 1] = ARGV[i - 2 + offset]
  out[#out + 1] = redis.call('SCARD', KEYS[i])
end
return out`;

/** Attempts at listing every voted question while votes keep adding new ones. */
const READ_ALL_ATTEMPTS = 10;

type Runner = (...args: (string | number)[]) => Promise<unknown>;

/**
 * The ledger of a cluster: slot and sequence are keys of the meeting in Redis
 * (same hash tag as the store's), and broadcasts travel on one pub/sub
 * channel that every instance subscribes to, so each one sees every count
 * (for its join cache) and sends it to its own sockets, per audience.
 */
export class RedisVoteLedger implements VoteLedger {
  private readonly subscriber: Redis;
  private readonly claimScript: Runner;
  private readonly readScript: Runner;
  private handler: ((message: VotesMessage) => void) | null = null;

  constructor(
    private readonly client: Redis,
    onError: (error: Error) => void,
  ) {
    this.client.defineCommand('plenaryVotesClaim', { numberOfKeys: 1, lua: CLAIM });
    const commands = this.client as unknown as Record<string, Runner>;
    this.claimScript = (...args) => commands.plenaryVotesClaim?.(...args) ?? Promise.reject(new Error('script missing'));
    // The number of keys varies with the questions read: ioredis takes it as the first argument.
    this.client.defineCommand('plenaryVotesRead', { lua: READ });
    this.readScript = (...args) => commands.plenaryVotesRead?.(...args) ?? Promise.reject(new Error('script missing'));
    this.subscriber = subscriberOf(this.client, onError);
    this.subscriber.on('message', (_channel: string, json: string) => {
      try {
        this.handler?.(JSON.parse(json) as VotesMessage);
      } catch (error) {
        onError(error as Error);
      }
    });
    void this.subscriber.subscribe(CHANNEL).catch(onError);
  }

  async claim(meetingId: string, intervalMs: number): Promise<number> {
    return Number(await this.claimScript(redisKeys(meetingId).votesSlot, Math.max(1, Math.round(intervalMs))));
  }

  async read(meetingId: string, questionIds: readonly string[] | null): Promise<VotesMessage> {
    const k = redisKeys(meetingId);
    for (let attempt = 0; attempt < READ_ALL_ATTEMPTS; attempt++) {
      const ids = questionIds ?? (await this.client.smembers(k.voted));
      const keys = [k.votesSequence, k.voted, ...ids.map((questionId) => k.votes(questionId))];
      const args = questionIds ? ids : ['*', ...ids];
      const reply = (await this.readScript(keys.length, ...keys, ...args)) as (string | number)[];
      if (Number(reply[0]) < 0) continue;
      const counts: VoteCounts = {};
      for (let i = 1; i + 1 < reply.length; i += 2) counts[String(reply[i])] = Number(reply[i + 1]);
      return { meetingId, sequence: Number(reply[0]), counts };
    }
    throw new Error('the voted questions kept changing while being read');
  }

  async publish(message: VotesMessage): Promise<void> {
    await this.client.publish(CHANNEL, JSON.stringify(message));
  }

  subscribe(handler: (message: VotesMessage) => void): void {
    this.handler = handler;
  }

  forget(): void {
    // Nothing is held here: slot and sequence live in Redis (the slot expires by itself).
  }

  async close(): Promise<void> {
    this.handler = null;
    await closeRedis(this.subscriber);
  }
}
