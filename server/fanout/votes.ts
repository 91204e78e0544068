import type { VoteCounts } from '../../shared/model.js';
import type { MeetingStore } from '../store/types.js';

interface MeetingTally {
  counts: VoteCounts;
  dirty: Set<string>;
  timer: NodeJS.Timeout | null;
  lastSentAt: number;
}

/**
 * Vote counts per meeting, kept in memory from the store's exact answers, and
 * broadcast coalesced: at most one message per `intervalMs` per meeting, with
 * the latest count of every question that changed. A burst of thousands of
 * votes reaches each client as a few messages a second, and the last one
 * always carries the final counts.
 */
export class VoteTally {
  private readonly meetings = new Map<string, MeetingTally>();
  private readonly loading = new Map<string, Promise<MeetingTally>>();

  constructor(
    private readonly store: MeetingStore,
    private readonly publish: (meetingId: string, counts: VoteCounts) => void,
    private readonly intervalMs = 250,
  ) {}

  /** All counts of a meeting, loaded from the store the first time. */
  async counts(meetingId: string): Promise<VoteCounts> {
    return { ...(await this.tally(meetingId)).counts };
  }

  /** Records the exact count the store answered and schedules a broadcast. */
  async record(meetingId: string, questionId: string, count: number): Promise<void> {
    const tally = await this.tally(meetingId);
    tally.counts[questionId] = count;
    tally.dirty.add(questionId);
    if (tally.timer) return;
    const delay = Math.max(0, tally.lastSentAt + this.intervalMs - Date.now());
    tally.timer = setTimeout(() => this.flush(meetingId, tally), delay);
    tally.timer.unref();
  }

  stop(): void {
    for (const tally of this.meetings.values()) if (tally.timer) clearTimeout(tally.timer);
    this.meetings.clear();
  }

  private flush(meetingId: string, tally: MeetingTally): void {
    tally.timer = null;
    tally.lastSentAt = Date.now();
    const changed: VoteCounts = {};
    for (const questionId of tally.dirty) changed[questionId] = tally.counts[questionId] ?? 0;
    tally.dirty.clear();
    this.publish(meetingId, changed);
  }

  private tally(meetingId: string): Promise<MeetingTally> {
    const known = this.meetings.get(meetingId);
    if (known) return Promise.resolve(known);
    let pending = this.loading.get(meetingId);
    if (!pending) {
      pending = this.store.voteCounts(meetingId).then((counts) => {
        const tally: MeetingTally = { counts, dirty: new Set(), timer: null, lastSentAt: 0 };
        this.meetings.set(meetingId, tally);
        this.loading.delete(meetingId);
        return tally;
      });
      pending.catch(() => this.loading.delete(meetingId));
      this.loading.set(meetingId, pending);
    }
    return pending;
  }
}
