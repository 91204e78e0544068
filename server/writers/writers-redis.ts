import { randomUUID } from 'node:crypto';
import type { Redis } from 'ioredis';
import { DomainError, type ErrorBody } from '../../shared/errors.js';
import type { CommandAck } from '../../shared/protocol.js';
import { redisKeys } from '../store/redis.js';
import { closeRedis } from '../store/redis-close.js';
import { subscriberOf } from '../store/redis-subscriber.js';
import type { ForwardOutcome, Writers } from './writers.js';

/** How long a lease lasts unless renewed (ms). Its writer renews it, while commands come, once half has passed. */
export const LEASE_MS = 6_000;
/** How long a forwarded command waits for the writer's answer before it is decided here instead (ms). */
export const FORWARD_TIMEOUT_MS = 2_000;
/** A lease of this instance is not relied on in its last second: by then Redis may give it to another. */
const LEASE_MARGIN_MS = 1_000;
/** Writers known here beyond which expired entries are swept (meetings reached only over HTTP are never released). */
const KNOWN_LIMIT = 1_000;
/** How long to wait for commands being decided for others when stopping (ms). */
const CLOSE_WAIT_MS = 2_000;

/**
 * Takes the meeting's lease when it is free, already this instance's
 * (renewing it), or held by an instance known to be gone (ARGV[3], '' for
 * none); otherwise names its holder and the milliseconds it has left.
 */
const CLAIM = `
local holder = redis.call('GET', KEYS[1])
if not holder or holder == ARGV[1] or holder == ARGV[3] then
  redis.call('SET', KEYS[1], ARGV[1], 'PX', ARGV[2])
  return {ARGV[1], tonumber(ARGV[2])}
end
return {holder, redis.call('PTTL', KEYS[1])}`;

/** Gives the lease up, only if it is still this instance's. */
const RELEASE = `if redis.call('GET', KEYS[1]) == ARGV[1] then return redis.call('DEL', KEYS[1]) end
return 0`;

/** Who writes a meeting, as known here, and until when that is worth believing. */
interface KnownWriter {
  holder: string;
  /** Until then (ms since the epoch), commands go to `holder` without asking Redis. */
  until: number;
  /** For this instance's own lease: from then on, it is renewed in the background. */
  renewFrom: number;
}

/** A command sent to the meeting's writer, and the writer's reply. */
type Message =
  | { kind: 'command'; from: string; requestId: string; meetingId: string; work: unknown }
  | ({ kind: 'reply'; requestId: string } & Reply);
type Reply = { ack: CommandAck } | { refusal: ErrorBody } | { failed: true };
/** Why a forwarded command has no answer: none came in time, the writer is gone, or this instance is stopping. */
type Unanswered = 'timeout' | 'gone' | 'closing';

type Runner = (...args: (string | number)[]) => Promise<unknown>;

const channelOf = (instance: string) => `plenary:writers:${instance}`;

export interface RedisWritersOptions {
  /** The instance's name (logs, metrics); a random suffix makes its writer id unique to this process. */
  instanceId: string;
  onError: (error: Error) => void;
  /** Called with the outcome of every forwarded command (metrics). */
  onForward?: (outcome: ForwardOutcome) => void;
  now?: () => number;
}

/**
 * Writers of a cluster. A meeting's writer holds a lease in Redis (a key
 * with the writer's id that expires after LEASE_MS); the first instance that
 * gets a command of a meeting without a writer takes it. The others publish
 * their commands on the writer's own channel and wait for its answer on
 * theirs. A writer that stopped or died has no listener on its channel:
 * PUBLISH says so at once, and its lease is taken over; one that does not
 * answer within FORWARD_TIMEOUT_MS has the command decided by the sender
 * (the compare-and-set and the command id keep that safe).
 */
export class RedisWriters<Work> implements Writers<Work> {
  /** This process's writer id: a restarted instance is another writer. */
  readonly id: string;
  private readonly subscriber: Redis;
  /** Whether forwarded commands reach this instance yet: only then does it take leases. */
  private listening = false;
  /** Resolves once forwarded commands reach this instance (tests wait for it). */
  readonly ready: Promise<void>;
  private readonly claimScript: Runner;
  private readonly releaseScript: Runner;
  private readonly known = new Map<string, KnownWriter>();
  /** Claims under way, one per meeting, shared by the commands that wait for them. */
  private readonly claiming = new Map<string, Promise<string>>();
  /** Forwarded commands of this instance waiting for their answer, by request id, with the writer they went to. */
  private readonly waiting = new Map<string, { holder: string; settle: (reply: Reply | Unanswered) => void }>();
  /** Commands this instance is deciding for others. */
  private readonly serving = new Set<Promise<unknown>>();
  private decide: ((meetingId: string, work: Work) => Promise<CommandAck>) | null = null;
  private serial = 0;
  private closing = false;
  private readonly now: () => number;

  constructor(
    private readonly client: Redis,
    private readonly options: RedisWritersOptions,
  ) {
    this.id = `${options.instanceId}-${randomUUID().slice(0, 8)}`;
    this.now = options.now ?? Date.now;
    this.client.defineCommand('plenaryWriterClaim', { numberOfKeys: 1, lua: CLAIM });
    this.client.defineCommand('plenaryWriterRelease', { numberOfKeys: 1, lua: RELEASE });
    const commands = this.client as unknown as Record<string, Runner>;
    this.claimScript = (...args) => commands.plenaryWriterClaim?.(...args) ?? Promise.reject(new Error('script missing'));
    this.releaseScript = (...args) => commands.plenaryWriterRelease?.(...args) ?? Promise.reject(new Error('script missing'));
    this.subscriber = subscriberOf(this.client, options.onError);
    this.subscriber.on('message', (_channel: string, json: string) => this.receive(json));
    this.ready = this.subscriber.subscribe(channelOf(this.id)).then(
      () => {
        this.listening = true;
      },
      (error: Error) => {
        options.onError(error);
        // Never resolves: this instance then decides commands where they arrive, without a lease.
        return new Promise<void>(() => undefined);
      },
    );
  }

  async route(meetingId: string, work: Work, decideHere: () => Promise<CommandAck>): Promise<CommandAck> {
    // Stopping: what still comes (commands in flight on this instance's sockets) is decided here.
    if (this.closing) return decideHere();
    let holder: string;
    try {
      holder = await this.writerOf(meetingId);
    } catch {
      // Redis is away: deciding here gets the store's own answer (`unavailable`), as without writers.
      return decideHere();
    }
    if (holder === this.id) return decideHere();
    return this.forward(holder, meetingId, work, decideHere);
  }

  serve(decide: (meetingId: string, work: Work) => Promise<CommandAck>): void {
    this.decide = decide;
  }

  release(meetingId: string): void {
    const known = this.known.get(meetingId);
    this.known.delete(meetingId);
    if (known?.holder === this.id) {
      this.releaseScript(redisKeys(meetingId).writer, this.id).catch(this.options.onError);
    }
  }

  async close(): Promise<void> {
    this.closing = true;
    // Others stop forwarding here at once: PUBLISH finds no listener, and the leases are free.
    await closeRedis(this.subscriber);
    const mine = [...this.known].filter(([, known]) => known.holder === this.id).map(([meetingId]) => meetingId);
    this.known.clear();
    await Promise.all(mine.map((meetingId) => this.releaseScript(redisKeys(meetingId).writer, this.id).catch(() => undefined)));
    // Commands waiting for an answer that can no longer arrive are decided here.
    for (const { settle } of [...this.waiting.values()]) settle('closing');
    await Promise.race([Promise.all(this.serving), new Promise((resolve) => setTimeout(resolve, CLOSE_WAIT_MS).unref())]);
  }

  /** Forwarded-command bookkeeping, for tests: what is waiting now. */
  stats(): { knownWriters: number; waiting: number; serving: number } {
    return { knownWriters: this.known.size, waiting: this.waiting.size, serving: this.serving.size };
  }

  /** The meeting's writer: from what is known here while it holds, else from Redis (taking the lease when free). */
  private writerOf(meetingId: string): Promise<string> {
    const known = this.known.get(meetingId);
    const now = this.now();
    if (known && now < known.until) {
      if (known.holder === this.id && now >= known.renewFrom) this.renew(meetingId);
      return Promise.resolve(known.holder);
    }
    return this.claim(meetingId, '');
  }

  /** Renews this instance's lease in the background, once at a time per meeting. */
  private renew(meetingId: string): void {
    if (this.claiming.has(meetingId)) return;
    this.claim(meetingId, '').catch(this.options.onError);
  }

  private claim(meetingId: string, goneHolder: string): Promise<string> {
    const under = this.claiming.get(meetingId);
    if (under) return under;
    const claim = (async () => {
      // A lease is taken only once forwarded commands can reach this instance; until then (Redis away at
      // start), commands are decided where they arrive, and the store answers for itself.
      if (!this.listening) throw new Error('not subscribed to forwarded commands yet');
      const startedAt = this.now();
      const [holder, leftMs] = (await this.claimScript(redisKeys(meetingId).writer, this.id, LEASE_MS, goneHolder)) as [
        string,
        number,
      ];
      if (this.closing) return holder;
      if (this.known.size >= KNOWN_LIMIT) this.sweepExpired();
      this.known.set(
        meetingId,
        holder === this.id
          ? { holder, until: startedAt + LEASE_MS - LEASE_MARGIN_MS, renewFrom: startedAt + LEASE_MS / 2 }
          : { holder, until: this.now() + Math.max(0, leftMs), renewFrom: Number.POSITIVE_INFINITY },
      );
      return holder;
    })();
    this.claiming.set(meetingId, claim);
    const done = () => {
      if (this.claiming.get(meetingId) === claim) this.claiming.delete(meetingId);
    };
    claim.then(done, done);
    return claim;
  }

  private sweepExpired(): void {
    const now = this.now();
    for (const [meetingId, known] of this.known) if (known.until <= now) this.known.delete(meetingId);
  }

  private async forward(
    holder: string,
    meetingId: string,
    work: Work,
    decideHere: () => Promise<CommandAck>,
  ): Promise<CommandAck> {
    const requestId = `${++this.serial}`;
    const answer = new Promise<Reply | Unanswered>((resolve) => {
      const timer = setTimeout(() => settle('timeout'), FORWARD_TIMEOUT_MS);
      const settle = (reply: Reply | Unanswered) => {
        clearTimeout(timer);
        this.waiting.delete(requestId);
        resolve(reply);
      };
      this.waiting.set(requestId, { holder, settle });
    });
    const message: Message = { kind: 'command', from: this.id, requestId, meetingId, work };
    let listeners: number;
    try {
      listeners = await this.client.publish(channelOf(holder), JSON.stringify(message));
    } catch {
      this.waiting.get(requestId)?.settle('closing');
      return decideHere();
    }
    if (listeners === 0) {
      // The writer stopped or died. Commands sent to it before (perhaps this client's, a moment ago) will
      // get no answer either: they are decided here first, so that one client's commands keep their order.
      for (const waiting of [...this.waiting.values()]) if (waiting.holder === holder) waiting.settle('gone');
      this.options.onForward?.('no_writer');
      // Its lease is taken over, so that the next commands are decided here at once. (On a Redis Cluster,
      // PUBLISH counts the listeners of one node only: there, this would need SPUBLISH or a count of all.)
      this.known.delete(meetingId);
      try {
        await this.claim(meetingId, holder);
      } catch {
        // Redis away: deciding here gets the store's own answer.
      }
      return decideHere();
    }
    const reply = await answer;
    if (reply === 'closing') return decideHere();
    if (reply === 'gone') {
      this.options.onForward?.('no_writer');
      return decideHere();
    }
    if (reply === 'timeout') {
      this.options.onForward?.('timeout');
      // Until its lease would have run out, the meeting's commands are decided here too (racing it, safely).
      this.known.set(meetingId, { holder: this.id, until: this.now() + LEASE_MS, renewFrom: Number.POSITIVE_INFINITY });
      return decideHere();
    }
    if ('ack' in reply) {
      this.options.onForward?.('answered');
      return reply.ack;
    }
    if ('refusal' in reply) {
      this.options.onForward?.('answered');
      const { code, message: text, issues } = reply.refusal;
      throw new DomainError(code, text, issues);
    }
    this.options.onForward?.('failed');
    return decideHere();
  }

  private receive(json: string): void {
    let message: Message;
    try {
      message = JSON.parse(json) as Message;
    } catch (error) {
      this.options.onError(error as Error);
      return;
    }
    if (message.kind === 'reply') {
      this.waiting.get(message.requestId)?.settle(message);
      return;
    }
    if (message.kind === 'command') this.serveOne(message);
  }

  /**
   * Decides a command another instance forwarded and sends it the answer. The
   * work comes from another instance of Plenary, which checked it at its edge;
   * Redis is trusted as the store is.
   */
  private serveOne({ from, requestId, meetingId, work }: Extract<Message, { kind: 'command' }>): void {
    const known = this.known.get(meetingId);
    if (known?.holder === this.id && this.now() >= known.renewFrom) this.renew(meetingId);
    const decide = this.decide;
    const decided: Promise<Reply> =
      decide === null || this.closing
        ? Promise.resolve({ failed: true })
        : decide(meetingId, work as Work).then(
            (ack): Reply => ({ ack }),
            (error: unknown): Reply => (error instanceof DomainError ? { refusal: error.toBody() } : { failed: true }),
          );
    const task = decided
      .then((reply) => this.client.publish(channelOf(from), JSON.stringify({ kind: 'reply', requestId, ...reply })))
      .catch(this.options.onError);
    this.serving.add(task);
    void task.then(() => this.serving.delete(task));
  }
}
