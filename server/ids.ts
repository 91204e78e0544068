import { randomBytes } from 'node:crypto';

/** Random, URL-safe ids: unguessable meeting ids double as the attendee link. */
export function newId(bytes = 9): string {
  return randomBytes(bytes).toString('base64url');
}
