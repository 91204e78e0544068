import type { VoteCounts } from '../../shared/model.js';
import type { VoteLedger, VotesMessage } from './ledger.js';

interface PendingBroadcast {
  /** Questions voted on here since this instance's last broadcast of the meeting. */
  dirty: Set<string>;
  timer: NodeJS.Timeout | null;
}

/** Broadcasts received for a meeting and not yet sent to this instance's sockets. */
interface Outgoing {
  lastSentAt: number;
  held: VotesMessage | null;
  timer: NodeJS.Timeout | null;
}

interface CachedCounts {
  /** Every count is at least as new as this sequence: what a welcome tells the client to compare with. */
  base: number;
  counts: Map<string, { count: number; sequence: number }>;
}

/** The counts a joiner starts from, and the sequence later `votes` messages are compared with. */
export interface WelcomeVotes {
  sequence: number;
  counts: VoteCounts;
}

export interface VoteTallyOptions {
  ledger: VoteLedger;
  /** Sends a broadcast to this instance's sockets of the meeting (each audience what it may see). */
  deliver: (message: VotesMessage) => void;
  onError: (error: unknown) => void;
  /** Shortest time between two broadcasts of one meeting, over all instances (default 250 ms: four a second). */
  intervalMs?: number;
}

/**
 * Vote counts, coalesced per meeting across instances. An instance that took
 * votes broadcasts the counts of those questions once it holds the meeting's
 * slot (one per `intervalMs` for all instances together), read after its
 * votes with a new sequence number; the last broadcast of a question carries
 * its final count, because it was read after the last vote. Every instance
 * receives every broadcast, keeps the counts of the meetings it holds (so a
 * join costs no read), and delivers it to its own sockets.
 */
export class VoteTally {
  private readonly pending = new Map<string, PendingBroadcast>();
  private readonly cache = new Map<string, CachedCounts>();
  private readonly loading = new Map<string, Promise<CachedCounts>>();
  private readonly outgoing = new Map<string, Outgoing>();
  private readonly intervalMs: number;

  constructor(private readonly options: VoteTallyOptions) {
    this.intervalMs = options.intervalMs ?? 250;
    options.ledger.subscribe((message) => this.receive(message));
  }

  /** A vote was stored on this instance: its question's count goes out with the next broadcast. */
  record(meetingId: string, questionId: string): void {
    let pending = this.pending.get(meetingId);
    if (!pending) {
      pending = { dirty: new Set(), timer: null };
      this.pending.set(meetingId, pending);
    }
    pending.dirty.add(questionId);
    if (!pending.timer) this.schedule(meetingId, pending, 0);
  }

  /** The meeting's counts for a welcome: from memory once held, read once for every joiner meanwhile. */
  async welcome(meetingId: string): Promise<WelcomeVotes> {
    const cached = this.cache.get(meetingId) ?? (await this.load(meetingId));
    const counts: VoteCounts = {};
    for (const [questionId, { count }] of cached.counts) if (count > 0) counts[questionId] = count;
    return { sequence: cached.base, counts };
  }

  /** Drops everything held for the meeting (released or deleted). */
  forget(meetingId: string): void {
    const pending = this.pending.get(meetingId);
    if (pending?.timer) clearTimeout(pending.timer);
    this.pending.delete(meetingId);
    this.cache.delete(meetingId);
    this.loading.delete(meetingId);
    const outgoing = this.outgoing.get(meetingId);
    if (outgoing?.timer) clearTimeout(outgoing.timer);
    this.outgoing.delete(meetingId);
    this.options.ledger.forget(meetingId);
  }

  /** What is held in memory, for tests and benchmarks. */
  stats(): { meetings: number; cached: number; timers: number } {
    let timers = 0;
    for (const pending of this.pending.values()) timers += pending.timer ? 1 : 0;
    for (const outgoing of this.outgoing.values()) timers += outgoing.timer ? 1 : 0;
    return { meetings: this.pending.size + this.outgoing.size, cached: this.cache.size, timers };
  }

  stop(): void {
    for (const pending of this.pending.values()) if (pending.timer) clearTimeout(pending.timer);
    this.pending.clear();
    for (const outgoing of this.outgoing.values()) if (outgoing.timer) clearTimeout(outgoing.timer);
    this.outgoing.clear();
    this.cache.clear();
    this.loading.clear();
  }

  private load(meetingId: string): Promise<CachedCounts> {
    const inFlight = this.loading.get(meetingId);
    if (inFlight) return inFlight;
    // Broadcasts that arrive while the read is on its way are kept: the entry exists before the read.
    const entry: CachedCounts = { base: 0, counts: new Map() };
    this.cache.set(meetingId, entry);
    const loaded = this.options.ledger
      .read(meetingId, null)
      .then((message) => {
        entry.base = message.sequence;
        for (const [questionId, count] of Object.entries(message.counts)) merge(entry, questionId, count, message.sequence);
        return entry;
      })
      .catch((error: unknown) => {
        if (this.cache.get(meetingId) === entry) this.cache.delete(meetingId);
        throw error;
      })
      .finally(() => {
        if (this.loading.get(meetingId) === loaded) this.loading.delete(meetingId);
      });
    this.loading.set(meetingId, loaded);
    return loaded;
  }

  private receive(message: VotesMessage): void {
    const cached = this.cache.get(message.meetingId);
    if (cached)
      for (const [questionId, count] of Object.entries(message.counts)) merge(cached, questionId, count, message.sequence);
    this.space(message);
  }

  /**
   * Sends to this instance's sockets at most one message per interval: the
   * slot spaces broadcasts where they are read, but a slow read or publish can
   * bring two closer where they arrive. One that comes too early waits, merged
   * with any that follow (the newest count of each question, under the
   * newest sequence).
   */
  private space(message: VotesMessage): void {
    const { meetingId } = message;
    let outgoing = this.outgoing.get(meetingId);
    if (!outgoing) {
      outgoing = { lastSentAt: Number.NEGATIVE_INFINITY, held: null, timer: null };
      this.outgoing.set(meetingId, outgoing);
    }
    const wait = outgoing.lastSentAt + this.intervalMs - Date.now();
    if (wait <= 0 && !outgoing.held) {
      outgoing.lastSentAt = Date.now();
      this.options.deliver(message);
      this.armRelease(meetingId, outgoing);
      return;
    }
    const held = outgoing.held;
    outgoing.held =
      held === null
        ? message
        : {
            meetingId,
            sequence: Math.max(held.sequence, message.sequence),
            counts:
              message.sequence > held.sequence ? { ...held.counts, ...message.counts } : { ...message.counts, ...held.counts },
          };
    this.armRelease(meetingId, outgoing);
  }

  /** Sends what is held once the interval since the last message has passed; then nothing stays for the meeting. */
  private armRelease(meetingId: string, outgoing: Outgoing): void {
    if (outgoing.timer) clearTimeout(outgoing.timer);
    outgoing.timer = setTimeout(
      () => {
        outgoing.timer = null;
        const due = outgoing.held;
        outgoing.held = null;
        if (due) {
          outgoing.lastSentAt = Date.now();
          this.options.deliver(due);
          this.armRelease(meetingId, outgoing);
        } else if (this.outgoing.get(meetingId) === outgoing) this.outgoing.delete(meetingId);
      },
      Math.max(0, outgoing.lastSentAt + this.intervalMs - Date.now()),
    );
    outgoing.timer.unref();
  }

  private schedule(meetingId: string, pending: PendingBroadcast, delay: number): void {
    pending.timer = setTimeout(() => void this.broadcast(meetingId, pending), delay);
    pending.timer.unref();
  }

  private async broadcast(meetingId: string, pending: PendingBroadcast): Promise<void> {
    const { ledger } = this.options;
    let questions: string[] = [];
    try {
      const wait = await ledger.claim(meetingId, this.intervalMs);
      if (this.pending.get(meetingId) !== pending) return;
      // Another instance (or this one) broadcast within the interval: try again when its slot ends.
      if (wait > 0) return this.schedule(meetingId, pending, wait);
      pending.timer = null;
      questions = [...pending.dirty];
      pending.dirty.clear();
      // Nothing stays for a meeting whose votes have gone out.
      this.pending.delete(meetingId);
      await ledger.publish(await ledger.read(meetingId, questions));
    } catch (error) {
      this.options.onError(error);
      // Redis away: the questions go out with a later broadcast, after an interval.
      const retry = this.pending.get(meetingId) ?? pending;
      this.pending.set(meetingId, retry);
      for (const questionId of questions) retry.dirty.add(questionId);
      if (retry.timer) clearTimeout(retry.timer);
      this.schedule(meetingId, retry, this.intervalMs);
    }
  }
}

function merge(entry: CachedCounts, questionId: string, count: number, sequence: number): void {
  const known = entry.counts.get(questionId);
  if (!known || known.sequence < sequence) entry.counts.set(questionId, { count, sequence });
}
