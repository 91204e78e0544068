import type { VoteCounts } from '../../shared/model.js';
import type { VoteLedger, VotesMessage } from './ledger.js';

/**
 * The ledger of a single instance: the slot and the sequence live in this
 * process. The sequence is one counter for every meeting, so it keeps going
 * up for a meeting released and held again; a restart starts it over, and
 * every client then gets a new welcome, which resets what it compares with.
 */
export class LocalVoteLedger implements VoteLedger {
  private sequence = 0;
  private readonly lastSentAt = new Map<string, number>();
  private handler: ((message: VotesMessage) => void) | null = null;

  constructor(
    private readonly voteCounts: (meetingId: string) => Promise<VoteCounts>,
    private readonly now: () => number = Date.now,
  ) {}

  async claim(meetingId: string, intervalMs: number): Promise<number> {
    const wait = (this.lastSentAt.get(meetingId) ?? Number.NEGATIVE_INFINITY) + intervalMs - this.now();
    if (wait > 0) return wait;
    this.lastSentAt.set(meetingId, this.now());
    return 0;
  }

  async read(meetingId: string, questionIds: readonly string[] | null): Promise<VotesMessage> {
    const all = await this.voteCounts(meetingId);
    // Numbered when the read completes: reads complete in the order they were made here, so numbers follow them.
    const sequence = ++this.sequence;
    if (questionIds === null) return { meetingId, sequence, counts: all };
    const counts: VoteCounts = {};
    for (const questionId of questionIds) counts[questionId] = all[questionId] ?? 0;
    return { meetingId, sequence, counts };
  }

  async publish(message: VotesMessage): Promise<void> {
    this.handler?.(message);
  }

  subscribe(handler: (message: VotesMessage) => void): void {
    this.handler = handler;
  }

  forget(meetingId: string): void {
    this.lastSentAt.delete(meetingId);
  }

  async close(): Promise<void> {
    this.handler = null;
  }
}
