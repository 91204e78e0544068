import type { PresenceCounts } from '../../shared/model.js';

/** One instance's view of a meeting's presence, which a ledger combines across instances. */
export interface LocalPresence extends PresenceCounts {
  /** Participants on the speakers list connected to this instance. */
  onlineOnFloor: string[];
}

/**
 * What the instances of a deployment share about presence: each one's view of
 * a meeting, combined into the counts everybody is sent. `LocalPresenceLedger`
 * serves one instance, `RedisPresenceLedger` a cluster on Redis.
 */
export interface PresenceLedger {
  /** Records this instance's view of the meeting and returns the combined counts of every instance. */
  merge(meetingId: string, local: LocalPresence): Promise<PresenceCounts>;
  /** Withdraws this instance's view of a meeting it no longer holds, so that shared state does not outlive it. */
  forget(meetingId: string): Promise<void>;
}
