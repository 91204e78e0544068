import type { PresenceCounts } from '../../shared/model.js';
import type { LocalPresence, PresenceLedger } from './ledger.js';

/** The ledger of a single instance: its view is the whole picture, and nothing is shared. */
export class LocalPresenceLedger implements PresenceLedger {
  async merge(_meetingId: string, { onlineOnFloor: _, ...counts }: LocalPresence): Promise<PresenceCounts> {
    return counts;
  }

  async forget(_meetingId: string): Promise<void> {
    // Nothing is held outside the instance.
  }
}
