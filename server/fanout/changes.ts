import type { Change } from '../../shared/events.js';
import { authorsWithOwnView, PUBLIC_VIEWER, projectChange } from '../../shared/questions.js';
import type { PlenaryIo } from '../gateway.js';
import { everybody, moderatorRoom, participantRoom, publicRoom } from './rooms.js';

/**
 * Sends a committed change to everyone in its meeting, each audience the
 * variant it may see. Most changes look the same to all: one emit, encoded
 * once for the whole room. A change that touches questions goes to
 * moderators whole, to the authors concerned with their own questions whole,
 * and to everybody else redacted; still one encoding per audience.
 */
export function publishChange(io: PlenaryIo, change: Change): void {
  const publicChange = projectChange(PUBLIC_VIEWER, change);
  const authors = authorsWithOwnView(change);
  const id = change.meetingId;
  if (publicChange === change && authors.length === 0) {
    io.to(everybody(id)).emit('change', change);
    return;
  }
  io.to(moderatorRoom(id)).emit('change', change);
  const everybodyElse = io.to(publicRoom(id));
  (authors.length > 0 ? everybodyElse.except(authors.map((author) => participantRoom(id, author))) : everybodyElse).emit(
    'change',
    publicChange,
  );
  for (const author of authors) {
    io.to(participantRoom(id, author)).emit('change', projectChange({ role: 'participant', participantId: author }, change));
  }
}
