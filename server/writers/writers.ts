import type { CommandAck } from '../../shared/protocol.js';

/** How a forwarded command was answered, for metrics. */
export type ForwardOutcome =
  /** The writer answered. */
  | 'answered'
  /** No instance listens on the writer's channel (it stopped or died): decided here at once. */
  | 'no_writer'
  /** The writer did not answer in time: decided here. */
  | 'timeout'
  /** The writer could not decide it (its store failed, it was stopping): decided here. */
  | 'failed';

/**
 * Where a meeting's commands are decided. Commands of one meeting that are
 * decided on one instance are committed together (group commit) and never
 * race each other; commands decided on several instances race at the
 * store's compare-and-set and are decided again. So one instance at a time
 * (the meeting's writer) decides them, and the others forward theirs to it.
 *
 * The writer is an optimisation, never the guard of correctness: every commit
 * is still a compare-and-set on the meeting's version, and command ids are
 * still applied once. Two instances that both believe they write, or a
 * command decided here after its writer did not answer, cost a lost race,
 * never a lost or doubled change.
 *
 * `LocalWriters` serves one instance (everything is decided here);
 * `RedisWriters` a cluster, with a lease per meeting in Redis and commands
 * forwarded over Redis pub/sub.
 *
 * `Work` is what a command is made of; it travels as JSON between instances.
 */
export interface Writers<Work> {
  /**
   * Decides `work` where the meeting's commands are decided: with
   * `decideHere` when this instance is the writer (or becomes it), else on
   * the writer. When the writer does not answer, `decideHere` decides it.
   */
  route(meetingId: string, work: Work, decideHere: () => Promise<CommandAck>): Promise<CommandAck>;
  /** How this instance decides commands forwarded to it. */
  serve(decide: (meetingId: string, work: Work) => Promise<CommandAck>): void;
  /** Nobody follows the meeting here any more: its lease goes, so that an instance that has followers takes it. */
  release(meetingId: string): void;
  /** Gives up every lease and stops taking forwarded commands, after answering those under way (stopping). */
  close(): Promise<void>;
}

/** One instance: it decides every command itself. */
export class LocalWriters<Work> implements Writers<Work> {
  route(_meetingId: string, _work: Work, decideHere: () => Promise<CommandAck>): Promise<CommandAck> {
    return decideHere();
  }

  serve(): void {}

  release(): void {}

  async close(): Promise<void> {}
}
