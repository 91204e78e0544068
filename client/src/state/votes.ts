import type { VoteCounts } from '../../../shared/model.js';
import type { VotesMessage } from '../../../shared/protocol.js';

/** The counts a client shows, with the vote sequence each one was read at. */
export interface ShownVotes {
  votes: VoteCounts;
  /** Sequence of each count received in a `votes` message since the welcome. */
  voteSequences: Record<string, number>;
  /** The welcome's sequence: every count it carried is at least this new. */
  votesBase: number;
}

/** Applies a `votes` message: a count replaces the shown one only when it was read later. */
export function applyVotesMessage(shown: ShownVotes, message: VotesMessage): ShownVotes {
  let votes: VoteCounts | null = null;
  let voteSequences: Record<string, number> | null = null;
  for (const [questionId, count] of Object.entries(message.counts)) {
    if (message.sequence <= (shown.voteSequences[questionId] ?? shown.votesBase)) continue;
    votes ??= { ...shown.votes };
    voteSequences ??= { ...shown.voteSequences };
    votes[questionId] = count;
    voteSequences[questionId] = message.sequence;
  }
  return votes && voteSequences ? { ...shown, votes, voteSequences } : shown;
}
