import type { Redis } from 'ioredis';
import type { VoteCounts } from '../../shared/model.js';
import { redisKeys } from '../store/redis.js';
import { closeRedis } from '../store/redis-close.js';
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
 * sequence numbers is the order of the reads. With no question ids, every
 * voted question's count.
 */
const READ = `
local sequence = redis.call('INCR', KEYS[1])
local ids = ARGV
if #ids == 0 then ids = redis.call('SMEMBERS', KEYS[2]) end
local out = {sequence}
for _, id in ipairs(ids) do
  out[#out + 1] = id
  out[#out + 1] = redis.call('SCARD', KEYS[3] .. id)
end
return out`;

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
    this.client.defineCommand('plenaryVotesRead', { numberOfKeys: 3, lua: READ });
    const commands = this.client as unknown as Record<string, Runner>;
    this.claimScript = (...args) => commands.plenaryVotesClaim?.(...args) ?? Promise.reject(new Error('script missing'));
    this.readScript = (...args) => commands.plenaryVotesRead?.(...args) ?? Promise.reject(new Error('script missing'));
    // Subscriptions need a connection of their own; it queues while Redis is away and subscribes again when back.
    this.subscriber = this.client.duplicate({ enableOfflineQueue: true });
    this.subscriber.on('error', onError);
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
    const reply = (await this.readScript(k.votesSequence, k.voted, k.votes(''), ...(questionIds ?? []))) as (string | number)[];
    const counts: VoteCounts = {};
    for (let i = 1; i + 1 < reply.length; i += 2) counts[String(reply[i])] = Number(reply[i + 1]);
    return { meetingId, sequence: Number(reply[0]), counts };
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
