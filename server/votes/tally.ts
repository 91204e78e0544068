import type { VoteCounts } from '../../shared/model.js';
import type { VoteLedger, VotesMessage } from './ledger.js';

interface PendingBroadcast {
  /** Questions voted on here since this instance's last broadcast of the meeting. */
  dirty: Set<string>;
  timer: NodeJS.Timeout | null;
}

interface ReadCount {
  count: number;
  /** Sequence of the read that gave the count. */
  sequence: number;
}

/** Counts received for a meeting and what has been sent of them to this instance's sockets. */
interface Outgoing {
  lastSentAt: number;
  /** Newest count of each question received and not yet sent. */
  held: Map<string, ReadCount>;
  /** Sequence each question was last sent with here: an older count of it is not sent again. */
  sent: Map<string, number>;
  timer: NodeJS.Timeout | null;
  /** Questions broadcast since the meeting's last settling read. */
  unsettled: Set<string>;
  settleTimer: NodeJS.Timeout | null;
  /** A settling read is on its way. */
  settling: boolean;
}

interface CachedCounts {
  /** Every count is at least as new as this sequence: what a welcome tells the client to compare with. */
  base: number;
  counts: Map<string, ReadCount>;
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
  /**
   * Shortest time between two broadcasts of one meeting, over all instances,
   * and between two messages to one socket (default 300 ms: at most four in
   * any second, with room for the jitter of the network and the event loop).
   */
  intervalMs?: number;
  /** Quiet time after a meeting's last broadcast before this instance reads its counts once more (default 1 s). */
  settleMs?: number;
}

/**
 * Vote counts, coalesced per meeting across instances. An instance that took
 * votes broadcasts the counts of those questions once it holds the meeting's
 * slot (one per `intervalMs` for all instances together), read after its
 * votes with a new sequence number; the last broadcast of a question carries
 * its final count, because it was read after the last vote. Every instance
 * receives every broadcast, keeps the counts of the meetings it holds (so a
 * join costs no read), and delivers it to its own sockets.
 *
 * Broadcasts of two instances can arrive out of order, and two held for
 * spacing go out as one message under the newer sequence; so once a
 * meeting's broadcasts stop, each instance holding it reads the counts it
 * sent once more, with a sequence newer than any before, and sends them: the
 * last word on every question is read after its last vote.
 */
export class VoteTally {
  private readonly pending = new Map<string, PendingBroadcast>();
  private readonly cache = new Map<string, CachedCounts>();
  private readonly loading = new Map<string, Promise<CachedCounts>>();
  private readonly outgoing = new Map<string, Outgoing>();
  private readonly intervalMs: number;
  private readonly settleMs: number;

  constructor(private readonly options: VoteTallyOptions) {
    this.intervalMs = options.intervalMs ?? 300;
    this.settleMs = options.settleMs ?? 1000;
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
    if (outgoing) stopTimers(outgoing);
    this.outgoing.delete(meetingId);
    this.options.ledger.forget(meetingId);
  }

  /** What is held in memory, for tests and benchmarks. */
  stats(): { meetings: number; cached: number; timers: number } {
    let timers = 0;
    for (const pending of this.pending.values()) timers += pending.timer ? 1 : 0;
    for (const outgoing of this.outgoing.values()) timers += (outgoing.timer ? 1 : 0) + (outgoing.settleTimer ? 1 : 0);
    return { meetings: this.pending.size + this.outgoing.size, cached: this.cache.size, timers };
  }

  stop(): void {
    for (const pending of this.pending.values()) if (pending.timer) clearTimeout(pending.timer);
    this.pending.clear();
    for (const outgoing of this.outgoing.values()) stopTimers(outgoing);
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

  private receive(message: VotesMessage, settling = false): void {
    const { meetingId, sequence } = message;
    const cached = this.cache.get(meetingId);
    const outgoing = this.outgoingOf(meetingId);
    for (const [questionId, count] of Object.entries(message.counts)) {
      // A count read before one already known here is stale: it updates neither the cache nor the sockets.
      const known = Math.max(cached?.counts.get(questionId)?.sequence ?? 0, outgoing.sent.get(questionId) ?? 0);
      if (sequence <= known) continue;
      if (cached) merge(cached, questionId, count, sequence);
      const held = outgoing.held.get(questionId);
      if (!held || held.sequence < sequence) outgoing.held.set(questionId, { count, sequence });
      if (!settling) outgoing.unsettled.add(questionId);
    }
    if (!settling && outgoing.unsettled.size > 0) this.armSettle(meetingId, outgoing);
    this.release(meetingId, outgoing);
  }

  private outgoingOf(meetingId: string): Outgoing {
    let outgoing = this.outgoing.get(meetingId);
    if (!outgoing) {
      outgoing = {
        lastSentAt: Number.NEGATIVE_INFINITY,
        held: new Map(),
        sent: new Map(),
        timer: null,
        unsettled: new Set(),
        settleTimer: null,
        settling: false,
      };
      this.outgoing.set(meetingId, outgoing);
    }
    return outgoing;
  }

  /**
   * Sends what is held to this instance's sockets, at most one message per
   * interval: the slot spaces broadcasts where they are read, but a slow read
   * or publish can bring two closer where they arrive. Counts that wait are
   * merged (the newest of each question) and go out under the newest sequence.
   */
  private release(meetingId: string, outgoing: Outgoing): void {
    if (outgoing.timer) return;
    const wait = outgoing.lastSentAt + this.intervalMs - Date.now();
    if (wait > 0) {
      outgoing.timer = setTimeout(() => {
        outgoing.timer = null;
        this.release(meetingId, outgoing);
      }, wait);
      outgoing.timer.unref();
      return;
    }
    if (outgoing.held.size === 0) {
      this.dropIfIdle(meetingId, outgoing);
      return;
    }
    let sequence = 0;
    const counts: VoteCounts = {};
    for (const [questionId, held] of outgoing.held) {
      sequence = Math.max(sequence, held.sequence);
      counts[questionId] = held.count;
    }
    outgoing.held.clear();
    for (const questionId of Object.keys(counts)) outgoing.sent.set(questionId, sequence);
    outgoing.lastSentAt = Date.now();
    this.options.deliver({ meetingId, sequence, counts });
    // Wakes up once the interval has passed: sends what came meanwhile, or lets the meeting go.
    this.release(meetingId, outgoing);
  }

  private armSettle(meetingId: string, outgoing: Outgoing): void {
    if (outgoing.settleTimer) clearTimeout(outgoing.settleTimer);
    outgoing.settleTimer = setTimeout(() => void this.settle(meetingId, outgoing), this.settleMs);
    outgoing.settleTimer.unref();
  }

  /** The last word after the meeting's broadcasts stopped: a fresh read of the counts sent here, to this instance's sockets only. */
  private async settle(meetingId: string, outgoing: Outgoing): Promise<void> {
    outgoing.settleTimer = null;
    const questions = [...outgoing.unsettled];
    outgoing.unsettled.clear();
    outgoing.settling = true;
    try {
      const message = await this.options.ledger.read(meetingId, questions);
      outgoing.settling = false;
      if (this.outgoing.get(meetingId) !== outgoing) return;
      this.receive(message, true);
    } catch (error) {
      outgoing.settling = false;
      this.options.onError(error);
      if (this.outgoing.get(meetingId) !== outgoing) return;
      for (const questionId of questions) outgoing.unsettled.add(questionId);
      this.armSettle(meetingId, outgoing);
    }
  }

  /** Nothing stays for a meeting whose counts have all gone out and settled. */
  private dropIfIdle(meetingId: string, outgoing: Outgoing): void {
    if (outgoing.timer || outgoing.settleTimer || outgoing.settling || outgoing.held.size > 0 || outgoing.unsettled.size > 0)
      return;
    if (this.outgoing.get(meetingId) === outgoing) this.outgoing.delete(meetingId);
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

function stopTimers(outgoing: Outgoing): void {
  if (outgoing.timer) clearTimeout(outgoing.timer);
  if (outgoing.settleTimer) clearTimeout(outgoing.settleTimer);
  outgoing.timer = null;
  outgoing.settleTimer = null;
}

function merge(entry: CachedCounts, questionId: string, count: number, sequence: number): void {
  const known = entry.counts.get(questionId);
  if (!known || known.sequence < sequence) entry.counts.set(questionId, { count, sequence });
}
