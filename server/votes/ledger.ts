import type { VoteCounts } from '../../shared/model.js';

/** Vote counts of some questions, read in one step together with the meeting's next vote sequence. */
export interface VotesMessage {
  meetingId: string;
  /** Goes up with every read of the meeting's counts, across instances: a later read has a higher one. */
  sequence: number;
  counts: VoteCounts;
}

/**
 * What the instances of a deployment share about votes: who may broadcast a
 * meeting's counts next, the counts with their sequence, and the channel that
 * carries every broadcast to every instance. `LocalVoteLedger` serves one
 * instance (any store), `RedisVoteLedger` a cluster on Redis.
 */
export interface VoteLedger {
  /**
   * Claims the meeting's next broadcast for `intervalMs`: 0 when this
   * instance may send now, else how many ms until the slot is free. Whatever
   * the number of instances, a meeting gets at most one broadcast per interval.
   */
  claim(meetingId: string, intervalMs: number): Promise<number>;
  /** The counts of `questionIds` (every voted question when null), with a new sequence. */
  read(meetingId: string, questionIds: readonly string[] | null): Promise<VotesMessage>;
  /** Delivers `message` to every instance's subscriber (this one's too). */
  publish(message: VotesMessage): Promise<void>;
  subscribe(handler: (message: VotesMessage) => void): void;
  /** Drops what is held for the meeting (it was released or deleted). */
  forget(meetingId: string): void;
  close(): Promise<void>;
}
