import type { VoteCounts } from '../../shared/model.js';
import type { MeetingStore } from '../store/types.js';

interface MeetingTally {
  /** Questions voted on since the last broadcast. */
  dirty: Set<string>;
  /** Questions voted on since the last settling broadcast. */
  unsettled: Set<string>;
  timer: NodeJS.Timeout | null;
  settleTimer: NodeJS.Timeout | null;
  lastSentAt: number;
}

/**
 * Broadcasts vote counts, coalesced: at most one message per `intervalMs` per
 * meeting, with the counts of the questions that changed, read from the store
 * when the message leaves (so they are exact at that moment, whichever
 * instance took the votes). `settleMs` after the last vote a final message
 * re-reads them all: when several instances take votes at once, the last
 * word any screen gets is the store's final count. A meeting's tally is
 * kept only until that settling message has left, so nothing is held for a
 * meeting nobody votes in.
 */
export class VoteTally {
  private readonly meetings = new Map<string, MeetingTally>();

  constructor(
    private readonly store: MeetingStore,
    private readonly publish: (meetingId: string, counts: VoteCounts) => void,
    private readonly onError: (error: unknown) => void,
    private readonly intervalMs = 250,
    private readonly settleMs = 1000,
  ) {}

  /** Every question's exact count, from the store. */
  counts(meetingId: string): Promise<VoteCounts> {
    return this.store.voteCounts(meetingId);
  }

  record(meetingId: string, questionId: string): void {
    let tally = this.meetings.get(meetingId);
    if (!tally) {
      tally = { dirty: new Set(), unsettled: new Set(), timer: null, settleTimer: null, lastSentAt: 0 };
      this.meetings.set(meetingId, tally);
    }
    tally.dirty.add(questionId);
    tally.unsettled.add(questionId);
    const current = tally;
    if (!current.timer) {
      const delay = Math.max(0, current.lastSentAt + this.intervalMs - Date.now());
      current.timer = setTimeout(() => {
        current.timer = null;
        current.lastSentAt = Date.now();
        const questions = new Set(current.dirty);
        current.dirty.clear();
        this.forgetWhenSettled(meetingId, current);
        void this.send(meetingId, questions);
      }, delay);
      current.timer.unref();
    }
    if (current.settleTimer) clearTimeout(current.settleTimer);
    current.settleTimer = setTimeout(() => {
      current.settleTimer = null;
      const questions = new Set(current.unsettled);
      current.unsettled.clear();
      this.forgetWhenSettled(meetingId, current);
      void this.send(meetingId, questions);
    }, this.settleMs);
    current.settleTimer.unref();
  }

  /** Drops a meeting's pending broadcasts at once (it was deleted). */
  forget(meetingId: string): void {
    const tally = this.meetings.get(meetingId);
    if (!tally) return;
    this.clearTimers(tally);
    this.meetings.delete(meetingId);
  }

  /** What is held in memory, for tests and benchmarks. */
  stats(): { meetings: number; timers: number } {
    let timers = 0;
    for (const tally of this.meetings.values()) timers += (tally.timer ? 1 : 0) + (tally.settleTimer ? 1 : 0);
    return { meetings: this.meetings.size, timers };
  }

  stop(): void {
    for (const tally of this.meetings.values()) this.clearTimers(tally);
    this.meetings.clear();
  }

  /** A tally lives only while a broadcast is due: nothing stays for a meeting whose votes have settled. */
  private forgetWhenSettled(meetingId: string, tally: MeetingTally): void {
    if (!tally.timer && !tally.settleTimer && this.meetings.get(meetingId) === tally) this.meetings.delete(meetingId);
  }

  private clearTimers(tally: MeetingTally): void {
    if (tally.timer) clearTimeout(tally.timer);
    if (tally.settleTimer) clearTimeout(tally.settleTimer);
    tally.timer = null;
    tally.settleTimer = null;
  }

  private async send(meetingId: string, questions: ReadonlySet<string>): Promise<void> {
    try {
      const all = await this.store.voteCounts(meetingId);
      const counts: VoteCounts = {};
      for (const questionId of questions) counts[questionId] = all[questionId] ?? 0;
      this.publish(meetingId, counts);
    } catch (error) {
      this.onError(error);
    }
  }
}
